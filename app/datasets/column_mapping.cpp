// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/column_mapping.h"

#include <QJsonArray>
#include <QCoreApplication>
#include <QJsonDocument>

#include <array>

namespace ts {

QString sourceFormatName(SourceFormat format) {
    switch (format) {
    case SourceFormat::Unknown: return QStringLiteral("unknown");
    case SourceFormat::ChatMessages: return QStringLiteral("chat");
    case SourceFormat::ShareGpt: return QStringLiteral("sharegpt");
    case SourceFormat::PromptCompletion: return QStringLiteral("prompt_completion");
    case SourceFormat::Alpaca: return QStringLiteral("alpaca");
    case SourceFormat::Classification: return QStringLiteral("classification");
    case SourceFormat::Preference: return QStringLiteral("preference");
    }
    return {};
}

std::optional<SourceFormat> sourceFormatFromName(const QString& name) {
    for (auto format : {SourceFormat::Unknown, SourceFormat::ChatMessages, SourceFormat::ShareGpt,
                        SourceFormat::PromptCompletion, SourceFormat::Alpaca,
                        SourceFormat::Classification, SourceFormat::Preference})
        if (sourceFormatName(format) == name) return format;
    return std::nullopt;
}

bool ColumnMapping::operator==(const ColumnMapping& o) const {
    return format == o.format && messages == o.messages && conversations == o.conversations &&
           prompt == o.prompt && completion == o.completion && instruction == o.instruction &&
           input == o.input && output == o.output && text == o.text && label == o.label &&
           chosen == o.chosen && rejected == o.rejected && system == o.system &&
           meta == o.meta;
}

QString ColumnMapping::validationError() const {
    auto need = [](const QString& field, const char* what) {
        return field.isEmpty() ? QCoreApplication::translate("ColumnMapping", "choose the field that holds the %1")
                                     .arg(QLatin1String(what))
                               : QString();
    };
    QString error;
    switch (format) {
    case SourceFormat::Unknown:
        return QCoreApplication::translate("ColumnMapping", "the record format is unknown: choose one and map its fields");
    case SourceFormat::ChatMessages: return need(messages, "messages");
    case SourceFormat::ShareGpt: return need(conversations, "conversations");
    case SourceFormat::PromptCompletion:
        error = need(prompt, "prompt");
        return error.isEmpty() ? need(completion, "completion") : error;
    case SourceFormat::Alpaca:
        error = need(instruction, "instruction");
        return error.isEmpty() ? need(output, "output") : error;
    case SourceFormat::Classification:
        error = need(text, "text");
        return error.isEmpty() ? need(label, "label") : error;
    case SourceFormat::Preference:
        error = need(prompt, "prompt");
        if (error.isEmpty()) error = need(chosen, "chosen answer");
        return error.isEmpty() ? need(rejected, "rejected answer") : error;
    }
    return error;
}

namespace {

// The field names each role is commonly published under, in order of preference.
const QStringList kPromptNames{QStringLiteral("prompt"), QStringLiteral("question"),
                               QStringLiteral("query")};
const QStringList kCompletionNames{QStringLiteral("completion"), QStringLiteral("response"),
                                   QStringLiteral("answer")};
const QStringList kTextNames{QStringLiteral("text"), QStringLiteral("sentence"),
                             QStringLiteral("content")};
const QStringList kLabelNames{QStringLiteral("label"), QStringLiteral("category"),
                              QStringLiteral("class")};
const QStringList kSystemNames{QStringLiteral("system"), QStringLiteral("system_prompt")};

QString firstPresent(const QJsonObject& record, const QStringList& names) {
    for (const auto& name : names)
        if (record.contains(name)) return name;
    return {};
}

bool isConversationArray(const QJsonValue& value, const char* roleKey, const char* textKey) {
    if (!value.isArray() || value.toArray().isEmpty()) return false;
    const QJsonObject first = value.toArray().first().toObject();
    return first.contains(QLatin1String(roleKey)) && first.contains(QLatin1String(textKey));
}

// CSV cells are strings: a messages column holds the JSON array as text.
QJsonValue arrayFromValue(const QJsonValue& value) {
    if (value.isString()) {
        const QJsonDocument doc = QJsonDocument::fromJson(value.toString().toUtf8());
        if (doc.isArray()) return doc.array();
    }
    return value;
}

// The mapping for `format` that fits `record`, or nullopt when the record lacks its fields.
std::optional<ColumnMapping> mappingFor(SourceFormat format, const QJsonObject& record) {
    ColumnMapping m;
    m.format = format;
    m.system = firstPresent(record, kSystemNames);
    switch (format) {
    case SourceFormat::Unknown: return std::nullopt;
    case SourceFormat::ChatMessages:
        if (!isConversationArray(arrayFromValue(record.value(QStringLiteral("messages"))), "role",
                                 "content"))
            return std::nullopt;
        m.messages = QStringLiteral("messages");
        return m;
    case SourceFormat::ShareGpt:
        if (!isConversationArray(arrayFromValue(record.value(QStringLiteral("conversations"))),
                                 "from", "value"))
            return std::nullopt;
        m.conversations = QStringLiteral("conversations");
        return m;
    case SourceFormat::Preference:
        m.prompt = firstPresent(record, kPromptNames);
        if (m.prompt.isEmpty() || !record.contains(QStringLiteral("chosen")) ||
            !record.contains(QStringLiteral("rejected")))
            return std::nullopt;
        m.chosen = QStringLiteral("chosen");
        m.rejected = QStringLiteral("rejected");
        return m;
    case SourceFormat::Alpaca:
        if (!record.contains(QStringLiteral("instruction")) ||
            !record.contains(QStringLiteral("output")))
            return std::nullopt;
        m.instruction = QStringLiteral("instruction");
        m.output = QStringLiteral("output");
        m.input = QStringLiteral("input");
        return m;
    case SourceFormat::PromptCompletion:
        m.prompt = firstPresent(record, kPromptNames);
        m.completion = firstPresent(record, kCompletionNames);
        if (m.prompt.isEmpty() || m.completion.isEmpty()) return std::nullopt;
        return m;
    case SourceFormat::Classification:
        m.text = firstPresent(record, kTextNames);
        m.label = firstPresent(record, kLabelNames);
        if (m.text.isEmpty() || m.label.isEmpty()) return std::nullopt;
        return m;
    }
    return std::nullopt;
}

// Checked in this order: a preference record also has a prompt, so it is tried before
// prompt/completion; on a tie the earlier format wins.
constexpr std::array kDetectionOrder{SourceFormat::ChatMessages, SourceFormat::ShareGpt,
                                     SourceFormat::Preference,   SourceFormat::Alpaca,
                                     SourceFormat::PromptCompletion,
                                     SourceFormat::Classification};

}  // namespace

DetectionResult detectMapping(const QList<QJsonObject>& samples) {
    DetectionResult result;
    result.sampledRecords = int(samples.size());
    for (const auto& record : samples)
        for (auto it = record.begin(); it != record.end(); ++it)
            if (!result.fields.contains(it.key())) result.fields << it.key();
    int bestCount = 0;
    for (SourceFormat format : kDetectionOrder) {
        int count = 0;
        std::optional<ColumnMapping> first;
        for (const auto& record : samples)
            if (auto m = mappingFor(format, record)) {
                ++count;
                if (!first) first = m;
            }
        if (count > bestCount) {
            bestCount = count;
            result.mapping = *first;
        }
    }
    result.matchingRecords = bestCount;
    if (result.fields.contains(QStringLiteral("meta"))) result.mapping.meta = QStringLiteral("meta");
    return result;
}

DetectionResult detectFile(const QString& path, int sampleSize) {
    const FileFormat fileFormat = guessFileFormat(path);
    auto reader = RecordReader::open(path, fileFormat);
    QList<QJsonObject> samples;
    SourceRow row;
    LineIssue issue;
    for (ReadStatus status; samples.size() < sampleSize &&
                            (status = reader->next(row, issue)) != ReadStatus::End;)
        if (status == ReadStatus::Row) samples << row.fields;
    DetectionResult result = detectMapping(samples);
    result.fileFormat = fileFormat;
    if (fileFormat == FileFormat::Csv) result.fields = reader->columns();
    return result;
}

namespace {

class RecordMapper {
public:
    RecordMapper(const SourceRow& row, const MappingLimits& limits, QString* why)
        : row_(row), limits_(limits), why_(why) {}

