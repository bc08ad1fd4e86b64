// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/conversation_json.h"

#include "engine/core/error.h"

#include <nlohmann/json.hpp>


namespace ts {

using json = nlohmann::json;

std::string stringField(const json& doc, const char* key) {
    auto it = doc.find(key);
    if (it == doc.end()) throw Error("missing field", {}, key);
    if (!it->is_string()) throw Error("must be a string", {}, key);
    return it->get<std::string>();
}

std::vector<ChatMessage> messagesFrom(const json& value, const char* key) {
    if (!value.is_array() || value.empty()) throw Error("must be a non-empty array of messages", {}, key);
    std::vector<ChatMessage> messages;
    for (const auto& m : value) {
        if (!m.is_object() || !m.contains("role") || !m.contains("content") ||
            !m["role"].is_string() || !m["content"].is_string())
            throw Error("each message needs string 'role' and 'content'", {}, key);
        messages.push_back({m["role"].get<std::string>(), m["content"].get<std::string>()});
    }
    return messages;
}

std::vector<ChatMessage> conversationOf(const json& doc) {
    if (doc.contains("messages")) return messagesFrom(doc["messages"], "messages");
    if (doc.contains("prompt") && doc.contains("completion"))
        return {{"user", stringField(doc, "prompt")}, {"assistant", stringField(doc, "completion")}};
    if (doc.contains("text") && doc.contains("label"))
        return {{"user", stringField(doc, "text")}, {"assistant", stringField(doc, "label")}};
    throw Error("expected 'messages', 'prompt'+'completion' or 'text'+'label'");
}

std::vector<ChatMessage> preferencePromptOf(const json& doc) {
    if (!doc.contains("prompt")) throw Error("missing field", {}, "prompt");
    if (doc["prompt"].is_string()) return {{"user", doc["prompt"].get<std::string>()}};
    return messagesFrom(doc["prompt"], "prompt");
}

bool hasAssistantTurn(const std::vector<ChatMessage>& messages) {
    for (const auto& m : messages)
        if (m.role == "assistant" && !m.content.empty()) return true;
    return false;
}

}  // namespace ts
