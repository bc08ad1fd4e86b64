// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reading one line of training data (the forms listed in sft_data.h) into chat messages, without
// torch: shared by the data loaders (sft_data.cpp) and TrainingLengthCounter.
#include "engine/tokenizer/chat_template.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace ts {

// A string field of `doc`; throws ts::Error naming the field when it is missing or not a string.
std::string stringField(const nlohmann::json& doc, const char* key);
// A non-empty array of {"role", "content"} objects; throws ts::Error naming `key` otherwise.
std::vector<ChatMessage> messagesFrom(const nlohmann::json& value, const char* key);
// The conversation of an SFT line: messages, prompt/completion or text/label.
std::vector<ChatMessage> conversationOf(const nlohmann::json& doc);
// The prompt of a preference line: a string (one user turn) or a list of messages.
std::vector<ChatMessage> preferencePromptOf(const nlohmann::json& doc);
bool hasAssistantTurn(const std::vector<ChatMessage>& messages);

}  // namespace ts
