// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs a model (optionally with a LoRA adapter) over evaluation prompts: batched generation of
// outputs and, for perplexity, the summed negative log-likelihood of each reference given its
// prompt. Torch-free interface (pimpl) for the app layer and the CLI.
//
// Threading: load() and evaluate() run on the calling thread (the engine thread) and so does the
// progress callback, after each batch. One Evaluator must be used from one thread at a time.
// `cancel` may be set from any thread; it is checked before every forward pass.
#include "engine/core/device.h"
#include "engine/model/generation_params.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ts {

// A chat turn. Its own type rather than ts::ChatMessage of the tokenizer, so that app code that
// also sees the dataset layer's (Qt) ChatMessage can include this header.
struct EvalMessage {
    std::string role;  // system, user, assistant
    std::string content;
};

struct EvalItem {
    // The prompt: chat messages rendered with the model's chat template (generation prompt
    // added), unless promptIds is given, which is used as is (pre-tokenized prompts, or a model
    // folder without a tokenizer).
    std::vector<EvalMessage> messages;
    std::vector<std::int32_t> promptIds;
    // The expected answer, for perplexity: referenceIds as is, else `reference` tokenized
    // without special tokens. Both empty: the item is not scored.
    std::string reference;
    std::vector<std::int32_t> referenceIds;
};

struct EvalOutput {
    std::string text;                    // special tokens and the stop token left out
    std::vector<std::int32_t> tokenIds;  // the new tokens, stop token included when hit
    StopReason stopReason = StopReason::MaxNewTokens;
    double referenceNll = 0;        // summed over the reference tokens (natural log)
    long long referenceTokens = 0;  // 0: not scored
};

struct EvaluatorOptions {
    GenerationParams generation;  // stop ids default to the tokenizer's stop ids + the model's eos
    int batchSize = 4;            // prompts generated together (left-padded)
    bool scoreReferences = true;  // compute referenceNll (one extra forward pass per item)
};

// After each batch: how many items are done out of how many. Return false to stop early.
using EvalProgressCallback = std::function<bool(std::size_t done, std::size_t total)>;

struct EvalRunResult {
    std::vector<EvalOutput> outputs;  // one per item finished (all of them unless stopped)
    bool stopped = false;             // cancelled or the callback returned false
};

class Evaluator {
public:
    // modelPath: a Hugging Face folder or .gguf file. A folder without tokenizer files is
    // accepted; its items must then be pre-tokenized and outputs are rendered as their ids
    // separated by spaces ("17 4 99"). adapterFolder: a PEFT LoRA folder applied to the model,
    // or empty for the base model alone. Throws ts::Error naming the file on any problem.
    static std::unique_ptr<Evaluator> load(const std::string& modelPath, const std::string& adapterFolder,
                                           DeviceKind device);
    ~Evaluator();

    EvalRunResult evaluate(const std::vector<EvalItem>& items, const EvaluatorOptions& options,
                           const EvalProgressCallback& progress = {}, const std::atomic<bool>* cancel = nullptr);

    bool hasTokenizer() const;
    // Tokens in `text` (the tokenizer's count without special tokens; without a tokenizer, the
    // number of space-separated ids).
    std::size_t countTokens(const std::string& text) const;
    std::string describe() const;

private:
    struct Impl;
    explicit Evaluator(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// How outputs are shown without a tokenizer: "17 4 99".
std::string tokenIdsAsText(const std::vector<std::int32_t>& ids);

}  // namespace ts
