// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/eval/evaluator.h"

#include "engine/core/error.h"
#include "engine/model/generate.h"
#include "engine/model/model_loader.h"
#include "engine/tokenizer/chat_template.h"
#include "engine/tokenizer/tokenizer.h"

#if __has_include("engine/train/adapter_io.h")
#include "engine/train/adapter_io.h"
#define TS_EVAL_HAS_ADAPTER_IO 1
#endif

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace ts {

namespace {

bool hasTokenizerFiles(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path p(path);
    if (!fs::is_directory(p)) return true;  // a .gguf file or a tokenizer file: the loader decides
    return fs::exists(p / "tokenizer.json") || fs::exists(p / "tokenizer.model");
}

}  // namespace

std::string tokenIdsAsText(const std::vector<std::int32_t>& ids) {
    std::string text;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i) text += ' ';
        text += std::to_string(ids[i]);
    }
    return text;
}

struct Evaluator::Impl {
    std::string modelPath;
    std::string adapterFolder;
    std::shared_ptr<CausalLM> model;
    std::unique_ptr<Tokenizer> tokenizer;  // null for folders without tokenizer files
};

Evaluator::Evaluator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Evaluator::~Evaluator() = default;

std::unique_ptr<Evaluator> Evaluator::load(const std::string& modelPath, const std::string& adapterFolder,
                                           DeviceKind device) {
    auto impl = std::make_unique<Impl>();
    impl->modelPath = modelPath;
    impl->adapterFolder = adapterFolder;
    if (hasTokenizerFiles(modelPath)) {
        impl->tokenizer = loadTokenizer(modelPath);
        checkTokenizerFitsModel(impl->tokenizer->vocabSize(), loadModelConfigFrom(modelPath), modelPath);
    }
    if (device == DeviceKind::Cuda && !torch::cuda::is_available())
        throw Error("CUDA was requested but libtorch sees no CUDA device", modelPath);
    impl->model = loadCausalLM(modelPath, device == DeviceKind::Cuda ? torch::Device(torch::kCUDA, 0)
                                                                     : torch::Device(torch::kCPU));
    if (!adapterFolder.empty()) {
#ifdef TS_EVAL_HAS_ADAPTER_IO
        loadAdapter(*impl->model, adapterFolder);
#else
        throw Error("this build cannot apply LoRA adapters for evaluation yet", adapterFolder);
#endif
    }
    impl->model->eval();
    return std::unique_ptr<Evaluator>(new Evaluator(std::move(impl)));
}

bool Evaluator::hasTokenizer() const { return impl_->tokenizer != nullptr; }

std::size_t Evaluator::countTokens(const std::string& text) const {
    if (impl_->tokenizer) return impl_->tokenizer->encode(text, AddSpecial::No).size();
    std::istringstream in(text);
    std::size_t count = 0;
    for (std::string word; in >> word;) ++count;
    return count;
}

std::string Evaluator::describe() const {
    const auto& c = impl_->model->config();
    return c.architectureName + ", " + std::to_string(c.numHiddenLayers) + " layers, vocab " +
           std::to_string(c.vocabSize) + (impl_->adapterFolder.empty() ? "" : " + adapter " + impl_->adapterFolder);
}

