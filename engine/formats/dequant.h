// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Dequantization of GGUF tensors into float32, with the block layouts of ggml (ggml-quants.c):
// F32, F16, BF16, F64, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K. Results equal ggml's and
// gguf-py's dequantizers bit for bit (same float operations in the same order).
#include "engine/formats/gguf.h"

#include <cstdint>
#include <string>

namespace at {
class Tensor;
}

namespace ts {

bool canDequantize(GgmlType type);

// Decodes `elementCount` values of `type` from `src` into `dst`. `elementCount` must be a whole
// number of blocks and `srcBytes` must hold them; otherwise, or for a type that cannot be
// dequantized, throws ts::Error naming `file` and `tensorName`. Runs in parallel over blocks.
void dequantizeInto(GgmlType type, const std::uint8_t* src, std::uint64_t srcBytes, float* dst,
                    std::uint64_t elementCount, const std::string& file,
                    const std::string& tensorName);

// The tensor as a new float32 CPU tensor in PyTorch order (GGUF dims reversed).
at::Tensor dequantize(const GgufFile& file, const GgufTensorInfo& info);
at::Tensor dequantize(const GgufFile& file, const std::string& tensorName);

}  // namespace ts
