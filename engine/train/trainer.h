// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The training entry point for the app and the CLI. Torch-free on purpose: the Qt app includes
// this header, and torch headers must never meet Qt's in one file.
//
// Threading: runTraining() blocks the calling thread (the app's one engine thread, or the CLI's
// main thread) for the whole run; every callback is invoked on that same thread, synchronously,
// between optimizer steps. Callbacks must be quick (queue the data, return).
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace ts {

// One logged optimizer step. `extra` carries method-specific values (DPO: rewards/chosen,
// rewards/rejected, rewards/margin, rewards/accuracy) so storage and charts need no new fields.
struct TrainMetrics {
    std::int64_t step = 0;       // optimizer steps done (1-based)
    std::int64_t totalSteps = 0;
    double epoch = 0;            // fractional epoch
    double loss = 0;
    double learningRate = 0;
    double gradNorm = 0;         // before clipping
    double tokensPerSecond = 0;  // real (non-padding) tokens processed per second, this step
    double peakMemoryGiB = 0;    // GPU: peak allocated; CPU: peak resident set size
    std::optional<double> evalLoss;
    std::map<std::string, double> extra;
};

// Shared with the controlling thread; the trainer polls it between micro-batches.
struct TrainControl {
    std::atomic<bool> cancel{false};
    std::atomic<bool> pause{false};
};

enum class TrainStatus { Completed, Cancelled, Failed };
enum class ComputePreference { Auto, Cpu, Cuda };

struct TrainRequest {
    std::string modelPath;     // Hugging Face folder (config.json + safetensors) or .gguf file
    std::string trainDataPath; // JSONL: chat `messages`, prompt/completion, or (DPO)
                               // prompt/chosen/rejected
    std::string evalDataPath;  // optional held-out JSONL for eval loss
    std::string recipeJson;    // the recipe document (see docs/recipes.md)
    std::string outDir;        // receives adapter/ (PEFT folder) and checkpoint-N/
    bool resume = false;       // continue from the newest checkpoint in outDir
    std::string initAdapterDir; // optional PEFT adapter to start from (e.g. SFT before DPO);
                                // it must have the recipe's rank and targets
    ComputePreference device = ComputePreference::Auto;

    std::function<bool(const TrainMetrics&)> onStep;      // false = stop (like cancel)
    std::function<void(const std::string&)> onLog;        // human-readable progress lines
    std::function<void(const std::string&)> onCheckpoint; // path of a checkpoint just written
    TrainControl* control = nullptr;
};

struct TrainResult {
    TrainStatus status = TrainStatus::Failed;
    std::string error;      // what went wrong (with the file/field where it applies)
    std::string hint;       // what to change (e.g. CUDA out of memory -> smaller batch)
    std::string adapterDir; // the PEFT adapter folder written at the end (or at cancel)
    std::string lastCheckpoint;
    std::string deviceDescription;
    std::int64_t steps = 0;
    double finalLoss = 0;
    std::int64_t skippedExamples = 0;  // dropped by truncation / invalid pairs, with reasons logged
};

TrainResult runTraining(const TrainRequest& request);

}  // namespace ts
