// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Autoregressive generation with a KV cache: single prompts with streaming, and batches of
// left-padded prompts for evaluation.
//
// Threading: everything runs on the calling thread, and so does the token callback (called
// synchronously after each sampled token, before the next forward pass). The caller owns
// the model; the model must not be used from another thread meanwhile. `cancel` may be set
// from any thread; it is checked before every forward pass.
#include "engine/model/causal_lm.h"
#include "engine/model/generation_params.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

namespace ts {

// Called with each new token id; return false to stop generating.
using TokenCallback = std::function<bool(std::int64_t tokenId)>;

struct GenerationResult {
    std::vector<std::int64_t> tokens;  // new tokens only (the stop token included, if hit)
    StopReason stopReason = StopReason::MaxNewTokens;
};

GenerationResult generate(CausalLM& model, const std::vector<std::int64_t>& promptIds,
                          const GenerationParams& params, const TokenCallback& onToken = {},
                          const std::atomic<bool>* cancel = nullptr);

// Generates for several prompts at once (left-padded into one batch, one forward per step).
// Sampling uses one random stream per prompt seeded from params.seed + index, so row i
// equals generate() of prompt i with seed params.seed + i (up to floating-point noise).
std::vector<GenerationResult> generateBatch(CausalLM& model,
                                            const std::vector<std::vector<std::int64_t>>& prompts,
                                            const GenerationParams& params,
                                            const std::atomic<bool>* cancel = nullptr);

// The next-token choice from fp32 logits [vocab] (CPU), applying repetition penalty over
// `previousIds`, temperature, top-k and top-p; `uniform01` is one draw in [0, 1).
std::int64_t sampleToken(const torch::Tensor& logits, const std::vector<std::int64_t>& previousIds,
                         const GenerationParams& params, double uniform01);

}  // namespace ts
