// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Imports the inputs and outputs a deployed model logged (JSON Lines) into production_logs for
// drift analysis and review. Each line is one record {input, output, correction?, timestamp?,
// adapter_version?}; common spellings of the keys are accepted (prompt/query for input,
// response/completion for output, ...). The file is streamed one line at a time and written in
// batches, one transaction each. A line is stored once per (source file, line number): importing
// the same file again, or the rest of a file after a cancel, adds only the lines not yet stored.
// A bad line is reported with its line number and what is wrong and the import goes on.
//
// Rows with a human correction, or whose output fails the format check, are stored as 'queued'
// (the corrections queue, corrections_queue.h); the others as 'new'.
#include "app/datasets/record_reader.h"

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <atomic>
#include <functional>
#include <optional>

namespace ts {

// What a logged output must look like. Auto: an output that looks like JSON (starts with { or [)
// must parse; Json: every output must be a JSON object or array; Any: no check.
enum class OutputFormat { Auto, Json, Any };
// project_meta key "feedback.output_format": auto (default), json or any.
OutputFormat outputFormatFromMeta(const QSqlDatabase& db);
// Empty when `output` passes; else a sentence saying why it fails.
QString outputFormatProblem(const QString& output, OutputFormat format);

// One log record as read from a line.
struct LogRecord {
    QString input, output;
    std::optional<QString> correction;  // absent or null = none
    QString loggedAtUtc;                // ISO-8601 UTC with milliseconds; empty = not logged
    QString adapterVersion;
};
// Maps one JSON object to a record. Returns nullopt and sets `problem` (a sentence naming the
// field) when the record cannot be used.
std::optional<LogRecord> logRecordFromJson(const QJsonObject& fields, QString* problem);

struct LogImportOptions {
    int batchSize = 2000;          // lines per transaction
    int maxReportedIssues = 1000;  // bad lines past this are counted, not listed
    std::optional<OutputFormat> outputFormat;  // default: the project's (outputFormatFromMeta)
    // Checked before every line; when set the import stops after committing the lines read so
    // far (they stay: a later import of the same file continues where this one stopped).
    const std::atomic<bool>* cancel = nullptr;
    // Called on the importing thread after each batch with bytes read and the file size. Return
    // false to cancel (same effect as `cancel`).
    std::function<bool(qint64 bytesRead, qint64 totalBytes)> progress;
};

struct LogImportResult {
    QString sourceFile;        // as stored in production_logs.source_file (absolute path)
    qint64 linesRead = 0;      // records seen, good and bad
    qint64 imported = 0;       // new rows stored
    qint64 alreadyPresent = 0; // lines stored by an earlier import, left as they were
    qint64 queued = 0;         // of the new rows, how many went to the corrections queue
    qint64 badLineCount = 0;
    QList<LineIssue> issues;   // the first maxReportedIssues bad lines
    bool cancelled = false;
};

class ProductionLogImporter {
public:
    explicit ProductionLogImporter(QSqlDatabase db) : db_(std::move(db)) {}
    // Throws ts::Error naming the file when it cannot be opened, or the project when it cannot
    // be written (the batch being written is rolled back; earlier batches stay, complete).
    // Runs on the calling thread, which must own the connection.
    LogImportResult importFile(const QString& path, const LogImportOptions& options = {});

private:
    QSqlDatabase db_;
};

// "file:line: reason" lines for a report.
QStringList formatIssues(const QString& file, const QList<LineIssue>& issues);

}  // namespace ts
