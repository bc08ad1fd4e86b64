// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Sampling settings for text generation. Torch-free: the app layer fills these in.
#include <cstdint>
#include <vector>

namespace ts {

struct GenerationParams {
    int maxNewTokens = 256;
    // 0 = greedy (argmax); otherwise logits are divided by it before sampling.
    double temperature = 0.7;
    int topK = 0;       // 0 = no top-k filter
    double topP = 1.0;  // nucleus sampling; 1 = off
    // > 1 discourages tokens already in the prompt or the output (as transformers'
    // RepetitionPenaltyLogitsProcessor: positive logits divided, negative multiplied).
    double repetitionPenalty = 1.0;
    // Generation stops after emitting one of these (it is included in the output ids).
    // Empty = the model's eos ids.
    std::vector<std::int64_t> stopTokenIds;
    // Generate exactly maxNewTokens, ignoring stop tokens (benchmarks, reference checks).
    bool ignoreStopTokens = false;
    std::uint64_t seed = 0;
};

enum class StopReason { MaxNewTokens, StopToken, CallbackStopped, Cancelled, ContextFull };

}  // namespace ts
