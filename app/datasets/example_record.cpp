// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/example_record.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ts {

QString exampleKindName(ExampleKind kind) {
    switch (kind) {
    case ExampleKind::Chat: return QStringLiteral("chat");
    case ExampleKind::PromptCompletion: return QStringLiteral("prompt_completion");
    case ExampleKind::Classification: return QStringLiteral("classification");
    case ExampleKind::Preference: return QStringLiteral("preference");
    }
    return {};
}

std::optional<ExampleKind> exampleKindFromName(const QString& name) {
    for (auto kind : {ExampleKind::Chat, ExampleKind::PromptCompletion, ExampleKind::Classification,
                      ExampleKind::Preference})
        if (exampleKindName(kind) == name) return kind;
    return std::nullopt;
}

namespace {
// Turns before the last assistant message, without system turns (the system prompt is shown
// apart), joined by blank lines.
QString conversationInput(const QList<ChatMessage>& messages, qsizetype end) {
    QStringList parts;
    for (qsizetype i = 0; i < end; ++i)
        if (messages[i].role != QLatin1String("system")) parts << messages[i].content;
    return parts.join(QStringLiteral("\n\n"));
}
}  // namespace

void ExampleRecord::fillDisplayText() {
    switch (kind) {
    case ExampleKind::Chat: {
        qsizetype lastAssistant = -1;
        for (qsizetype i = messages.size() - 1; i >= 0; --i)
            if (messages[i].role == QLatin1String("assistant")) {
                lastAssistant = i;
                break;
            }
        if (lastAssistant < 0) {
            inputText = conversationInput(messages, messages.size());
            outputText.clear();
        } else {
            inputText = conversationInput(messages, lastAssistant);
            outputText = messages[lastAssistant].content;
        }
        break;
    }
    case ExampleKind::PromptCompletion:
        inputText = prompt;
        outputText = completion;
        break;
    case ExampleKind::Classification:
        inputText = text;
        outputText = label;
        break;
    case ExampleKind::Preference:
        inputText = messages.isEmpty() ? prompt : conversationInput(messages, messages.size());
        outputText = chosen;
        break;
    }
}

QByteArray ExampleRecord::messagesJson() const {
    if (messages.isEmpty()) return {};
    QJsonArray array;
    for (const auto& m : messages)
        array.append(QJsonObject{{QStringLiteral("role"), m.role},
                                 {QStringLiteral("content"), m.content}});
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QString ExampleRecord::contentHash() const {
    // Length-prefixed fields: no two different records serialize to the same bytes.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    auto add = [&hash](const QString& field) {
        const QByteArray utf8 = field.toUtf8();
        const QByteArray length = QByteArray::number(utf8.size()) + ':';
        hash.addData(length);
        hash.addData(utf8);
    };
    add(exampleKindName(kind));
    add(QString::number(messages.size()));
    for (const auto& m : messages) {
        add(m.role);
        add(m.content);
    }
    for (const QString* field : {&systemPrompt, &prompt, &completion, &text, &label, &chosen,
                                 &rejected})
        add(*field);
    return QString::fromLatin1(hash.result().toHex());
}

QString normalizedForDedup(const QString& text) {
    return text.toCaseFolded().simplified();
}

QByteArray normalizedContentKey(const QString& inputText, const QString& outputText) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(normalizedForDedup(inputText).toUtf8());
    hash.addData(QByteArrayView("\x1f", 1));  // unit separator: "ab"+"c" differs from "a"+"bc"
    hash.addData(normalizedForDedup(outputText).toUtf8());
    return hash.result().left(16);
}

std::optional<QList<ChatMessage>> parseMessagesJson(const QByteArray& json) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray()) return std::nullopt;
    QList<ChatMessage> messages;
    for (const auto& value : doc.array()) {
        const QJsonObject object = value.toObject();
        if (!object.value(QStringLiteral("role")).isString() ||
            !object.value(QStringLiteral("content")).isString())
            return std::nullopt;
        messages.append({object.value(QStringLiteral("role")).toString(),
                         object.value(QStringLiteral("content")).toString()});
    }
    return messages;
}

}  // namespace ts
