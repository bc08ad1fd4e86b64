// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/model/generate.h"

#include "engine/core/error.h"

#include <algorithm>
#include <limits>
#include <random>
#include <unordered_set>

namespace ts {

namespace {

void validate(const GenerationParams& p) {
    if (p.maxNewTokens < 0) throw Error("maxNewTokens must not be negative", "", "maxNewTokens");
    if (p.temperature < 0) throw Error("temperature must not be negative", "", "temperature");
    if (p.topK < 0) throw Error("topK must not be negative", "", "topK");
    if (!(p.topP > 0 && p.topP <= 1)) throw Error("topP must be in (0, 1]", "", "topP");
    if (!(p.repetitionPenalty > 0)) throw Error("repetitionPenalty must be positive", "", "repetitionPenalty");
}

std::vector<std::int64_t> stopIdsFor(const CausalLM& model, const GenerationParams& p) {
    if (p.ignoreStopTokens) return {};
    return p.stopTokenIds.empty() ? model.config().eosTokenIds : p.stopTokenIds;
}

bool contains(const std::vector<std::int64_t>& ids, std::int64_t id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

void checkPrompt(const CausalLM& model, const std::vector<std::int64_t>& prompt, size_t index) {
    if (prompt.empty()) throw Error("prompt " + std::to_string(index) + " has no tokens");
    for (auto id : prompt)
        if (id < 0 || id >= model.config().vocabSize)
            throw Error("prompt " + std::to_string(index) + " holds token id " + std::to_string(id) +
                        " outside the model's vocabulary of " + std::to_string(model.config().vocabSize));
}

}  // namespace

std::int64_t sampleToken(const torch::Tensor& logitsIn, const std::vector<std::int64_t>& previousIds,
                         const GenerationParams& params, double uniform01) {
    auto logits = logitsIn.to(torch::kCPU, torch::kFloat).contiguous().clone();
    const auto vocab = logits.size(0);
    float* data = logits.data_ptr<float>();
    if (params.repetitionPenalty != 1.0) {
        std::unordered_set<std::int64_t> seen(previousIds.begin(), previousIds.end());
        for (auto id : seen) {
            if (id < 0 || id >= vocab) continue;
            float& v = data[id];
            v = v > 0 ? float(v / params.repetitionPenalty) : float(v * params.repetitionPenalty);
        }
    }
    if (params.temperature <= 0) return logits.argmax().item<std::int64_t>();

    logits = logits / params.temperature;
    const float negInf = -std::numeric_limits<float>::infinity();
    if (params.topK > 0 && params.topK < vocab) {
        auto kth = std::get<0>(logits.topk(params.topK)).min();
        logits.masked_fill_(logits < kth, negInf);
    }
    if (params.topP < 1.0) {
        // Keep the smallest set of most likely tokens whose probability reaches topP.
        auto [sorted, order] = logits.sort(/*dim=*/0, /*descending=*/true);
        auto probs = sorted.softmax(0);
        auto before = probs.cumsum(0) - probs;  // mass of the strictly more likely tokens
        auto drop = before >= params.topP;
        drop[0] = false;
        logits.index_put_({order.masked_select(drop)}, negInf);
    }
    auto probs = logits.softmax(0).to(torch::kDouble);
    const double* p = probs.data_ptr<double>();
    double total = 0;
    for (std::int64_t i = 0; i < vocab; ++i) total += p[i];
    const double target = uniform01 * total;
    double running = 0;
    std::int64_t last = 0;
    for (std::int64_t i = 0; i < vocab; ++i) {
        if (p[i] <= 0) continue;
        running += p[i];
        last = i;
        if (running > target) return i;
    }
    return last;  // rounding left target at the very end
}

GenerationResult generate(CausalLM& model, const std::vector<std::int64_t>& promptIds,
                          const GenerationParams& params, const TokenCallback& onToken,
                          const std::atomic<bool>* cancel) {
    validate(params);
    checkPrompt(model, promptIds, 0);
    torch::InferenceMode inference;
    const auto stopIds = stopIdsFor(model, params);
    std::mt19937_64 rng(params.seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);

    GenerationResult result;
    std::vector<std::int64_t> history = promptIds;
    KVCache cache;
    auto input = torch::tensor(promptIds, torch::kLong).unsqueeze(0);
    for (int step = 0; step < params.maxNewTokens; ++step) {
        if (cancel && cancel->load()) {
            result.stopReason = StopReason::Cancelled;
            return result;
        }
        if (std::int64_t(history.size()) >= model.config().maxPositionEmbeddings) {
            result.stopReason = StopReason::ContextFull;
            return result;
        }
        auto logits = model.forward(input, {}, {}, &cache, LogitsFor::LastPosition)[0][0];
        const auto token = sampleToken(logits, history, params, uniform(rng));
        result.tokens.push_back(token);
        history.push_back(token);
        if (contains(stopIds, token)) {
            result.stopReason = StopReason::StopToken;
            return result;
        }
        if (onToken && !onToken(token)) {
            result.stopReason = StopReason::CallbackStopped;
            return result;
        }
        input = torch::tensor({token}, torch::kLong).unsqueeze(0);
    }
    result.stopReason = StopReason::MaxNewTokens;
    return result;
}

std::vector<GenerationResult> generateBatch(CausalLM& model,
                                            const std::vector<std::vector<std::int64_t>>& prompts,
                                            const GenerationParams& params,
                                            const std::atomic<bool>* cancel) {
    validate(params);
    const auto batch = std::int64_t(prompts.size());
    std::vector<GenerationResult> results(prompts.size());
    if (batch == 0) return results;
    size_t longest = 0;
    for (size_t i = 0; i < prompts.size(); ++i) {
        checkPrompt(model, prompts[i], i);
        longest = std::max(longest, prompts[i].size());
    }
    torch::InferenceMode inference;
    const auto stopIds = stopIdsFor(model, params);

    // Left padding keeps every prompt's last token in the last column, so one step's new
    // tokens line up. Padding slots hold token 0 and are masked out.
    auto ids = torch::zeros({batch, std::int64_t(longest)}, torch::kLong);
    auto mask = torch::zeros({batch, std::int64_t(longest)}, torch::kLong);
    std::vector<std::vector<std::int64_t>> histories(prompts.begin(), prompts.end());
    std::vector<std::mt19937_64> rngs;
    for (std::int64_t i = 0; i < batch; ++i) {
        const auto& prompt = prompts[size_t(i)];
        const auto offset = std::int64_t(longest - prompt.size());
        ids[i].slice(0, offset) = torch::tensor(prompt, torch::kLong);
        mask[i].slice(0, offset) = 1;
        rngs.emplace_back(params.seed + std::uint64_t(i));
    }
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::vector<bool> done(prompts.size(), false);
    KVCache cache;
    auto input = ids;
    for (int step = 0; step < params.maxNewTokens; ++step) {
        if (std::all_of(done.begin(), done.end(), [](bool d) { return d; })) break;
        if (cancel && cancel->load()) {
            for (size_t i = 0; i < done.size(); ++i)
                if (!done[i]) results[i].stopReason = StopReason::Cancelled;
            return results;
        }
        if (std::int64_t(longest) + step >= model.config().maxPositionEmbeddings) {
            for (size_t i = 0; i < done.size(); ++i)
                if (!done[i]) results[i].stopReason = StopReason::ContextFull;
            return results;
        }
        auto logits = model.forward(input, mask, {}, &cache, LogitsFor::LastPosition)
                          .to(torch::kCPU)
                          .squeeze(1);  // [batch, vocab]
        std::vector<std::int64_t> next(prompts.size(), 0);
        for (size_t i = 0; i < prompts.size(); ++i) {
            // Every row draws each step so that its stream matches generate() of that row.
            const double u = uniform(rngs[i]);
            if (done[i]) continue;
            const auto token = sampleToken(logits[std::int64_t(i)], histories[i], params, u);
            next[i] = token;
            histories[i].push_back(token);
            results[i].tokens.push_back(token);
            if (contains(stopIds, token)) {
                done[i] = true;
                results[i].stopReason = StopReason::StopToken;
            }
        }
        input = torch::tensor(next, torch::kLong).unsqueeze(1);
        mask = torch::cat({mask, torch::ones({batch, 1}, torch::kLong)}, 1);
    }
    for (size_t i = 0; i < done.size(); ++i)
        if (!done[i]) results[i].stopReason = StopReason::MaxNewTokens;
    return results;
}

}  // namespace ts