    bool fail(const QString& reason) {
        if (why_) *why_ = reason;
        return false;
    }

    // A text field: strings as they are, numbers and booleans spelled out (labels are often
    // numbers). Missing or null is an error only when `required`.
    bool text(const QString& field, bool required, QString* out) {
        out->clear();
        if (field.isEmpty()) return !required || fail(QCoreApplication::translate("ColumnMapping", "no field is mapped"));
        const QJsonValue value = row_.fields.value(field);
        if (value.isUndefined() || value.isNull())
            return !required || fail(QCoreApplication::translate("ColumnMapping", "field '%1' is missing").arg(field));
        if (value.isString()) {
            *out = value.toString();
        } else if (value.isDouble()) {
            const double d = value.toDouble();
            *out = d == double(qint64(d)) ? QString::number(qint64(d)) : QString::number(d);
        } else if (value.isBool()) {
            *out = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        } else {
            return fail(QCoreApplication::translate("ColumnMapping", "field '%1' is not text").arg(field));
        }
        return checkSize(field, *out);
    }

    bool checkSize(const QString& field, const QString& value) {
        if (value.size() > limits_.maxFieldChars)
            return fail(QCoreApplication::translate("ColumnMapping", "field '%1' is %2 characters, over the limit of %3")
                            .arg(field)
                            .arg(value.size())
                            .arg(limits_.maxFieldChars));
        return true;
    }

