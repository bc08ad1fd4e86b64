// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which source field feeds which field of an ExampleRecord. Detection proposes a ColumnMapping
// from the first records of a file; the import dialog shows it and may override any field.
#include "app/datasets/example_record.h"
#include "app/datasets/record_reader.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace ts {

// The shape of the records, which decides the ExampleKind they become.
enum class SourceFormat {
    Unknown,
    ChatMessages,      // {"messages": [{"role", "content"}]}                 -> chat
    ShareGpt,          // {"conversations": [{"from", "value"}]}              -> chat
    PromptCompletion,  // {"prompt", "completion"}                            -> prompt_completion
    Alpaca,            // {"instruction", "input", "output"}                  -> prompt_completion
    Classification,    // {"text", "label"}                                   -> classification
    Preference         // {"prompt" (text or messages), "chosen", "rejected"} -> preference
};

QString sourceFormatName(SourceFormat format);
std::optional<SourceFormat> sourceFormatFromName(const QString& name);

struct ColumnMapping {
    SourceFormat format = SourceFormat::Unknown;
    // Source field names; empty = not used. Which ones matter depends on `format`.
    QString messages;       // ChatMessages (a JSON array, or in CSV a cell holding one)
    QString conversations;  // ShareGpt
    QString prompt;         // PromptCompletion, Preference
    QString completion;     // PromptCompletion
    QString instruction;    // Alpaca
    QString input;          // Alpaca (optional in each record)
    QString output;         // Alpaca
    QString text;           // Classification
    QString label;          // Classification
    QString chosen;         // Preference
    QString rejected;       // Preference
    QString system;         // optional system prompt for every format

    bool operator==(const ColumnMapping& other) const;
    // A sentence naming what is missing for `format`, or empty when the mapping is usable.
    QString validationError() const;
};

struct DetectionResult {
    FileFormat fileFormat = FileFormat::Jsonl;
    ColumnMapping mapping;
    int sampledRecords = 0;
    int matchingRecords = 0;  // sampled records the proposed mapping could read
    QStringList fields;       // every field name seen in the sample, in first-seen order
};

// Proposes a mapping from sample records: the format whose fields most records carry.
DetectionResult detectMapping(const QList<QJsonObject>& samples);
// Reads up to `sampleSize` records of the file (streaming) and proposes a mapping.
DetectionResult detectFile(const QString& path, int sampleSize = 200);

struct MappingLimits {
    qsizetype maxFieldChars = 1'000'000;  // longer fields make the record bad
};

// Maps one source record. On failure returns nullopt and writes a sentence naming the field into
// `why` (missing field, wrong type, over the size limit, a conversation without an assistant).
std::optional<ExampleRecord> mapRecord(const SourceRow& row, const ColumnMapping& mapping,
                                       const MappingLimits& limits, QString* why);

}  // namespace ts
