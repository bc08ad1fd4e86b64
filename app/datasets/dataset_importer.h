// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Streams a JSONL or CSV file into a project as a new dataset, or as a new version of an existing
// one. Examples are written in batches (one transaction each) so other writers are not locked out
// for the whole import; the dataset version that makes them visible is written in the final
// transaction. Until then the batches' example id ranges are journalled in project_meta
// (key "dataset_import.pending.<id>"): a cancelled import removes its examples at once, and an
// import killed midway is cleaned up by recoverInterruptedImports() on the next open. Either way
// the project never shows a partial version.
#include "app/datasets/column_mapping.h"
#include "app/datasets/record_reader.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>

namespace ts {

enum class ImportTarget {
    NewDataset,       // create dataset `datasetName`; fails if the name is taken
    AppendToDataset,  // new version = latest version's examples + the imported ones
    ReplaceDataset    // new version = only the imported ones (parent = latest version)
};

struct ImportOptions {
    ImportTarget target = ImportTarget::NewDataset;
    QString datasetName;  // the new dataset's name, or the existing dataset's name
    QString note;         // stored on the version
    std::optional<FileFormat> fileFormat;    // default: guessed from the file
    std::optional<ColumnMapping> mapping;    // default: detected from the first records
    int batchSize = 5000;                    // examples per transaction
    ReaderLimits readerLimits;
    MappingLimits mappingLimits;
    int maxReportedIssues = 1000;  // bad records past this are counted, not listed
    // Called after each batch on the importing thread with bytes read so far and the file size.
    // Return false to cancel: the examples written so far are removed and nothing is kept.
    std::function<bool(qint64 bytesRead, qint64 totalBytes)> progress;
};

struct ImportResult {
    bool cancelled = false;
    qint64 datasetId = 0;
    qint64 versionId = 0;       // 0 when cancelled
    qint64 importedCount = 0;   // examples read from the file into the version
    qint64 badRecordCount = 0;
    QList<LineIssue> issues;    // the first maxReportedIssues bad records, by line
    FileFormat fileFormat = FileFormat::Jsonl;
    ColumnMapping mapping;
    QString contentHash;        // of the new version
    double elapsedSeconds = 0;
};

class DatasetImporter {
public:
    explicit DatasetImporter(QSqlDatabase db) : db_(std::move(db)) {}

    // Imports `path`. Throws ts::Error (nothing kept) when the file cannot be read, the mapping
    // is unusable, the dataset name is taken/unknown, no record could be imported, or the
    // project cannot be written. Runs on the calling thread, which must own `db`.
    ImportResult importFile(const QString& path, const ImportOptions& options);

    // Removes the examples of imports that were interrupted before their final transaction
    // (process killed, power lost) and whose last batch is at least `idleSeconds` old, so an
    // import still running in another process is left alone (should it be removed anyway, that
    // import fails in its final transaction instead of writing a partial version). Call after
    // opening a project. Returns how many interrupted imports were cleaned up.
    static int recoverInterruptedImports(QSqlDatabase db, int idleSeconds = 600);

private:
    QSqlDatabase db_;
};

// An example's text (system prompt, input, output) for the curation and statistics counter
// hooks; the app itself reads the counts of token_lengths.h.
QString tokenCountText(const ExampleRecord& record);

}  // namespace ts
