// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/training_length.h"

#include "engine/core/error.h"
#include "engine/tokenizer/chat_template.h"
#include "engine/tokenizer/tokenizer.h"
#include "engine/train/conversation_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ts {

using json = nlohmann::json;

TrainingLengthCounter::TrainingLengthCounter(const Tokenizer& tokenizer)
    : tokenizer_(tokenizer), template_(std::make_unique<ChatTemplate>(chatTemplateFor(tokenizer))) {}

TrainingLengthCounter::~TrainingLengthCounter() = default;

std::int64_t TrainingLengthCounter::count(const std::string& jsonLine) const {
    json doc;
    try {
        doc = json::parse(jsonLine);
    } catch (const json::exception& e) {
        throw Error(std::string("not valid JSON: ") + e.what());
    }
    if (!doc.is_object()) throw Error("not a JSON object");
    const bool preference = doc.contains("chosen") || doc.contains("rejected");
    if (!preference)
        return std::int64_t(encodeChat(tokenizer_, *template_, conversationOf(doc)).ids.size());
    std::int64_t longest = 0;
    for (const char* reply : {"chosen", "rejected"}) {
        auto messages = preferencePromptOf(doc);
        messages.push_back({"assistant", stringField(doc, reply)});
        longest = std::max(longest,
                           std::int64_t(encodeChat(tokenizer_, *template_, messages).ids.size()));
    }
    return longest;
}

}  // namespace ts
