// SPDX-License-Identifier: GPL-3.0-or-later
// Adapter commands:
//   tuning-studio-cli merge --model PATH --adapter DIR --out DIR [--dtype float32|float16|bfloat16]
//   tuning-studio-cli adapter-check --model PATH --adapter DIR --ids "1 2 3" --out FILE
//                                   [--grads] [--cuda]
#include "cli_command.h"

#include "engine/core/error.h"
#include "engine/train/adapter_tools.h"

#include <iostream>
#include <sstream>

namespace {

int runMerge(const std::vector<std::string>& argv) {
    ts::cli::Args args(argv, {"help"});
    if (args.has("help")) {
        std::cout << "usage: tuning-studio-cli merge --model PATH --adapter DIR --out DIR "
                     "[--dtype float32|float16|bfloat16]\n";
        return 0;
    }
    args.allowOnly({"model", "adapter", "out", "dtype", "help"});
    auto out = ts::mergeAdapter(args.require("model"), args.require("adapter"), args.require("out"),
                                args.getOr("dtype", "float32"));
    std::cout << "merged model written to " << out << "\n";
    return 0;
}

int runAdapterCheck(const std::vector<std::string>& argv) {
    ts::cli::Args args(argv, {"help", "grads", "cuda"});
    if (args.has("help")) {
        std::cout << "usage: tuning-studio-cli adapter-check --model PATH --adapter DIR --ids \"1 2 3\" "
                     "--out FILE.safetensors [--grads] [--cuda]\n";
        return 0;
    }
    args.allowOnly({"model", "adapter", "ids", "out", "grads", "cuda", "help"});
    std::vector<std::int64_t> ids;
    std::istringstream in(args.require("ids"));
    std::string word;
    while (in >> word) {
        try {
            ids.push_back(std::stoll(word));
        } catch (const std::exception&) {
            throw ts::Error("not a token id: '" + word + "'", {}, "--ids");
        }
    }
    if (ids.size() < 2) throw ts::Error("give at least two token ids", {}, "--ids");
    double loss = ts::writeAdapterCheck(args.require("model"), args.require("adapter"), ids,
                                        args.require("out"), args.has("cuda"), args.has("grads"));
    std::cout << "{\"loss\":" << loss << "}\n";
    return 0;
}

ts::cli::Registration mergeReg{"merge", "Merge a LoRA adapter into its base model", &runMerge};
ts::cli::Registration checkReg{"adapter-check", "Write logits (and LoRA gradients) for parity checks",
                               &runAdapterCheck};

}  // namespace
