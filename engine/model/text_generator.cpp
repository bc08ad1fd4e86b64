// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/model/text_generator.h"

#include "engine/core/error.h"
#include "engine/model/generate.h"
#include "engine/model/model_loader.h"
#include "engine/tokenizer/tokenizer.h"

#include <algorithm>
#include <chrono>

namespace ts {

namespace {

// Length of the longest prefix of `text` that does not end inside a UTF-8 sequence or with
// the replacement character a decoder emits for a byte it cannot complete yet.
size_t completeUtf8Prefix(const std::string& text) {
    size_t end = text.size();
    static const std::string replacement = "\xEF\xBF\xBD";
    while (end >= replacement.size() && text.compare(end - replacement.size(), replacement.size(), replacement) == 0)
        end -= replacement.size();
    // Step back over a trailing incomplete multi-byte sequence.
    size_t i = end;
    int continuation = 0;
    while (i > 0 && (static_cast<unsigned char>(text[i - 1]) & 0xC0) == 0x80 && continuation < 3) {
        --i;
        ++continuation;
    }
    if (i > 0) {
        const auto lead = static_cast<unsigned char>(text[i - 1]);
        int needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
        if (needed > continuation) return i - 1;
    }
    return end;
}

}  // namespace

struct TextGenerator::Impl {
    std::string path;
    std::shared_ptr<CausalLM> model;
    std::unique_ptr<Tokenizer> tokenizer;
};

TextGenerator::TextGenerator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TextGenerator::~TextGenerator() = default;

std::unique_ptr<TextGenerator> TextGenerator::load(const std::string& path, DeviceKind device) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    // Tokenizer first: it is cheap, and a mismatch should fail before gigabytes are read.
    impl->tokenizer = loadTokenizer(path);
    checkTokenizerFitsModel(impl->tokenizer->vocabSize(), loadModelConfigFrom(path), path);
    if (device == DeviceKind::Cuda && !torch::cuda::is_available())
        throw Error("CUDA was requested but libtorch sees no CUDA device", path);
    impl->model = loadCausalLM(path, device == DeviceKind::Cuda ? torch::Device(torch::kCUDA, 0)
                                                                : torch::Device(torch::kCPU));
    impl->model->eval();
    return std::unique_ptr<TextGenerator>(new TextGenerator(std::move(impl)));
}

const Tokenizer& TextGenerator::tokenizer() const { return *impl_->tokenizer; }

std::string TextGenerator::describe() const {
    const auto& c = impl_->model->config();
    const bool cuda = impl_->model->device().is_cuda();
    return c.architectureName + ", " + std::to_string(c.numHiddenLayers) + " layers, hidden " +
           std::to_string(c.hiddenSize) + ", vocab " + std::to_string(c.vocabSize) + " (" +
           (cuda ? "CUDA " : "CPU ") + c10::toString(impl_->model->dtype()) + ")";
}

GeneratedText TextGenerator::generate(const std::string& prompt, const GenerationParams& params,
                                      const TextCallback& onText, const std::atomic<bool>* cancel) {
    return run(impl_->tokenizer->encode(prompt, AddSpecial::Yes), params, onText, cancel);
}

GeneratedText TextGenerator::chat(const std::vector<ChatMessage>& messages, const GenerationParams& params,
                                  const TextCallback& onText, const std::atomic<bool>* cancel) {
    auto encoded = encodeChat(*impl_->tokenizer, messages, AddGenerationPrompt::Yes);
    return run(encoded.ids, params, onText, cancel);
}

GeneratedText TextGenerator::run(const std::vector<std::int32_t>& promptIds, const GenerationParams& params,
                                 const TextCallback& onText, const std::atomic<bool>* cancel) {
    GenerationParams effective = params;
    if (effective.stopTokenIds.empty()) {
        for (auto id : impl_->tokenizer->stopIds()) effective.stopTokenIds.push_back(id);
        for (auto id : impl_->model->config().eosTokenIds)
            if (std::find(effective.stopTokenIds.begin(), effective.stopTokenIds.end(), id) ==
                effective.stopTokenIds.end())
                effective.stopTokenIds.push_back(id);
    }
    GeneratedText out;
    out.promptTokens = int(promptIds.size());
    std::vector<std::int64_t> prompt(promptIds.begin(), promptIds.end());
    std::vector<std::int32_t> generated;
    size_t emittedBytes = 0;
    const Tokenizer& tokenizer = *impl_->tokenizer;
    auto onToken = [&](std::int64_t id) {
        generated.push_back(std::int32_t(id));
        if (!onText) return true;
        // Decoding the whole completion each time keeps multi-token characters and
        // SentencePiece's leading-space rules right; completions are short.
        const auto text = tokenizer.decode(generated, SkipSpecial::Yes);
        const auto ready = completeUtf8Prefix(text);
        if (ready <= emittedBytes) return true;
        const bool keepGoing = onText(text.substr(emittedBytes, ready - emittedBytes));
        emittedBytes = ready;
        return keepGoing;
    };
    const auto start = std::chrono::steady_clock::now();
    auto result = ts::generate(*impl_->model, prompt, effective, onToken, cancel);
    out.durationSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    out.stopReason = result.stopReason;
    out.tokenIds.assign(result.tokens.begin(), result.tokens.end());
    std::vector<std::int32_t> textIds = out.tokenIds;
    if (result.stopReason == StopReason::StopToken && !textIds.empty()) textIds.pop_back();
    out.text = tokenizer.decode(textIds, SkipSpecial::Yes);
    // Flush what the UTF-8 guard held back, unless the caller asked to stop.
    if (onText && result.stopReason != StopReason::CallbackStopped && out.text.size() > emittedBytes)
        onText(out.text.substr(emittedBytes));
    return out;
}

}  // namespace ts
