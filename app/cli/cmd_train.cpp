// SPDX-License-Identifier: GPL-3.0-or-later
// `tuning-studio-cli train --model PATH --data FILE.jsonl --recipe RECIPE.json --out DIR
//  [--eval FILE.jsonl] [--resume] [--init-adapter DIR] [--cpu]`:
// a text progress bar on stderr, one JSON object per logged step on stdout.
#include "cli_command.h"

#include "engine/core/error.h"
#include "engine/train/trainer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

ts::TrainControl* gControl = nullptr;

void onInterrupt(int) {
    // First Ctrl+C: finish the step, save the adapter, stop. Async-signal-safe (atomic store).
    if (gControl) gControl->cancel.store(true);
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ts::Error("cannot read the recipe", path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void progressBar(const ts::TrainMetrics& m) {
    const int width = 30;
    const double frac = m.totalSteps > 0 ? double(m.step) / double(m.totalSteps) : 0;
    const int filled = int(frac * width);
    std::cerr << "\r[" << std::string(size_t(filled), '#') << std::string(size_t(width - filled), '.')
              << "] " << m.step << "/" << m.totalSteps << " loss " << std::fixed;
    std::cerr.precision(4);
    std::cerr << m.loss << " lr " << std::scientific;
    std::cerr.precision(2);
    std::cerr << m.learningRate << std::fixed;
    std::cerr.precision(0);
    std::cerr << " " << m.tokensPerSecond << " tok/s   " << std::flush;
    std::cerr.unsetf(std::ios::floatfield);
}

int runTrain(const std::vector<std::string>& argv) {
    // The project form (`train --project P --recipe NAME`) lives with the project store.
    if (std::find(argv.begin(), argv.end(), "--project") != argv.end()) {
        auto& commands = ts::cli::registry();
        auto it = commands.find("run");
        if (it == commands.end())
            throw ts::Error("--project needs the full build of tuning-studio-cli (with the project store)");
        return it->second.run(argv);
    }
    ts::cli::Args args(argv, {"resume", "cpu", "help", "quiet"});
    if (args.has("help")) {
        std::cout << "usage: tuning-studio-cli train --model PATH --data FILE.jsonl --recipe RECIPE.json\n"
                     "                               --out DIR [--eval FILE.jsonl] [--resume]\n"
                     "                               [--init-adapter DIR] [--cpu] [--quiet]\n";
        return 0;
    }
    args.allowOnly({"model", "data", "recipe", "out", "eval", "resume", "init-adapter", "cpu",
                    "help", "quiet"});
    ts::TrainControl control;
    ts::TrainRequest request;
    request.modelPath = args.require("model");
    request.trainDataPath = args.require("data");
    request.recipeJson = readFile(args.require("recipe"));
    request.outDir = args.require("out");
    request.evalDataPath = args.getOr("eval", "");
    request.initAdapterDir = args.getOr("init-adapter", "");
    request.resume = args.has("resume");
    request.device = args.has("cpu") ? ts::ComputePreference::Cpu : ts::ComputePreference::Auto;
    request.control = &control;
    const bool quiet = args.has("quiet");
    request.onLog = [&](const std::string& line) {
        if (!quiet) std::cerr << "\n" << line << std::flush;
    };
    request.onStep = [&](const ts::TrainMetrics& m) {
        nlohmann::json j{{"step", m.step},         {"epoch", m.epoch},
                         {"loss", m.loss},         {"lr", m.learningRate},
                         {"grad_norm", m.gradNorm}, {"tokens_per_s", m.tokensPerSecond},
                         {"peak_gib", m.peakMemoryGiB}};
        if (m.evalLoss && std::isfinite(*m.evalLoss)) j["eval_loss"] = *m.evalLoss;
        for (const auto& [k, v] : m.extra) j[k] = v;
        std::cout << j.dump() << std::endl;
        if (!quiet) progressBar(m);
        return true;
    };
    gControl = &control;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    auto result = ts::runTraining(request);
    gControl = nullptr;
    std::cerr << "\n";
    switch (result.status) {
    case ts::TrainStatus::Completed:
        std::cerr << "done: " << result.steps << " steps, final loss " << result.finalLoss
                  << ", adapter in " << result.adapterDir << "\n";
        return 0;
    case ts::TrainStatus::Cancelled:
        std::cerr << "stopped at step " << result.steps << "; adapter in " << result.adapterDir
                  << (result.lastCheckpoint.empty() ? "" : "; resume with --resume") << "\n";
        return 130;
    case ts::TrainStatus::Failed:
        std::cerr << "tuning-studio-cli train: error: " << result.error << "\n";
        if (!result.hint.empty()) std::cerr << "hint: " << result.hint << "\n";
        return 1;
    }
    return 1;
}

ts::cli::Registration reg{"train", "Fine-tune a model with LoRA/QLoRA (SFT or DPO)", &runTrain};

}  // namespace
