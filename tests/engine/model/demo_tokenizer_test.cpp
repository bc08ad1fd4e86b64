// SPDX-License-Identifier: GPL-3.0-or-later
// The demo model's GGUF-embedded tokenizer (SmolLM2: gpt2 model, "smollm" pre-tokenizer) gives
// the ids of an HF tokenizer rebuilt from the same metadata (scripts/reference/make_tokenizer_refs.py),
// and its chat template is recognized with SmolLM's default system prompt.
#include "engine/core/paths.h"
#include "engine/tokenizer/chat_template.h"
#include "engine/tokenizer/gguf_tokenizer.h"
#include "engine/tokenizer/tokenizer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace {

using nlohmann::json;

json reference(const std::string& name) {
    std::ifstream in(std::string(TS_TEST_DATA_DIR) + "/tokenizers/" + name);
    return json::parse(in);
}

class DemoTokenizer : public ::testing::Test {
protected:
    void SetUp() override {
        if (!ts::fileExists(ts::demoModelPath()))
            GTEST_SKIP() << "demo model not found at " << ts::demoModelPath()
                         << " (scripts/fetch-demo-model.sh fetches it)";
        if (!ts::ggufTokenizerReaderAvailable())
            GTEST_SKIP() << "this build has no GGUF reader (engine/formats/gguf.h)";
    }
};

TEST_F(DemoTokenizer, MatchesHfIdsOnTheCorpus) {
    auto tok = ts::loadTokenizer(ts::demoModelPath());
    const json ref = reference("smollm2-gguf.json");
    EXPECT_EQ(tok->vocabSize(), ref["vocab_size"].get<int32_t>());
    EXPECT_EQ(tok->bosId(), ref["bos_id"].get<int32_t>());
    EXPECT_EQ(tok->eosId(), ref["eos_id"].get<int32_t>());
    EXPECT_EQ(tok->padId(), ref["pad_id"].get<int32_t>());
    for (const auto& c : ref["cases"]) {
        const std::string text = c["text"];
        EXPECT_EQ(tok->encode(text, ts::AddSpecial::No), c["ids"].get<std::vector<int32_t>>())
            << "text: [" << text << "]";
        EXPECT_EQ(tok->decode(c["ids"].get<std::vector<int32_t>>(), ts::SkipSpecial::No),
                  c["decoded"].get<std::string>());
        EXPECT_EQ(tok->decode(tok->encode(text, ts::AddSpecial::No), ts::SkipSpecial::No), text);
    }
}

TEST_F(DemoTokenizer, ChatTemplateRendersAndMasksLikeHf) {
    auto tok = ts::loadTokenizer(ts::demoModelPath());
    auto chat = ts::chatTemplateFor(*tok);
    EXPECT_FALSE(chat.isFallback());
    EXPECT_EQ(chat.format(), ts::ChatFormat::ChatML);
    EXPECT_FALSE(chat.defaultSystemPrompt().empty());
    for (const auto& t : reference("chat_templates.json")["templates"]) {
        if (t["name"] != "smollm2") continue;
        EXPECT_EQ(t["template"].get<std::string>(), tok->chatTemplate());
        for (const auto& conv : t["conversations"]) {
            std::vector<ts::ChatMessage> messages;
            for (const auto& m : conv["messages"]) messages.push_back({m["role"], m["content"]});
            const auto gen = conv["add_generation_prompt"].get<bool>() ? ts::AddGenerationPrompt::Yes
                                                                       : ts::AddGenerationPrompt::No;
            EXPECT_EQ(chat.render(messages, gen), conv["text"].get<std::string>());
            auto enc = ts::encodeChat(*tok, messages, gen);
            EXPECT_EQ(enc.ids, conv["ids"].get<std::vector<int32_t>>());
            size_t masked = 0;
            for (auto m : enc.assistantMask) masked += m;
            size_t replies = 0;
            for (const auto& m : messages) replies += m.role == "assistant";
            if (replies == 0) EXPECT_EQ(masked, 0u);
            else EXPECT_GT(masked, replies);
        }
    }
}

}  // namespace
