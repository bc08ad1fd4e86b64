// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// PEFT LoRA adapter folder -> GGUF LoRA adapter, the file llama.cpp (`--lora FILE`) and Ollama
// (`ADAPTER FILE` in a Modelfile) load on top of the base model's GGUF. The layout matches what
// llama.cpp's convert_lora_to_gguf.py writes:
//   general.architecture = "llama" | "qwen2" (the base model's), general.type = "adapter",
//   adapter.type = "lora", adapter.lora.alpha (float32);
//   per targeted projection blk.N.<attn_q|attn_k|attn_v|attn_output|ffn_gate|ffn_up|ffn_down>
//   .weight.lora_a = PEFT's lora_A [r, in] (ggml dims {in, r}) and .weight.lora_b = lora_B
//   [out, r] (ggml dims {r, out}).
// For the llama architecture the converter reorders the rows of the base Q and K projections per
// head (HF "rotate half" -> interleaved pairs); lora_B of q_proj / k_proj gets the same row
// reordering (B's rows are the projection's output rows), lora_A is untouched.
// Torch-free header.
#include "engine/formats/gguf.h"

#include <cstdint>
#include <string>

namespace ts {

struct GgufLoraExportOptions {
    GgmlType type = GgmlType::F32;  // F32 (the converter's default) or F16
};

struct GgufLoraExportSummary {
    std::string architecture;      // "llama" or "qwen2"
    std::int64_t rank = 0;
    double alpha = 0.0;            // as written to adapter.lora.alpha
    std::int64_t tensorCount = 0;  // lora_a + lora_b tensors
    std::uint64_t fileBytes = 0;
};

// Reads `adapterDir` (adapter_config.json + adapter_model.safetensors) and the base model's shape
// from `basePath` (a model folder with config.json, a config.json file, or a .gguf file), checks
// every tensor against that shape, and writes `outPath` atomically.
// rsLoRA adapters are exported with alpha * sqrt(r) so that llama.cpp's scale alpha / r equals
// the trained alpha / sqrt(r).
// Throws ts::Error naming the file and field/tensor for a missing file, an unsupported target
// module, a rank or shape mismatch, a layer the base does not have, or an I/O failure.
GgufLoraExportSummary exportLoraToGguf(const std::string& adapterDir, const std::string& basePath,
                                       const std::string& outPath,
                                       const GgufLoraExportOptions& options = {});

// "q_proj" -> "attn_q", ... "down_proj" -> "ffn_down" (llama.cpp's tensor names); throws
// ts::Error naming the module for anything else.
std::string ggufProjectionName(const std::string& peftModule);

}  // namespace ts
