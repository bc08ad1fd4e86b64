// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One training example in the single normalized form every source format is mapped to, whatever
// file it came from (chat messages, prompt/completion, Alpaca, ShareGPT, classification,
// preference). The store keeps exactly these fields (table `examples`).
#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace ts {

enum class ExampleKind { Chat, PromptCompletion, Classification, Preference };

// The names used in the store and in exports: chat, prompt_completion, classification, preference.
QString exampleKindName(ExampleKind kind);
std::optional<ExampleKind> exampleKindFromName(const QString& name);

struct ChatMessage {
    QString role;  // system, user, assistant (ShareGPT's human/gpt are mapped on import)
    QString content;
    bool operator==(const ChatMessage& other) const {
        return role == other.role && content == other.content;
    }
};

struct ExampleRecord {
    ExampleKind kind = ExampleKind::Chat;
    QList<ChatMessage> messages;  // chat; preference whose prompt is a conversation
    QString systemPrompt;         // empty = none
    QString prompt, completion;   // prompt_completion; preference uses prompt
    QString text, label;          // classification
    QString chosen, rejected;     // preference
    // What a person reads and searches: the input side and the expected output, for every kind.
    QString inputText, outputText;
    qint64 sourceLine = 0;  // 1-based line in the source file where the record starts; 0 = none

    // Derives inputText/outputText from the kind's fields (chat: the turns before the last
    // assistant message / that message; classification: text / label; preference: prompt /
    // chosen).
    void fillDisplayText();
    // Compact JSON array of {role, content}; empty when there are no messages.
    QByteArray messagesJson() const;
    // sha256 (hex) over the kind and every content field: equal records have equal hashes.
    QString contentHash() const;
};

// Case-folded, whitespace-collapsed, trimmed text: the form exact-duplicate detection compares.
QString normalizedForDedup(const QString& text);
// 16-byte key over normalized input and output, for exact-duplicate detection.
QByteArray normalizedContentKey(const QString& inputText, const QString& outputText);

// Parses a messages JSON array as stored (messages_json). Returns nullopt when it is not an
// array of objects with string role and content.
std::optional<QList<ChatMessage>> parseMessagesJson(const QByteArray& json);

}  // namespace ts
