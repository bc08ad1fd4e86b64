// SPDX-License-Identifier: GPL-3.0-or-later
// Native chat rendering equals jinja2's rendering of the real templates (reference data from
// scripts/reference/make_tokenizer_refs.py); the assistant mask covers exactly the replies.
#include "engine/core/error.h"
#include "engine/tokenizer/chat_template.h"
#include "engine/tokenizer/tokenizer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace {

using nlohmann::json;
const std::string kFixtures = std::string(TS_SHARED_FIXTURES_DIR) + "/tokenizers/";

json references() {
    std::ifstream in(std::string(TS_TEST_DATA_DIR) + "/tokenizers/chat_templates.json");
    return json::parse(in);
}

std::vector<ts::ChatMessage> messagesOf(const json& conv) {
    std::vector<ts::ChatMessage> out;
    for (const auto& m : conv["messages"]) out.push_back({m["role"], m["content"]});
    return out;
}

TEST(ChatTemplate, RendersLikeJinjaForEveryReferenceTemplate) {
    const json refs = references();
    ASSERT_GE(refs["templates"].size(), 4u);
    for (const auto& t : refs["templates"]) {
        auto chat = ts::ChatTemplate::detect(t["template"]);
        EXPECT_FALSE(chat.isFallback()) << t["name"];
        chat.setSpecialTokenText(t["bos_token"], t["eos_token"]);
        for (const auto& conv : t["conversations"]) {
            const auto gen = conv["add_generation_prompt"].get<bool>() ? ts::AddGenerationPrompt::Yes
                                                                       : ts::AddGenerationPrompt::No;
            EXPECT_EQ(chat.render(messagesOf(conv), gen), conv["text"].get<std::string>())
                << "template " << t["name"];
        }
    }
}

TEST(ChatTemplate, DetectsFormatsAndDefaultSystemPrompt) {
    for (const auto& t : references()["templates"]) {
        auto chat = ts::ChatTemplate::detect(t["template"]);
        const std::string name = t["name"];
        if (name == "qwen") {
            EXPECT_EQ(chat.format(), ts::ChatFormat::ChatML);
            EXPECT_TRUE(chat.emptyThinkBlock());
            EXPECT_EQ(chat.defaultSystemPrompt(), "");
        } else if (name == "smollm2") {
            EXPECT_EQ(chat.format(), ts::ChatFormat::ChatML);
            EXPECT_EQ(chat.defaultSystemPrompt(),
                      "You are a helpful AI assistant named SmolLM, trained by Hugging Face");
        } else if (name == "llama3") {
            EXPECT_EQ(chat.format(), ts::ChatFormat::Llama3);
        } else if (name == "mistral-v1") {
            EXPECT_EQ(chat.format(), ts::ChatFormat::Mistral);
        } else if (name == "llama2-chat") {
            EXPECT_EQ(chat.format(), ts::ChatFormat::Llama2);
        }
    }
}

TEST(ChatTemplate, UnknownTemplateFallsBackToChatMlWithWarning) {
    auto chat = ts::ChatTemplate::detect("{% for m in messages %}{{ m.content }}{% endfor %}");
    EXPECT_TRUE(chat.isFallback());
    EXPECT_EQ(chat.format(), ts::ChatFormat::ChatML);
    EXPECT_FALSE(chat.warning().empty());
    EXPECT_EQ(chat.render({{"user", "hi"}}, ts::AddGenerationPrompt::Yes),
              "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n");
}

TEST(ChatTemplate, InstFormatsRejectNonAlternatingRoles) {
    auto chat = ts::ChatTemplate::fromFormat(ts::ChatFormat::Mistral);
    EXPECT_THROW(chat.render({{"user", "a"}, {"user", "b"}}, ts::AddGenerationPrompt::No), ts::Error);
}

TEST(ChatTemplate, EncodeChatIdsMatchHfAndMaskCoversReplies) {
    auto tok = ts::loadTokenizer(kFixtures + "qwen");
    const int32_t imEnd = *tok->tokenToId("<|im_end|>");
    for (const auto& t : references()["templates"]) {
        if (t["name"] != "qwen") continue;
        for (const auto& conv : t["conversations"]) {
            const auto messages = messagesOf(conv);
            const auto gen = conv["add_generation_prompt"].get<bool>() ? ts::AddGenerationPrompt::Yes
                                                                       : ts::AddGenerationPrompt::No;
            auto enc = ts::encodeChat(*tok, messages, gen);
            EXPECT_TRUE(enc.warning.empty());
            EXPECT_EQ(enc.ids, conv["ids"].get<std::vector<int32_t>>());
            ASSERT_EQ(enc.assistantMask.size(), enc.ids.size());
            // Masked tokens decode to the replies (with Qwen3's think block), each ending <|im_end|>.
            size_t replies = 0;
            for (const auto& m : messages)
                if (m.role == "assistant") ++replies;
            std::vector<int32_t> masked;
            size_t endings = 0;
            for (size_t i = 0; i < enc.ids.size(); ++i) {
                if (!enc.assistantMask[i]) continue;
                masked.push_back(enc.ids[i]);
                if (enc.ids[i] == imEnd) ++endings;
            }
            EXPECT_EQ(endings, replies);
            const std::string maskedText = tok->decode(masked, ts::SkipSpecial::Yes);
            // Every reply's text is inside the masked text, nothing of the user's is.
            for (const auto& m : messages) {
                if (m.role == "assistant")
                    EXPECT_NE(maskedText.find(m.content), std::string::npos) << maskedText;
                else
                    EXPECT_EQ(maskedText.find(m.content), std::string::npos) << maskedText;
            }
        }
    }
}

TEST(ChatTemplate, MaskWorksForSentencePieceInstFormat) {
    auto tok = ts::loadTokenizer(kFixtures + "mistral-v1/tokenizer.model");
    auto chat = ts::ChatTemplate::fromFormat(ts::ChatFormat::Mistral);
    chat.setSpecialTokenText("<s>", "</s>");
    std::vector<ts::ChatMessage> messages{{"user", "Say yes"}, {"assistant", "Yes indeed"}};
    auto enc = ts::encodeChat(*tok, chat, messages);
    EXPECT_EQ(enc.ids, tok->encode(chat.render(messages, ts::AddGenerationPrompt::No), ts::AddSpecial::No));
    ASSERT_FALSE(enc.ids.empty());
    EXPECT_EQ(enc.ids.front(), tok->bosId());
    // The last masked token is </s>; the first masked token starts the reply.
    std::vector<int32_t> masked;
    for (size_t i = 0; i < enc.ids.size(); ++i)
        if (enc.assistantMask[i]) masked.push_back(enc.ids[i]);
    ASSERT_FALSE(masked.empty());
    EXPECT_EQ(masked.back(), tok->eosId());
    EXPECT_EQ(tok->decode(masked, ts::SkipSpecial::Yes), "Yes indeed");
}

}  // namespace
