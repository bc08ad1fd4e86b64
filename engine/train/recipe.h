// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The training recipe: a declarative JSON document (see docs/recipes.md for every key). Every
// key is optional with a documented default; unknown keys, wrong types and out-of-range values
// are refused with a ts::Error naming the file, the key (e.g. "lora.r") and the allowed range.
// Keys that belong to the GUI ("ui", "name", "description", "base_model", "dataset_version",
// "thresholds") are kept as they are and written back, never interpreted here.
#include "engine/train/lora.h"
#include "engine/train/lr_schedule.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace ts {

enum class TrainMethod { Sft, Dpo };
enum class WeightQuant { Nf4, None };

struct DpoParams {
    double beta = 0.1;
    double labelSmoothing = 0.0;
};

struct Recipe {
    TrainMethod method = TrainMethod::Sft;
    WeightQuant quant = WeightQuant::Nf4;
    bool doubleQuant = true;
    LoraConfig lora;  // defaults: r 16, alpha 32, dropout 0.05, all seven projections
    double lr = 2e-4;
    LrScheduleKind schedule = LrScheduleKind::Cosine;
    int64_t warmupSteps = 10;
    double weightDecay = 0.0;
    double maxGradNorm = 1.0;  // 0 turns clipping off
    int64_t epochs = 1;
    int64_t maxSteps = 0;      // 0: run `epochs` epochs; > 0: stop after this many optimizer steps
    int64_t batchSize = 4;
    int64_t gradAccum = 1;
    int64_t maxSeqLen = 1024;
    bool packing = false;
    bool gradCkpt = false;
    int64_t evalEvery = 0;     // optimizer steps between evaluations; 0 = only at the end
    int64_t saveEvery = 0;     // optimizer steps between adapter checkpoints; 0 = only at the end
    uint64_t seed = 42;
    DpoParams dpo;
    // GUI-owned keys, kept verbatim (a JSON object holding only those keys that were present).
    nlohmann::json passthrough = nlohmann::json::object();

    // Optimizer steps of a run over `examples` training examples (sequences after packing):
    // maxSteps when set, else epochs * ceil(ceil(examples / batchSize) / gradAccum).
    int64_t totalOptimizerSteps(int64_t examples) const;
    LrSchedule lrSchedule(int64_t totalSteps) const;

    // Every key, defaults included, plus the passthrough keys: parseRecipe(toJson()) == *this.
    nlohmann::json toJson() const;
};

std::string trainMethodName(TrainMethod m);
std::string weightQuantName(WeightQuant q);

// Parses and validates. `file` names the source in errors.
Recipe parseRecipe(const nlohmann::json& doc, const std::string& file = {});
Recipe parseRecipeText(const std::string& text, const std::string& file = {});
Recipe loadRecipeFile(const std::string& path);

}  // namespace ts
