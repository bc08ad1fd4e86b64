// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Adapter utilities behind CLI commands. Torch-free header.
#include <cstdint>
#include <string>
#include <vector>

namespace ts {

// Loads `modelPath` with the PEFT adapter in `adapterDir`, runs token ids through it and writes to
// `outFile` (safetensors): "logits" (fp32 [1, n, vocab]) and, when withGradients, the gradient of
// the mean next-token cross-entropy (labels = ids) for every LoRA matrix under its PEFT name
// (dropout off). Used to check parity with PEFT. loraAutocast: the adapter path in the model's
// dtype (LoraConfig::Compute::Autocast) instead of float32. Returns the loss.
double writeAdapterCheck(const std::string& modelPath, const std::string& adapterDir,
                         const std::vector<std::int64_t>& ids, const std::string& outFile,
                         bool useCuda, bool withGradients, bool loraAutocast = false);

// The DPO counterpart for parity checks. `pairsFile` is JSON: [{"prompt": [ids], "chosen": [ids],
// "rejected": [ids]}, ...]. Each side is prompt + completion with the prompt tokens masked; the
// policy is the model with the adapter, the reference the same model with it switched off.
// Writes policy/reference chosen/rejected log-probabilities, rewards and the LoRA gradients of
// the mean DPO loss (sigmoid, beta) to `outFile`; returns the loss. On CUDA the model runs in
// bf16 (as in training) unless float32 is asked for.
double writeDpoCheck(const std::string& modelPath, const std::string& adapterDir,
                     const std::string& pairsFile, double beta, const std::string& outFile,
                     bool useCuda, bool float32 = false);

// Merges the adapter into the base and writes a transformers-loadable folder (config.json,
// model.safetensors, tokenizer files). dtype: "float32", "float16" or "bfloat16".
std::string mergeAdapter(const std::string& modelPath, const std::string& adapterDir,
                         const std::string& outDir, const std::string& dtype);

}  // namespace ts
