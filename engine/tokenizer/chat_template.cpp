// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/chat_template.h"

#include "engine/core/error.h"
#include "engine/tokenizer/text_utils.h"
#include "engine/tokenizer/tokenizer.h"

#include <algorithm>

namespace ts {

namespace {

bool contains(const std::string& s, const char* needle) { return s.find(needle) != std::string::npos; }

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// Python's str.strip() / jinja's trim for the ASCII whitespace that occurs in chat data.
std::string strip(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && isSpace(s[b])) ++b;
    while (e > b && isSpace(s[e - 1])) --e;
    return s.substr(b, e - b);
}
std::string stripChar(const std::string& s, char c, bool left, bool right) {
    size_t b = 0, e = s.size();
    if (left)
        while (b < e && s[b] == c) ++b;
    if (right)
        while (e > b && s[e - 1] == c) --e;
    return s.substr(b, e - b);
}

// The text of a literal system turn in a ChatML template, e.g. SmolLM2's
// '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, ...<|im_end|>\n'.
// Templates that splice in the user's system message ('...system\n' + messages[0].content)
// have no literal text before the quote, so nothing is found for them.
std::string literalDefaultSystem(const std::string& jinja) {
    for (const char* opener : {"<|im_start|>system\\n", "<|im_start|>system\n"}) {
        for (size_t at = jinja.find(opener); at != std::string::npos; at = jinja.find(opener, at + 1)) {
            const size_t begin = at + std::string(opener).size();
            const size_t end = jinja.find("<|im_end|>", begin);
            if (end == std::string::npos) continue;
            std::string body = jinja.substr(begin, end - begin);
            if (body.empty() || body.find_first_of("'\"{}+") != std::string::npos) continue;
            body = text::replaceAll(body, "\\n", "\n");
            return body;
        }
    }
    return {};
}

}  // namespace

ChatTemplate ChatTemplate::fromFormat(ChatFormat format) {
    ChatTemplate t;
    t.format_ = format;
    switch (format) {
    case ChatFormat::ChatML: break;
    case ChatFormat::Llama3: t.bosText_ = "<|begin_of_text|>"; t.eosText_ = "<|eot_id|>"; break;
    case ChatFormat::Mistral:
    case ChatFormat::Llama2: t.bosText_ = "<s>"; t.eosText_ = "</s>"; break;
    }
    return t;
}

ChatTemplate ChatTemplate::detect(const std::string& jinja) {
    if (contains(jinja, "<|im_start|>")) {
        ChatTemplate t = fromFormat(ChatFormat::ChatML);
        t.defaultSystem_ = literalDefaultSystem(jinja);
        t.thinkBlock_ = contains(jinja, "<think>") && contains(jinja, "reasoning_content");
        return t;
    }
    if (contains(jinja, "<|start_header_id|>")) return fromFormat(ChatFormat::Llama3);
    if (contains(jinja, "[INST]")) {
        ChatTemplate t = fromFormat(contains(jinja, "<<SYS>>") ? ChatFormat::Llama2 : ChatFormat::Mistral);
        t.mistralTrailingSpace_ = contains(jinja, "eos_token + ' '") || contains(jinja, "eos_token + \" \"");
        return t;
    }
    ChatTemplate t = fromFormat(ChatFormat::ChatML);
    t.fallback_ = true;
    t.warning_ = jinja.empty() ? "the tokenizer has no chat template; using ChatML"
                               : "unrecognized chat template; using ChatML";
    return t;
}

