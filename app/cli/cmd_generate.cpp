// SPDX-License-Identifier: GPL-3.0-or-later
// `tuning-studio-cli generate`: text generation from a model folder or GGUF file.
#include "cli_command.h"

#include "engine/core/device.h"
#include "engine/core/error.h"
#include "engine/model/text_generator.h"

#include <cstdio>
#include <iostream>

namespace {

const char* kUsage =
    "usage: tuning-studio-cli generate --model PATH --prompt TEXT [--chat] [--max-new-tokens N]\n"
    "                                  [--temperature T] [--top-k K] [--top-p P] [--seed S]\n"
    "                                  [--stats]\n"
    "  --model PATH      Hugging Face model folder or .gguf file\n"
    "  --chat            wrap the prompt as a user message in the model's chat template\n"
    "  --temperature T   0 = greedy (default 0.7)\n"
    "  --stats           print tokens and tokens/s to stderr\n";

int runGenerate(const std::vector<std::string>& argv) {
    const std::vector<std::string> known{"model", "prompt", "chat", "max-new-tokens", "temperature",
                                         "top-k", "top-p", "seed", "stats", "help"};
    ts::cli::Args args(argv, {"chat", "stats", "help"});
    args.allowOnly(known);
    if (args.has("help")) {
        std::cout << kUsage;
        return 0;
    }
    const auto modelPath = args.require("model");
    const auto prompt = args.require("prompt");
    ts::GenerationParams params;
    params.maxNewTokens = int(args.getInt("max-new-tokens", 128));
    params.temperature = args.getDouble("temperature", 0.7);
    params.topK = int(args.getInt("top-k", 0));
    params.topP = args.getDouble("top-p", 1.0);
    params.seed = std::uint64_t(args.getInt("seed", 0));
    if (params.maxNewTokens < 0) throw ts::Error("must not be negative", "", "--max-new-tokens");
    if (params.temperature < 0) throw ts::Error("must not be negative", "", "--temperature");

    auto generator = ts::TextGenerator::load(modelPath, ts::queryComputeDevice().kind);
    auto print = [](const std::string& piece) {
        std::cout << piece << std::flush;
        return true;
    };
    const auto result = args.has("chat") ? generator->chat({{"user", prompt}}, params, print)
                                         : generator->generate(prompt, params, print);
    std::cout << "\n";
    if (args.has("stats")) {
        const auto n = result.tokenIds.size();
        std::fprintf(stderr, "%s\nprompt %d tokens, generated %zu tokens in %.2f s (%.1f tokens/s)\n",
                     generator->describe().c_str(), result.promptTokens, n, result.durationSeconds,
                     result.durationSeconds > 0 ? double(n) / result.durationSeconds : 0.0);
    }
    return 0;
}

ts::cli::Registration reg{"generate", "Generate text with a model (folder or .gguf)", &runGenerate};

}  // namespace
