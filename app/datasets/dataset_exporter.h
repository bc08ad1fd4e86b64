// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Writes a dataset version to a file: JSONL in the chat messages format (preference examples as
// {"prompt": [...], "chosen": [...], "rejected": [...]}) or CSV. The file is written to a
// temporary name and renamed when complete (QSaveFile), so a failed or cancelled export leaves
// no half file (and an older file of that name untouched).
#include "app/datasets/cancellation.h"
#include "app/datasets/dataset_repository.h"
#include "app/datasets/record_reader.h"

#include <QString>

#include <functional>
#include <optional>

namespace ts {

struct ExportOptions {
    FileFormat format = FileFormat::Jsonl;
    std::optional<Split> onlySplit;  // default: every example of the version
    bool includeSplitField = false;  // adds "split" to each record / column
    // Checked between records; when set, the temporary file is removed and OperationCancelled
    // thrown. Null = never.
    CancelFlag cancel = nullptr;
    // Called on the exporting thread every kExportProgressEvery records (and at 0) with the number
    // written so far, just before the cancel flag is checked.
    std::function<void(qint64 written)> onProgress;
};
constexpr qint64 kExportProgressEvery = 256;

// Returns the number of examples written. Throws ts::Error naming the file on failure,
// OperationCancelled when cancelled.
qint64 exportVersion(const DatasetRepository& repo, qint64 versionId, const QString& path,
                     const ExportOptions& options = {});

// The chat-messages form of one example (what JSONL export writes per line).
QByteArray exampleToChatJson(const ExampleRecord& record);

// CSV quoting per RFC 4180: quoted when the value holds a comma, quote, CR or LF.
QByteArray csvField(const QString& value);

}  // namespace ts