    // The optional meta object: flags and tags. Absent or null is fine; anything else that is not
    // the documented shape makes the record bad, naming the key.
    bool meta(const QString& field, ExampleRecord* record) {
        if (field.isEmpty()) return true;
        QJsonValue value = row_.fields.value(field);
        if (value.isUndefined() || value.isNull()) return true;
        if (value.isString()) {  // CSV: a cell holding a JSON object; empty = none
            const QByteArray json = value.toString().toUtf8();
            if (json.trimmed().isEmpty()) return true;
            const QJsonDocument doc = QJsonDocument::fromJson(json);
            if (!doc.isObject())
                return fail(QCoreApplication::translate("ColumnMapping", "field '%1' does not hold a JSON object").arg(field));
            value = doc.object();
        }
        if (!value.isObject()) return fail(QCoreApplication::translate("ColumnMapping", "field '%1' is not an object").arg(field));
        const QJsonObject object = value.toObject();
        auto flag = [&](const char* key, bool* out) {
            const QJsonValue v = object.value(QLatin1String(key));
            if (v.isUndefined() || v.isNull()) return true;
            if (!v.isBool())
                return fail(QCoreApplication::translate("ColumnMapping", "field '%1.%2' is not true or false")
                                .arg(field, QLatin1String(key)));
            *out = v.toBool();
            return true;
        };
        if (!flag("edge_case", &record->edgeCase) ||
            !flag("general_capability", &record->generalCapability))
            return false;
        const QJsonValue tags = object.value(QStringLiteral("tags"));
        if (tags.isUndefined() || tags.isNull()) return true;
        if (!tags.isArray())
            return fail(QCoreApplication::translate("ColumnMapping", "field '%1.tags' is not a list").arg(field));
        const QJsonArray array = tags.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array[i].isString())
                return fail(QCoreApplication::translate("ColumnMapping", "field '%1.tags' item %2 is not text").arg(field).arg(i + 1));
            const QString tag = array[i].toString().trimmed();
            if (tag.size() > 200)
                return fail(QCoreApplication::translate("ColumnMapping", "field '%1.tags' item %2 is over 200 characters")
                                .arg(field).arg(i + 1));
            if (!tag.isEmpty() && !record->tags.contains(tag)) record->tags << tag;
        }
        return true;
    }

    // A conversation array (a JSON array, or in CSV a cell holding one).
    bool conversation(const QString& field, const QString& roleKey, const QString& textKey,
                      QList<ChatMessage>* out) {
        out->clear();
        const QJsonValue value = arrayFromValue(row_.fields.value(field));
        if (value.isUndefined() || value.isNull())
            return fail(QCoreApplication::translate("ColumnMapping", "field '%1' is missing").arg(field));
        if (!value.isArray()) return fail(QCoreApplication::translate("ColumnMapping", "field '%1' is not a list").arg(field));
        const QJsonArray array = value.toArray();
        if (array.isEmpty()) return fail(QCoreApplication::translate("ColumnMapping", "field '%1' is empty").arg(field));
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QJsonObject turn = array[i].toObject();
            const QJsonValue role = turn.value(roleKey), content = turn.value(textKey);
            if (!role.isString() || !content.isString())
                return fail(QCoreApplication::translate("ColumnMapping", "field '%1', message %2 needs text '%3' and '%4'")
                                .arg(field)
                                .arg(i + 1)
                                .arg(roleKey, textKey));
            ChatMessage message{normalizedRole(role.toString()), content.toString()};
            if (!checkSize(field, message.content)) return false;
            out->append(std::move(message));
        }
        return true;
    }

    // ShareGPT and others name roles human/gpt; the store speaks system/user/assistant.
    static QString normalizedRole(const QString& role) {
        const QString lower = role.toLower();
        if (lower == QLatin1String("human") || lower == QLatin1String("user"))
            return QStringLiteral("user");
        if (lower == QLatin1String("gpt") || lower == QLatin1String("assistant") ||
            lower == QLatin1String("bot") || lower == QLatin1String("model"))
            return QStringLiteral("assistant");
        return lower;
    }

    // A preference answer: text, or a conversation whose last message is the answer.
    bool answer(const QString& field, QString* out) {
        const QJsonValue value = row_.fields.value(field);
        if (value.isArray()) {
            QList<ChatMessage> turns;
            if (!conversation(field, QStringLiteral("role"), QStringLiteral("content"), &turns))
                return false;
            *out = turns.last().content;
            return true;
        }
        return text(field, true, out);
    }

