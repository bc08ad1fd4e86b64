// SPDX-License-Identifier: GPL-3.0-or-later
// `tuning-studio-cli init-model --shape tiny|llama-1b|llama-8b --tokenizer PATH --out DIR
//  [--seed S]`: a random-init Hugging Face model folder that transformers loads.
#include "cli_command.h"

#include "engine/core/error.h"
#include "engine/train/model_shapes.h"

#include <iostream>

namespace {

int runInitModel(const std::vector<std::string>& argv) {
    ts::cli::Args args(argv, {"help"});
    if (args.has("help")) {
        std::cout << "usage: tuning-studio-cli init-model --shape tiny|llama-1b|llama-8b "
                     "--tokenizer PATH --out DIR [--seed S]\n";
        return 0;
    }
    args.allowOnly({"shape", "tokenizer", "out", "seed", "help"});
    const auto out = args.require("out");
    auto summary = ts::writeRandomInitModel(args.require("shape"), args.require("tokenizer"), out,
                                            std::uint64_t(args.getInt("seed", 0)));
    std::cout << summary << "\n";
    return 0;
}

ts::cli::Registration reg{"init-model", "Write a random-init model folder of a known shape",
                          &runInitModel};

}  // namespace
