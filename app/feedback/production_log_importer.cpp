// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/feedback/production_log_importer.h"

#include "app/annotation/annotation_sql.h"
#include "engine/core/error.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

#include <cmath>

namespace ts {

using annotation_sql::run;
using annotation_sql::scalar;
using annotation_sql::Transaction;

namespace {

// Spellings seen in serving logs (OpenAI-style, LangChain, home-grown), first match wins.
const char* const kInputKeys[] = {"input", "prompt", "query", "question", "request", "text",
                                  "instruction"};
const char* const kOutputKeys[] = {"output", "response", "completion", "answer", "prediction",
                                   "generation", "result"};
const char* const kCorrectionKeys[] = {"correction", "corrected", "corrected_output",
                                       "human_output", "expected", "fixed_output"};
const char* const kTimeKeys[] = {"timestamp", "logged_at", "time", "ts", "created_at", "date"};
const char* const kAdapterKeys[] = {"adapter_version", "adapter", "model_version", "model"};

template <std::size_t N>
std::optional<QString> findKey(const QJsonObject& o, const char* const (&keys)[N]) {
    for (const char* key : keys) {
        const QString name = QString::fromLatin1(key);
        if (o.contains(name)) return name;
    }
    return std::nullopt;
}

template <std::size_t N>
QString keyList(const char* const (&keys)[N]) {
    QStringList names;
    for (const char* key : keys) names << QString::fromLatin1(key);
    return names.join(QStringLiteral(", "));
}

// Strings stay as they are; objects and arrays (a structured prediction) become compact JSON.
std::optional<QString> textOf(const QJsonValue& v) {
    if (v.isString()) return v.toString();
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return std::nullopt;
}

QString typeName(const QJsonValue& v) {
    switch (v.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("a boolean");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    default: return QStringLiteral("undefined");
    }
}

// ISO-8601 text (a missing zone means UTC; "YYYY-MM-DD hh:mm:ss" accepted) or Unix time in
// seconds or milliseconds. Returns an empty string when it cannot be read.
QString parseTimestamp(const QJsonValue& v) {
    QDateTime t;
    if (v.isDouble()) {
        const double x = v.toDouble();
        if (!std::isfinite(x) || x < 0) return {};
        // Seconds until the year 5138; larger values are milliseconds.
        const qint64 ms = x < 1e11 ? qint64(x * 1000.0) : qint64(x);
        t = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
    } else if (v.isString()) {
        QString s = v.toString().trimmed();
        if (s.size() > 10 && s.at(10) == QLatin1Char(' ')) s[10] = QLatin1Char('T');
        t = QDateTime::fromString(s, Qt::ISODateWithMs);
        if (!t.isValid()) return {};
        if (t.timeSpec() == Qt::LocalTime) t.setTimeZone(QTimeZone::utc());
    } else {
        return {};
    }
    if (!t.isValid()) return {};
    return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

}  // namespace

OutputFormat outputFormatFromMeta(const QSqlDatabase& db) {
    const QString value =
        scalar(db, QStringLiteral("SELECT value FROM project_meta WHERE key = ?"),
               {QStringLiteral("feedback.output_format")}, "project_meta")
            .toString()
            .trimmed()
            .toLower();
    if (value == QLatin1String("json")) return OutputFormat::Json;
    if (value == QLatin1String("any")) return OutputFormat::Any;
    return OutputFormat::Auto;
}

QString outputFormatProblem(const QString& output, OutputFormat format) {
    if (format == OutputFormat::Any) return {};
    const QString trimmed = output.trimmed();
    const bool looksJson = trimmed.startsWith(QLatin1Char('{')) || trimmed.startsWith(QLatin1Char('['));
    if (format == OutputFormat::Auto && !looksJson) return {};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return QStringLiteral("output is not valid JSON (%1 at offset %2)")
            .arg(error.errorString())
            .arg(error.offset);
    if (doc.isNull()) return QStringLiteral("output is not a JSON object or array");
    return {};
}

std::optional<LogRecord> logRecordFromJson(const QJsonObject& o, QString* problem) {
    LogRecord r;
    const auto inputKey = findKey(o, kInputKeys);
    if (!inputKey) {
        *problem = QStringLiteral("no input field (expected one of: %1)").arg(keyList(kInputKeys));
        return std::nullopt;
    }
    const QJsonValue input = o.value(*inputKey);
    if (!input.isString() || input.toString().trimmed().isEmpty()) {
        *problem = input.isString()
                       ? QStringLiteral("field '%1' is empty").arg(*inputKey)
                       : QStringLiteral("field '%1' is %2, expected a string")
                             .arg(*inputKey, typeName(input));
        return std::nullopt;
    }
    r.input = input.toString();

    const auto outputKey = findKey(o, kOutputKeys);
    if (!outputKey) {
        *problem = QStringLiteral("no output field (expected one of: %1)").arg(keyList(kOutputKeys));
        return std::nullopt;
    }
    const auto output = textOf(o.value(*outputKey));
    if (!output) {
        *problem = QStringLiteral("field '%1' is %2, expected a string or JSON object")
                       .arg(*outputKey, typeName(o.value(*outputKey)));
        return std::nullopt;
    }
    r.output = *output;

    if (const auto key = findKey(o, kCorrectionKeys)) {
        const QJsonValue v = o.value(*key);
        if (!v.isNull()) {
            const auto text = textOf(v);
            if (!text) {
                *problem = QStringLiteral("field '%1' is %2, expected a string, JSON object or null")
                               .arg(*key, typeName(v));
                return std::nullopt;
            }
            if (!text->trimmed().isEmpty()) r.correction = *text;
        }
    }
    if (const auto key = findKey(o, kTimeKeys)) {
        const QJsonValue v = o.value(*key);
        if (!v.isNull()) {
            r.loggedAtUtc = parseTimestamp(v);
            if (r.loggedAtUtc.isEmpty()) {
                *problem = QStringLiteral("field '%1' is not an ISO-8601 time or Unix time")
                               .arg(*key);
                return std::nullopt;
            }
        }
    }
    if (const auto key = findKey(o, kAdapterKeys)) {
        const QJsonValue v = o.value(*key);
        if (v.isString()) r.adapterVersion = v.toString();
        else if (v.isDouble()) r.adapterVersion = QString::number(v.toDouble());
    }
    return r;
}

LogImportResult ProductionLogImporter::importFile(const QString& path,
                                                  const LogImportOptions& options) {
    LogImportResult result;
    result.sourceFile = QFileInfo(path).absoluteFilePath();
    auto reader = RecordReader::open(path, FileFormat::Jsonl);
    const OutputFormat format = options.outputFormat.value_or(outputFormatFromMeta(db_));
    const int batchSize = std::max(1, options.batchSize);

    auto report = [&](qint64 line, const QString& reason) {
        ++result.badLineCount;
        if (result.issues.size() < options.maxReportedIssues) result.issues.append({line, reason});
    };
    auto cancelled = [&] { return options.cancel && options.cancel->load(); };

    bool atEnd = false;
    while (!atEnd && !cancelled()) {
        Transaction tx(db_, "production_logs");
        QSqlQuery insert(db_);
        // ON CONFLICT DO NOTHING: a line stored before keeps its review status and correction.
        if (!insert.prepare(QStringLiteral(
                "INSERT INTO production_logs (source_file, line, input_text, output_text, "
                "correction, logged_at, adapter_version, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (source_file, line) DO NOTHING")))
            throw Error("cannot prepare the log insert: " + insert.lastError().text().toStdString(),
                        db_.databaseName().toStdString(), "production_logs");
        int inBatch = 0;
        while (inBatch < batchSize) {
            if (cancelled()) break;
            SourceRow row;
            LineIssue issue;
            const ReadStatus status = reader->next(row, issue);
            if (status == ReadStatus::End) {
                atEnd = true;
                break;
            }
            ++result.linesRead;
            ++inBatch;
            if (status == ReadStatus::BadRecord) {
                report(issue.line, issue.reason);
                continue;
            }
            QString problem;
            const auto record = logRecordFromJson(row.fields, &problem);
            if (!record) {
                report(row.line, problem);
                continue;
            }
            const bool queue =
                record->correction.has_value() || !outputFormatProblem(record->output, format).isEmpty();
            insert.bindValue(0, result.sourceFile);
            insert.bindValue(1, row.line);
            insert.bindValue(2, record->input);
            insert.bindValue(3, record->output);
            insert.bindValue(4, record->correction ? QVariant(*record->correction) : QVariant());
            insert.bindValue(5, record->loggedAtUtc.isEmpty() ? QVariant() : QVariant(record->loggedAtUtc));
            insert.bindValue(6, record->adapterVersion.isEmpty() ? QVariant()
                                                                 : QVariant(record->adapterVersion));
            insert.bindValue(7, queue ? QStringLiteral("queued") : QStringLiteral("new"));
            if (!insert.exec())
                throw Error("cannot store line " + std::to_string(row.line) + " of " +
                                result.sourceFile.toStdString() + ": " +
                                insert.lastError().text().toStdString(),
                            db_.databaseName().toStdString(), "production_logs");
            if (insert.numRowsAffected() > 0) {
                ++result.imported;
                if (queue) ++result.queued;
            } else {
                ++result.alreadyPresent;
            }
        }
        insert.finish();
        tx.commit();
        if (options.progress && !options.progress(reader->bytesRead(), reader->totalBytes()))
            result.cancelled = true;
        if (result.cancelled) break;
    }
    if (!atEnd && cancelled()) result.cancelled = true;
    return result;
}

QStringList formatIssues(const QString& file, const QList<LineIssue>& issues) {
    QStringList lines;
    for (const LineIssue& issue : issues)
        lines << QStringLiteral("%1:%2: %3").arg(file).arg(issue.line).arg(issue.reason);
    return lines;
}

}  // namespace ts
