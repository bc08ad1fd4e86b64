// SPDX-License-Identifier: GPL-3.0-or-later
// Adapter commands:
//   tuning-studio-cli merge --model PATH --adapter DIR --out DIR [--dtype float32|float16|bfloat16]
//   tuning-studio-cli adapter-check --model PATH --adapter DIR --ids "1 2 3" --out FILE
//                                   [--grads] [--cuda]
//   tuning-studio-cli adapter-check --model PATH --adapter DIR --dpo-pairs PAIRS.json [--beta B]
//                                   --out FILE [--cuda [--fp32]]
//   tuning-studio-cli adapter export-gguf --adapter DIR --base MODEL_DIR_OR_GGUF --out FILE.gguf
//                                         [--type f32|f16]
#include "cli_command.h"

#include "engine/core/error.h"
#include "engine/train/adapter_tools.h"
#include "engine/train/gguf_lora_export.h"

#include <nlohmann/json.hpp>

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
    ts::cli::Args args(argv, {"help", "grads", "cuda", "fp32"});
    if (args.has("help")) {
        std::cout << "usage: tuning-studio-cli adapter-check --model PATH --adapter DIR --ids \"1 2 3\" "
                     "--out FILE.safetensors [--grads] [--cuda [--lora-compute float32|autocast]]\n"
                     "       tuning-studio-cli adapter-check --model PATH --adapter DIR --dpo-pairs "
                     "PAIRS.json [--beta 0.1] --out FILE.safetensors [--cuda [--fp32]]\n";
        return 0;
    }
    args.allowOnly({"model", "adapter", "ids", "out", "grads", "cuda", "help", "dpo-pairs", "beta", "fp32",
                    "lora-compute"});
    if (args.has("dpo-pairs")) {
        double beta = 0.1;
        try {
            beta = std::stod(args.getOr("beta", "0.1"));
        } catch (const std::exception&) {
            throw ts::Error("not a number: '" + args.getOr("beta", "") + "'", {}, "--beta");
        }
        const double loss = ts::writeDpoCheck(args.require("model"), args.require("adapter"),
                                              args.require("dpo-pairs"), beta, args.require("out"),
                                              args.has("cuda"), args.has("fp32"));
        std::cout << "{\"loss\":" << loss << "}\n";
        return 0;
    }
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
    const std::string compute = args.getOr("lora-compute", "float32");
    if (compute != "float32" && compute != "autocast")
        throw ts::Error("must be float32 or autocast, got '" + compute + "'", {}, "--lora-compute");
    double loss = ts::writeAdapterCheck(args.require("model"), args.require("adapter"), ids,
                                        args.require("out"), args.has("cuda"), args.has("grads"),
                                        compute == "autocast");
    std::cout << "{\"loss\":" << loss << "}\n";
    return 0;
}

const char* const kAdapterUsage =
    "usage: tuning-studio-cli adapter export-gguf --adapter DIR --base MODEL_DIR_OR_GGUF "
    "--out FILE.gguf [--type f32|f16]\n"
    "  Writes the PEFT LoRA adapter in DIR as a GGUF LoRA adapter for llama.cpp (--lora FILE)\n"
    "  and Ollama (ADAPTER FILE). --base is the model the adapter was trained on: its folder\n"
    "  (config.json) or its .gguf file.\n";

int runExportGguf(const std::vector<std::string>& argv) {
    ts::cli::Args args(argv, {"help"});
    if (args.has("help")) {
        std::cout << kAdapterUsage;
        return 0;
    }
    args.allowOnly({"adapter", "base", "out", "type", "help"});
    ts::GgufLoraExportOptions options;
    const auto type = args.getOr("type", "f32");
    if (type == "f16") options.type = ts::GgmlType::F16;
    else if (type != "f32") throw ts::Error("expected f32 or f16, got '" + type + "'", {}, "--type");
    const auto out = args.require("out");
    const auto summary =
        ts::exportLoraToGguf(args.require("adapter"), args.require("base"), out, options);
    std::cout << nlohmann::json{{"out", out},
                                {"architecture", summary.architecture},
                                {"rank", summary.rank},
                                {"alpha", summary.alpha},
                                {"tensors", summary.tensorCount},
                                {"bytes", summary.fileBytes}}
                     .dump()
              << "\n";
    return 0;
}

// "adapter <subcommand> ...": one entry point for adapter file operations.
int runAdapter(const std::vector<std::string>& argv) {
    if (argv.empty() || argv[0] == "--help" || argv[0] == "help") {
        std::cout << kAdapterUsage;
        return argv.empty() ? 2 : 0;
    }
    const std::vector<std::string> rest(argv.begin() + 1, argv.end());
    if (argv[0] == "export-gguf") return runExportGguf(rest);
    throw ts::Error("unknown adapter subcommand '" + argv[0] + "' (known: export-gguf)", {},
                    "adapter");
}

ts::cli::Registration mergeReg{"merge", "Merge a LoRA adapter into its base model", &runMerge};
ts::cli::Registration checkReg{"adapter-check", "Write logits (and LoRA gradients) for parity checks",
                               &runAdapterCheck};
ts::cli::Registration adapterReg{"adapter", "Adapter files: export-gguf (LoRA for llama.cpp / Ollama)",
                                 &runAdapter};

}  // namespace
