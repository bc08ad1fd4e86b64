// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/dataset_exporter.h"

#include "engine/core/error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace ts {

namespace {
QJsonObject message(const QString& role, const QString& content) {
    return QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("content"), content}};
}

// The prompt side as messages: stored messages when there are any, else system + user turn.
QJsonArray promptMessages(const ExampleRecord& r, const QString& userText) {
    QJsonArray array;
    if (!r.messages.isEmpty()) {
        for (const auto& m : r.messages) array.append(message(m.role, m.content));
        return array;
    }
    if (!r.systemPrompt.isEmpty()) array.append(message(QStringLiteral("system"), r.systemPrompt));
    array.append(message(QStringLiteral("user"), userText));
    return array;
}

QJsonObject chatObject(const ExampleRecord& r) {
    const QString assistant = QStringLiteral("assistant");
    switch (r.kind) {
    case ExampleKind::Chat:
        return {{QStringLiteral("messages"), promptMessages(r, QString())}};
    case ExampleKind::PromptCompletion: {
        QJsonArray messages = promptMessages(r, r.prompt);
        messages.append(message(assistant, r.completion));
        return {{QStringLiteral("messages"), messages}};
    }
    case ExampleKind::Classification: {
        QJsonArray messages = promptMessages(r, r.text);
        messages.append(message(assistant, r.label));
        return {{QStringLiteral("messages"), messages}};
    }
    case ExampleKind::Preference:
        return {{QStringLiteral("prompt"), promptMessages(r, r.prompt)},
                {QStringLiteral("chosen"), QJsonArray{message(assistant, r.chosen)}},
                {QStringLiteral("rejected"), QJsonArray{message(assistant, r.rejected)}}};
    }
    return {};
}
}  // namespace

QByteArray exampleToChatJson(const ExampleRecord& record) {
    return QJsonDocument(chatObject(record)).toJson(QJsonDocument::Compact);
}

QByteArray csvField(const QString& value) {
    QByteArray utf8 = value.toUtf8();
    if (!utf8.contains(',') && !utf8.contains('"') && !utf8.contains('\n') && !utf8.contains('\r'))
        return utf8;
    utf8.replace("\"", "\"\"");
    return '"' + utf8 + '"';
}

qint64 exportVersion(const DatasetRepository& repo, qint64 versionId, const QString& path,
                     const ExportOptions& options) {
    repo.version(versionId);  // throws when absent
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw Error("cannot write the export: " + file.errorString().toStdString(),
                    path.toStdString());
    QSqlQuery q(repo.database());
    q.setForwardOnly(true);
    QString sql = QStringLiteral(
        "SELECT e.kind, e.messages_json, e.system_prompt, e.prompt, e.completion, e.text, "
        "e.label, e.chosen, e.rejected, e.input_text, e.output_text, ve.split, e.id "
        "FROM version_examples ve JOIN examples e ON e.id = ve.example_id "
        "WHERE ve.version_id = ?");
    if (options.onlySplit) sql += QStringLiteral(" AND ve.split = ?");
    sql += QStringLiteral(" ORDER BY ve.position");
    if (!q.prepare(sql)) repo.fail(QStringLiteral("cannot read the version"), q.lastError().text());
    q.addBindValue(versionId);
    if (options.onlySplit) q.addBindValue(splitName(*options.onlySplit));
    if (!q.exec()) repo.fail(QStringLiteral("cannot read the version"), q.lastError().text());

    const bool csv = options.format == FileFormat::Csv;
    if (csv) {
        QByteArray header = "kind,system,input,output,label,chosen,rejected,messages";
        if (options.includeSplitField) header = "split," + header;
        file.write(header + "\r\n");
    }
    qint64 written = 0;
    while (q.next()) {
        // Throwing leaves the QSaveFile uncommitted: its destructor removes the temporary file.
        if (written % kExportProgressEvery == 0) {
            if (options.onProgress) options.onProgress(written);
            throwIfCancelled(options.cancel, "the export");
        }
        ExampleRecord r;
        r.kind = exampleKindFromName(q.value(0).toString()).value_or(ExampleKind::Chat);
        if (!q.value(1).isNull()) {
            auto messages = parseMessagesJson(q.value(1).toString().toUtf8());
            if (!messages)
                throw Error("stored messages are not a list of {role, content}",
                            repo.database().databaseName().toStdString(), "examples.messages_json",
                            q.value(12).toLongLong());
            r.messages = *messages;
        }
        r.systemPrompt = q.value(2).toString();
        r.prompt = q.value(3).toString();
        r.completion = q.value(4).toString();
        r.text = q.value(5).toString();
        r.label = q.value(6).toString();
        r.chosen = q.value(7).toString();
        r.rejected = q.value(8).toString();
        r.inputText = q.value(9).toString();
        r.outputText = q.value(10).toString();
        const QString split = q.value(11).toString();
        QByteArray line;
        if (csv) {
            const QList<QString> cells{exampleKindName(r.kind), r.systemPrompt, r.inputText,
                                       r.outputText, r.label, r.chosen, r.rejected,
                                       QString::fromUtf8(r.messagesJson())};
            if (options.includeSplitField) line = csvField(split) + ',';
            for (qsizetype i = 0; i < cells.size(); ++i) {
                if (i) line += ',';
                line += csvField(cells[i]);
            }
            line += "\r\n";
        } else {
            QJsonObject object = chatObject(r);
            if (options.includeSplitField) object.insert(QStringLiteral("split"), split);
            line = QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
        }
        if (file.write(line) != line.size())
            throw Error("cannot write the export: " + file.errorString().toStdString(),
                        path.toStdString());
        ++written;
    }
    throwIfCancelled(options.cancel, "the export");
    if (!file.commit())
        throw Error("cannot finish the export: " + file.errorString().toStdString(),
                    path.toStdString());
    return written;
}

}  // namespace ts
