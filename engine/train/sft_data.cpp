// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/sft_data.h"

#include "engine/core/error.h"
#include "engine/tokenizer/chat_template.h"
#include "engine/tokenizer/tokenizer.h"
#include "engine/train/conversation_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

namespace ts {

namespace {

using json = nlohmann::json;

// Reads JSONL, calling fn(lineNumber, object) for each non-empty line; lines that are not JSON
// objects are reported through `skipped`.
template <typename Fn>
void forEachJsonLine(const std::string& path, std::vector<DataIssue>& skipped, Fn fn) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open the training data file", path);
    std::string line;
    std::int64_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        json doc;
        try {
            doc = json::parse(line);
        } catch (const json::exception& e) {
            skipped.push_back({number, std::string("not valid JSON: ") + e.what()});
            continue;
        }
        if (!doc.is_object()) {
            skipped.push_back({number, "not a JSON object"});
            continue;
        }
        try {
            fn(number, doc);
        } catch (const Error& e) {
            skipped.push_back({number, e.what()});
        } catch (const json::exception& e) {
            skipped.push_back({number, e.what()});
        }
    }
}

TokenizedExample tokenize(const Tokenizer& tokenizer, const ChatTemplate& tmpl,
                          const std::vector<ChatMessage>& messages, std::string* warning) {
    auto encoded = encodeChat(tokenizer, tmpl, messages);
    if (warning && warning->empty()) *warning = encoded.warning;
    TokenizedExample ex;
    ex.ids.assign(encoded.ids.begin(), encoded.ids.end());
    ex.labels.resize(ex.ids.size());
    for (size_t i = 0; i < ex.ids.size(); ++i)
        ex.labels[i] = encoded.assistantMask[i] ? ex.ids[i] : kIgnoreIndex;
    return ex;
}

}  // namespace

SftData loadSftData(const std::string& path, const Tokenizer& tokenizer, std::int64_t maxSeqLen) {
    SftData data;
    const ChatTemplate tmpl = chatTemplateFor(tokenizer);
    forEachJsonLine(path, data.skipped, [&](std::int64_t line, const json& doc) {
        auto messages = conversationOf(doc);
        if (!hasAssistantTurn(messages)) {
            data.skipped.push_back({line, "no non-empty assistant reply to learn from"});
            return;
        }
        auto ex = tokenize(tokenizer, tmpl, messages, &data.templateWarning);
        TruncationReport report;
        auto kept = truncateExamples({std::move(ex)}, maxSeqLen, &report);
        if (kept.empty()) {
            data.skipped.push_back({line, "the reply starts after max_seq_len (" +
                                              std::to_string(maxSeqLen) + " tokens)"});
            return;
        }
        data.examples.push_back(std::move(kept[0]));
    });
    if (data.examples.empty())
        throw Error("no usable training example" +
                        (data.skipped.empty() ? std::string()
                                              : " (first problem, line " +
                                                    std::to_string(data.skipped[0].line) + ": " +
                                                    data.skipped[0].reason + ")"),
                    path);
    return data;
}

PreferenceData loadPreferenceData(const std::string& path, const Tokenizer& tokenizer,
                                  std::int64_t maxSeqLen) {
    PreferenceData data;
    const ChatTemplate tmpl = chatTemplateFor(tokenizer);
    forEachJsonLine(path, data.skipped, [&](std::int64_t line, const json& doc) {
        const std::vector<ChatMessage> prompt = preferencePromptOf(doc);
        const auto chosen = stringField(doc, "chosen");
        const auto rejected = stringField(doc, "rejected");
        auto blank = [](const std::string& s) {
            return s.find_first_not_of(" \t\r\n") == std::string::npos;
        };
        if (blank(chosen) || blank(rejected)) {
            data.skipped.push_back({line, "empty chosen or rejected reply"});
            return;
        }
        if (chosen == rejected) {
            data.skipped.push_back({line, "chosen and rejected are identical"});
            return;
        }
        auto withReply = [&](const std::string& reply) {
            auto messages = prompt;
            messages.push_back({"assistant", reply});
            return tokenize(tokenizer, tmpl, messages, &data.templateWarning);
        };
        PreferencePair pair{withReply(chosen), withReply(rejected)};
        if (std::int64_t(pair.chosen.ids.size()) > maxSeqLen ||
            std::int64_t(pair.rejected.ids.size()) > maxSeqLen) {
            data.skipped.push_back({line, "longer than max_seq_len (" + std::to_string(maxSeqLen) +
                                              " tokens)"});
            return;
        }
        data.pairs.push_back(std::move(pair));
    });
    if (data.pairs.empty())
        throw Error("no usable preference pair" +
                        (data.skipped.empty() ? std::string()
                                              : " (first problem, line " +
                                                    std::to_string(data.skipped[0].line) + ": " +
                                                    data.skipped[0].reason + ")"),
                    path);
    return data;
}

}  // namespace ts
