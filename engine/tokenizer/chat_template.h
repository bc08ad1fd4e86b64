// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Chat formats, recognized from the model's jinja chat template and rendered natively (no jinja
// interpreter): ChatML (Qwen, SmolLM2; with their default system prompts and Qwen3's empty
// <think> block), Llama 3 headers, and [INST] ... [/INST] (Mistral, Llama 2 with <<SYS>>).
// Rendering matches the templates' jinja output for plain system/user/assistant conversations.
#include <cstdint>
#include <string>
#include <vector>

namespace ts {

class Tokenizer;

struct ChatMessage {
    std::string role;  // "system", "user", "assistant" (ChatML also passes "tool" through)
    std::string content;
};

enum class ChatFormat { ChatML, Llama3, Mistral, Llama2 };
enum class AddGenerationPrompt { No, Yes };

struct RenderedChat {
    std::string text;
    // Byte ranges [begin, end) of assistant replies including their end-of-turn marker.
    std::vector<std::pair<size_t, size_t>> assistantSpans;
};

class ChatTemplate {
public:
    // Recognizes the format of a jinja template; an empty or unknown template gives ChatML with
    // isFallback() set and a warning() saying so.
    static ChatTemplate detect(const std::string& jinja);
    static ChatTemplate fromFormat(ChatFormat format);

    ChatFormat format() const { return format_; }
    bool isFallback() const { return fallback_; }
    const std::string& warning() const { return warning_; }
    // The system prompt the template inserts when the conversation has none (SmolLM2, Qwen2.5).
    const std::string& defaultSystemPrompt() const { return defaultSystem_; }
    // Qwen3: the reply after the last user turn starts with an empty <think></think> block.
    bool emptyThinkBlock() const { return thinkBlock_; }
    void setSpecialTokenText(std::string bos, std::string eos) {
        bosText_ = std::move(bos);
        eosText_ = std::move(eos);
    }

    // Throws ts::Error when the format cannot express the conversation (e.g. [INST] formats
    // need user/assistant alternation).
    RenderedChat renderWithSpans(const std::vector<ChatMessage>& messages,
                                 AddGenerationPrompt addGenerationPrompt) const;
    std::string render(const std::vector<ChatMessage>& messages,
                       AddGenerationPrompt addGenerationPrompt) const {
        return renderWithSpans(messages, addGenerationPrompt).text;
    }

private:
    ChatFormat format_ = ChatFormat::ChatML;
    bool fallback_ = false;
    std::string warning_;
    std::string defaultSystem_;
    bool thinkBlock_ = false;
    bool mistralTrailingSpace_ = true;
    std::string bosText_, eosText_;
};

struct EncodedChat {
    std::vector<int32_t> ids;
    // 1 for tokens of assistant replies (incl. their end-of-turn token), else 0; same length as ids.
    std::vector<uint8_t> assistantMask;
    std::string warning;  // non-empty when the template was not recognized
};

// Renders with the tokenizer's chat template (ChatML when it has none), encodes the whole text
// once (so ids equal tokenizer.encode(render(...))) and marks the assistant tokens. A token that
// straddles the start of a reply counts as assistant.
EncodedChat encodeChat(const Tokenizer& tokenizer, const std::vector<ChatMessage>& messages,
                       AddGenerationPrompt addGenerationPrompt = AddGenerationPrompt::No);
EncodedChat encodeChat(const Tokenizer& tokenizer, const ChatTemplate& chatTemplate,
                       const std::vector<ChatMessage>& messages,
                       AddGenerationPrompt addGenerationPrompt = AddGenerationPrompt::No);
// The template of a tokenizer with its BOS/EOS text filled in.
ChatTemplate chatTemplateFor(const Tokenizer& tokenizer);

}  // namespace ts