RenderedChat ChatTemplate::renderWithSpans(const std::vector<ChatMessage>& messages,
                                           AddGenerationPrompt addGenerationPrompt) const {
    RenderedChat out;
    std::string& s = out.text;
    auto addAssistant = [&](const std::string& before, const std::string& reply, const std::string& end,
                            const std::string& after) {
        s += before;
        const size_t begin = s.size();
        s += reply;
        s += end;
        out.assistantSpans.emplace_back(begin, s.size());
        s += after;
    };
    const bool generate = addGenerationPrompt == AddGenerationPrompt::Yes;

    switch (format_) {
    case ChatFormat::ChatML: {
        if (!defaultSystem_.empty() && (messages.empty() || messages[0].role != "system"))
            s += "<|im_start|>system\n" + defaultSystem_ + "<|im_end|>\n";
        // Qwen3: index of the last real user query; replies after it carry the <think> block.
        long lastQuery = long(messages.size()) - 1;
        if (thinkBlock_) {
            for (long i = long(messages.size()) - 1; i >= 0; --i) {
                const auto& m = messages[size_t(i)];
                const bool toolResponse = m.content.rfind("<tool_response>", 0) == 0 &&
                                          m.content.size() >= 16 &&
                                          m.content.compare(m.content.size() - 16, 16, "</tool_response>") == 0;
                if (m.role == "user" && !toolResponse) {
                    lastQuery = i;
                    break;
                }
            }
        }
        for (size_t i = 0; i < messages.size(); ++i) {
            const auto& m = messages[i];
            if (m.role != "assistant") {
                s += "<|im_start|>" + m.role + "\n" + m.content + "<|im_end|>\n";
                continue;
            }
            if (!thinkBlock_) {
                addAssistant("<|im_start|>assistant\n", m.content, "<|im_end|>", "\n");
                continue;
            }
            std::string content = m.content, reasoning;
            const size_t close = content.find("</think>");
            if (close != std::string::npos) {
                std::string before = stripChar(content.substr(0, close), '\n', false, true);
                const size_t open = before.rfind("<think>");
                reasoning = stripChar(open == std::string::npos ? before : before.substr(open + 7), '\n',
                                      true, false);
                content = stripChar(content.substr(content.rfind("</think>") + 8), '\n', true, false);
            }
            const bool last = i + 1 == messages.size();
            if (long(i) > lastQuery && (last || !reasoning.empty()))
                addAssistant("<|im_start|>assistant\n",
                             "<think>\n" + stripChar(reasoning, '\n', true, true) + "\n</think>\n\n" +
                                 stripChar(content, '\n', true, false),
                             "<|im_end|>", "\n");
            else
                addAssistant("<|im_start|>assistant\n", content, "<|im_end|>", "\n");
        }
        if (generate) s += "<|im_start|>assistant\n";
        break;
    }
    case ChatFormat::Llama3: {
        s += bosText_;
        for (const auto& m : messages) {
            const std::string header = "<|start_header_id|>" + m.role + "<|end_header_id|>\n\n";
            if (m.role == "assistant")
                addAssistant(header, strip(m.content), "<|eot_id|>", "");
            else
                s += header + strip(m.content) + "<|eot_id|>";
        }
        if (generate) s += "<|start_header_id|>assistant<|end_header_id|>\n\n";
        break;
    }
    case ChatFormat::Mistral:
    case ChatFormat::Llama2: {
        size_t first = 0;
        std::string system;
        if (format_ == ChatFormat::Llama2 && !messages.empty() && messages[0].role == "system") {
            system = messages[0].content;
            first = 1;
        }
        if (format_ == ChatFormat::Mistral) s += bosText_;
        for (size_t i = first; i < messages.size(); ++i) {
            const auto& m = messages[i];
            const bool expectUser = (i - first) % 2 == 0;
            if ((m.role == "user") != expectUser || (m.role != "user" && m.role != "assistant"))
                throw Error("this chat format needs alternating user/assistant messages (message " +
                            std::to_string(i) + " is '" + m.role + "')");
            std::string content = m.content;
            if (i == first && !system.empty())
                content = "<<SYS>>\n" + system + "\n<</SYS>>\n\n" + content;
            if (format_ == ChatFormat::Mistral) {
                if (m.role == "user")
                    s += "[INST] " + content + " [/INST]";
                else
                    addAssistant("", content, eosText_, mistralTrailingSpace_ ? " " : "");
            } else {
                if (m.role == "user")
                    s += bosText_ + "[INST] " + strip(content) + " [/INST]";
                else
                    addAssistant(" ", strip(content) + " ", eosText_, "");
            }
        }
        break;
    }
    }
    return out;
}

ChatTemplate chatTemplateFor(const Tokenizer& tokenizer) {
    ChatTemplate t = ChatTemplate::detect(tokenizer.chatTemplate());
    const ChatTemplate defaults = ChatTemplate::fromFormat(t.format());
    std::string bos = tokenizer.bosId() >= 0 ? tokenizer.idToToken(tokenizer.bosId()) : std::string();
    std::string eos = tokenizer.eosId() >= 0 ? tokenizer.idToToken(tokenizer.eosId()) : std::string();
    if (t.format() == ChatFormat::Llama3) {
        // Llama 3's EOS is <|end_of_text|>, but turns end with <|eot_id|>, which the format writes.
        eos = "<|eot_id|>";
        if (bos.empty()) bos = "<|begin_of_text|>";
    }
    if (t.format() == ChatFormat::Mistral || t.format() == ChatFormat::Llama2) {
        if (bos.empty()) bos = "<s>";
        if (eos.empty()) eos = "</s>";
    }
    t.setSpecialTokenText(bos, eos);
    return t;
}

namespace {
size_t commonPrefix(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
    size_t n = std::min(a.size(), b.size()), i = 0;
    while (i < n && a[i] == b[i]) ++i;
    return i;
}
}  // namespace

EncodedChat encodeChat(const Tokenizer& tokenizer, const ChatTemplate& chatTemplate,
                       const std::vector<ChatMessage>& messages,
                       AddGenerationPrompt addGenerationPrompt) {
    const RenderedChat rendered = chatTemplate.renderWithSpans(messages, addGenerationPrompt);
    EncodedChat out;
    out.warning = chatTemplate.warning();
    out.ids = tokenizer.encode(rendered.text, AddSpecial::No);
    out.assistantMask.assign(out.ids.size(), 0);
    // Token positions of a reply: encoding the text up to a byte offset reproduces the full
    // encoding up to the token that contains that offset (BPE never merges across an added token,
    // and replies end with one), so the common prefix length is the token index.
    for (const auto& [begin, end] : rendered.assistantSpans) {
        const size_t from = commonPrefix(out.ids, tokenizer.encode(rendered.text.substr(0, begin), AddSpecial::No));
        const size_t to = commonPrefix(out.ids, tokenizer.encode(rendered.text.substr(0, end), AddSpecial::No));
        for (size_t i = from; i < to; ++i) out.assistantMask[i] = 1;
    }
    return out;
}

EncodedChat encodeChat(const Tokenizer& tokenizer, const std::vector<ChatMessage>& messages,
                       AddGenerationPrompt addGenerationPrompt) {
    return encodeChat(tokenizer, chatTemplateFor(tokenizer), messages, addGenerationPrompt);
}

}  // namespace ts
