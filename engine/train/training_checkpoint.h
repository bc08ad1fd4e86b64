// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Resumable training checkpoints: outDir/checkpoint-<step>/ holding the adapter (PEFT format),
// the optimizer state, the RNG states and trainer_state.json. Written to a temporary folder and
// renamed, so a checkpoint either exists whole or not at all (a kill mid-write leaves no half).
#include "engine/model/causal_lm.h"
#include "engine/train/lora.h"

#include <optional>
#include <string>

namespace ts {

struct TrainingState {
    std::int64_t step = 0;
    double epoch = 0;
    std::string recipeJson;
};

// Returns the checkpoint folder.
std::string writeTrainingCheckpoint(const std::string& outDir, const TrainingState& state,
                                    CausalLM& model, const LoraConfig& lora,
                                    const std::string& baseModel, torch::optim::Optimizer& optimizer,
                                    const torch::Device& device);

// The newest complete checkpoint in outDir, if any.
std::optional<std::string> latestTrainingCheckpoint(const std::string& outDir);

// Restores adapter weights, optimizer and RNG state; returns the saved state.
TrainingState readTrainingCheckpoint(const std::string& folder, CausalLM& model,
                                     torch::optim::Optimizer& optimizer, const torch::Device& device);

}  // namespace ts