private:
    const SourceRow& row_;
    const MappingLimits& limits_;
    QString* why_;
};

bool hasAssistantTurn(const QList<ChatMessage>& messages) {
    for (const auto& m : messages)
        if (m.role == QLatin1String("assistant")) return true;
    return false;
}

}  // namespace

std::optional<ExampleRecord> mapRecord(const SourceRow& row, const ColumnMapping& mapping,
                                       const MappingLimits& limits, QString* why) {
    const QString invalid = mapping.validationError();
    if (!invalid.isEmpty()) {
        if (why) *why = invalid;
        return std::nullopt;
    }
    RecordMapper in(row, limits, why);
    ExampleRecord record;
    record.sourceLine = row.line;
    if (!in.text(mapping.system, false, &record.systemPrompt)) return std::nullopt;
    switch (mapping.format) {
    case SourceFormat::Unknown: return std::nullopt;
    case SourceFormat::ChatMessages:
    case SourceFormat::ShareGpt: {
        record.kind = ExampleKind::Chat;
        const bool sharegpt = mapping.format == SourceFormat::ShareGpt;
        if (!in.conversation(sharegpt ? mapping.conversations : mapping.messages,
                             sharegpt ? QStringLiteral("from") : QStringLiteral("role"),
                             sharegpt ? QStringLiteral("value") : QStringLiteral("content"),
                             &record.messages))
            return std::nullopt;
        if (!hasAssistantTurn(record.messages)) {
            in.fail(QCoreApplication::translate("ColumnMapping", "the conversation has no assistant message to learn from"));
            return std::nullopt;
        }
        // One system prompt, kept both as the first message (for training) and apart (for
        // display and filtering).
        if (record.messages.first().role == QLatin1String("system"))
            record.systemPrompt = record.messages.first().content;
        else if (!record.systemPrompt.isEmpty())
            record.messages.prepend({QStringLiteral("system"), record.systemPrompt});
        break;
    }
    case SourceFormat::PromptCompletion:
        record.kind = ExampleKind::PromptCompletion;
        if (!in.text(mapping.prompt, true, &record.prompt) ||
            !in.text(mapping.completion, true, &record.completion))
            return std::nullopt;
        break;
    case SourceFormat::Alpaca: {
        record.kind = ExampleKind::PromptCompletion;
        QString instruction, input;
        if (!in.text(mapping.instruction, true, &instruction) ||
            !in.text(mapping.input, false, &input) ||
            !in.text(mapping.output, true, &record.completion))
            return std::nullopt;
        // Alpaca's own template puts the input under the instruction.
        record.prompt = input.trimmed().isEmpty() ? instruction
                                                  : instruction + QStringLiteral("\n\n") + input;
        break;
    }
    case SourceFormat::Classification:
        record.kind = ExampleKind::Classification;
        if (!in.text(mapping.text, true, &record.text) ||
            !in.text(mapping.label, true, &record.label))
            return std::nullopt;
        if (record.label.trimmed().isEmpty()) {
            in.fail(QCoreApplication::translate("ColumnMapping", "field '%1' is empty").arg(mapping.label));
            return std::nullopt;
        }
        break;
    case SourceFormat::Preference: {
        record.kind = ExampleKind::Preference;
        const QJsonValue prompt = row.fields.value(mapping.prompt);
        if (prompt.isArray()) {
            if (!in.conversation(mapping.prompt, QStringLiteral("role"), QStringLiteral("content"),
                                 &record.messages))
                return std::nullopt;
            if (record.messages.first().role == QLatin1String("system"))
                record.systemPrompt = record.messages.first().content;
            QStringList turns;
            for (const auto& m : record.messages)
                if (m.role != QLatin1String("system")) turns << m.content;
            record.prompt = turns.join(QStringLiteral("\n\n"));
        } else if (!in.text(mapping.prompt, true, &record.prompt)) {
            return std::nullopt;
        }
        if (!in.answer(mapping.chosen, &record.chosen) ||
            !in.answer(mapping.rejected, &record.rejected))
            return std::nullopt;
        break;
    }
    }
    if (!in.meta(mapping.meta, &record)) return std::nullopt;
    record.fillDisplayText();
    return record;
}

}  // namespace ts
