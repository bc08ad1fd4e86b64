// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Text in, text out: a model and its tokenizer behind a torch-free interface for the app layer
// and the CLI (pimpl; no torch or Qt header is included here).
//
// Threading: load() and generate()/chat() run on the calling thread and so does the text
// callback, synchronously after each token. One TextGenerator must be used from one thread
// at a time (the engine thread). `cancel` may be set from any thread; it is checked before
// every forward pass.
#include "engine/core/device.h"
#include "engine/model/generation_params.h"
#include "engine/tokenizer/chat_template.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ts {

class Tokenizer;

// Called with each new piece of text (whole UTF-8 characters); return false to stop.
using TextCallback = std::function<bool(const std::string& piece)>;

struct GeneratedText {
    std::string text;                  // the completion only (special tokens skipped)
    std::vector<std::int32_t> tokenIds;  // the new tokens, stop token included when hit
    StopReason stopReason = StopReason::MaxNewTokens;
    int promptTokens = 0;
    double durationSeconds = 0;  // the generation loop, prompt processing included
};

class TextGenerator {
public:
    // path: a Hugging Face model folder (config.json, safetensors, tokenizer files) or a .gguf
    // file (weights, config and tokenizer inside). Cuda computes in bf16, Cpu in fp32.
    // Throws ts::Error naming the file and field/tensor on any problem, including a tokenizer
    // with more tokens than the model's vocab_size.
    static std::unique_ptr<TextGenerator> load(const std::string& path, DeviceKind device);
    ~TextGenerator();

    // A plain continuation of `prompt` (BOS added as the tokenizer prescribes). Stop tokens
    // default to the tokenizer's stop ids plus the model's eos ids.
    GeneratedText generate(const std::string& prompt, const GenerationParams& params,
                           const TextCallback& onText = {}, const std::atomic<bool>* cancel = nullptr);
    // The assistant's reply to a conversation, rendered with the model's chat template.
    GeneratedText chat(const std::vector<ChatMessage>& messages, const GenerationParams& params,
                       const TextCallback& onText = {}, const std::atomic<bool>* cancel = nullptr);

    const Tokenizer& tokenizer() const;
    std::string describe() const;  // "LlamaForCausalLM, 30 layers, hidden 576, vocab 49152 (CPU fp32)"

private:
    struct Impl;
    explicit TextGenerator(std::unique_ptr<Impl> impl);
    GeneratedText run(const std::vector<std::int32_t>& promptIds, const GenerationParams& params,
                      const TextCallback& onText, const std::atomic<bool>* cancel);
    std::unique_ptr<Impl> impl_;
};

}  // namespace ts