EvalRunResult Evaluator::evaluate(const std::vector<EvalItem>& items, const EvaluatorOptions& options,
                                  const EvalProgressCallback& progress, const std::atomic<bool>* cancel) {
    torch::NoGradGuard noGrad;
    auto& model = *impl_->model;
    const Tokenizer* tokenizer = impl_->tokenizer.get();
    const std::int64_t vocab = model.config().vocabSize;
    const auto checkIds = [&](const std::vector<std::int32_t>& ids, std::size_t item, const char* field) {
        for (auto id : ids)
            if (id < 0 || id >= vocab)
                throw Error("token id " + std::to_string(id) + " is outside the model's vocabulary of " +
                                std::to_string(vocab),
                            "item " + std::to_string(item), field);
    };

    // Prompts and references as ids.
    std::vector<std::vector<std::int64_t>> prompts(items.size());
    std::vector<std::vector<std::int32_t>> references(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& item = items[i];
        std::vector<std::int32_t> ids = item.promptIds;
        if (ids.empty()) {
            if (!tokenizer)
                throw Error("the model has no tokenizer, so prompts must be given as token ids", impl_->modelPath,
                            "item " + std::to_string(i));
            if (item.messages.empty()) throw Error("the prompt is empty", "item " + std::to_string(i), "messages");
            std::vector<ChatMessage> messages;
            for (const auto& m : item.messages) messages.push_back({m.role, m.content});
            ids = encodeChat(*tokenizer, messages, AddGenerationPrompt::Yes).ids;
        }
        if (ids.empty()) throw Error("the prompt has no tokens", "item " + std::to_string(i), "prompt");
        checkIds(ids, i, "prompt");
        prompts[i].assign(ids.begin(), ids.end());
        references[i] = item.referenceIds;
        if (references[i].empty() && !item.reference.empty() && tokenizer)
            references[i] = tokenizer->encode(item.reference, AddSpecial::No);
        checkIds(references[i], i, "reference");
    }

    GenerationParams params = options.generation;
    if (params.stopTokenIds.empty()) {
        if (tokenizer)
            for (auto id : tokenizer->stopIds()) params.stopTokenIds.push_back(id);
        for (auto id : model.config().eosTokenIds)
            if (std::find(params.stopTokenIds.begin(), params.stopTokenIds.end(), id) == params.stopTokenIds.end())
                params.stopTokenIds.push_back(id);
    }

    EvalRunResult result;
    const std::size_t batchSize = static_cast<std::size_t>(std::max(1, options.batchSize));
    for (std::size_t start = 0; start < items.size(); start += batchSize) {
        if (cancel && cancel->load()) {
            result.stopped = true;
            break;
        }
        const std::size_t end = std::min(items.size(), start + batchSize);
        std::vector<std::vector<std::int64_t>> batch(prompts.begin() + std::ptrdiff_t(start),
                                                     prompts.begin() + std::ptrdiff_t(end));
        // Each batch continues the seed sequence so a sampled evaluation is reproducible as a whole.
        GenerationParams batchParams = params;
        batchParams.seed = params.seed + start;
        auto generated = generateBatch(model, batch, batchParams, cancel);
        for (std::size_t k = 0; k < generated.size(); ++k) {
            const std::size_t i = start + k;
            EvalOutput out;
            out.tokenIds.assign(generated[k].tokens.begin(), generated[k].tokens.end());
            out.stopReason = generated[k].stopReason;
            std::vector<std::int32_t> textIds = out.tokenIds;
            if (out.stopReason == StopReason::StopToken && !textIds.empty()) textIds.pop_back();
            out.text = tokenizer ? tokenizer->decode(textIds, SkipSpecial::Yes) : tokenIdsAsText(textIds);
            if (options.scoreReferences && !references[i].empty()) {
                // NLL of the reference tokens given the prompt: logits at position t predict t+1.
                std::vector<std::int64_t> full = prompts[i];
                full.insert(full.end(), references[i].begin(), references[i].end());
                auto input = torch::tensor(full, torch::kLong).unsqueeze(0).to(model.device());
                auto logits = model.forward(input).squeeze(0).to(torch::kFloat);
                const auto promptLength = static_cast<std::int64_t>(prompts[i].size());
                const auto referenceLength = static_cast<std::int64_t>(references[i].size());
                auto logProbs = torch::log_softmax(logits.narrow(0, promptLength - 1, referenceLength), -1);
                auto targets = input.squeeze(0).narrow(0, promptLength, referenceLength).unsqueeze(1);
                out.referenceNll = -logProbs.gather(1, targets).sum().item<double>();
                out.referenceTokens = referenceLength;
            }
            result.outputs.push_back(std::move(out));
        }
        if (cancel && cancel->load()) {
            // The last batch may have been cut short; its outputs are kept but marked as stopped.
            result.stopped = true;
            break;
        }
        if (progress && !progress(end, items.size())) {
            result.stopped = end < items.size();
            break;
        }
    }
    return result;
}

}  // namespace ts
