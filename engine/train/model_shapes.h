// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Known model shapes for tests and benchmarks, random-init model folders, and the training
// benchmark. Torch-free header (the CLI includes it).
#include <cstdint>
#include <string>

namespace ts {

// "tiny" (a few million parameters, CPU-friendly), "llama-1b" (Llama-3.2-1B dimensions),
// "llama-8b" (Llama-3.1-8B dimensions). vocabSize 0 = the shape's own (128256 for the Llama
// shapes, 32000 for tiny). Returns config.json as text.
std::string shapeConfigJson(const std::string& shape, std::int64_t vocabSize);

// Writes config.json, model.safetensors (fp32 for tiny, bf16 otherwise) and the tokenizer files
// (tokenizer.json / tokenizer_config.json / tokenizer.model copied from `tokenizerPath`, a file or
// a folder). The vocabulary is the tokenizer's. Returns a one-line summary.
std::string writeRandomInitModel(const std::string& shape, const std::string& tokenizerPath,
                                 const std::string& outDir, std::uint64_t seed);

struct TrainingBenchParams {
    std::string shape = "tiny";
    std::int64_t batch = 4;
    std::int64_t seqLen = 1024;
    bool gradCkpt = false;
    std::string quant = "nf4";  // or "none" (bf16 base on CUDA, fp32 on CPU)
    std::int64_t steps = 10;    // timed steps, after 2 warm-up steps
    std::int64_t rank = 16;     // LoRA on all seven projections
    bool forceCpu = false;
    std::string loraCompute = "float32";  // or "autocast" (see LoraConfig::Compute)
    bool profile = false;
    bool nf4Generic = false;  // dequantize with the generic tensor ops even where the kernel exists  // also time 2 steps' CUDA kernels by name ("kernels" in the JSON)
};

// One JSON object: shape, batch, seq, quant, grad_ckpt, device, tokens_per_s, peak_gib,
// step_seconds, params, trainable_params.
std::string runTrainingBench(const TrainingBenchParams& params);

}  // namespace ts
