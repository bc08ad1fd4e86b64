// SPDX-License-Identifier: GPL-3.0-or-later
// `tuning-studio-cli bench --shape NAME --batch B --seq S [--grad-ckpt] [--quant nf4|none]
//  [--steps N] [--rank R]`: LoRA training steps on random tokens; prints one JSON line.
#include "cli_command.h"

#include "engine/train/model_shapes.h"

#include <iostream>

namespace {

int runBench(const std::vector<std::string>& argv) {
    ts::cli::Args args(argv, {"grad-ckpt", "help", "cpu", "profile", "nf4-generic"});
    if (args.has("help")) {
        std::cout << "usage: tuning-studio-cli bench --shape tiny|llama-1b|llama-8b --batch B --seq S\n"
                     "       [--grad-ckpt] [--quant nf4|none] [--steps N] [--rank R] [--cpu]\n"
                     "       [--lora-compute float32|autocast] [--profile] [--nf4-generic]\n"
                     "--profile adds the CUDA kernels of two more steps, by time (CUDA builds)\n";
        return 0;
    }
    args.allowOnly({"shape", "batch", "seq", "grad-ckpt", "quant", "steps", "rank", "help", "cpu", "lora-compute", "profile", "nf4-generic"});
    ts::TrainingBenchParams p;
    p.shape = args.require("shape");
    p.batch = args.getInt("batch", 4);
    p.seqLen = args.getInt("seq", 1024);
    p.gradCkpt = args.has("grad-ckpt");
    p.quant = args.getOr("quant", "nf4");
    p.steps = args.getInt("steps", 10);
    p.rank = args.getInt("rank", 16);
    p.forceCpu = args.has("cpu");
    p.loraCompute = args.getOr("lora-compute", "float32");
    p.profile = args.has("profile");
    p.nf4Generic = args.has("nf4-generic");
    std::cout << ts::runTrainingBench(p) << std::endl;
    return 0;
}

ts::cli::Registration reg{"bench", "Measure LoRA training speed and memory on random tokens",
                          &runBench};

}  // namespace
