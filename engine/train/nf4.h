// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// NF4 (4-bit NormalFloat) weight quantization, bit-compatible with bitsandbytes'
// quantize_4bit(quant_type="nf4") as it runs on CUDA: same 16 code values, same decision
// thresholds (ties go to the lower code), one float32 absmax per block of 64, two codes per byte
// with the first element in the high nibble, and optional double quantization of the absmax
// values (8-bit dynamic map, blocks of 256, offset = mean absmax). Everything is written in
// vectorized tensor ops, so it runs wherever the input tensor lives (CPU or CUDA).
#include <torch/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ts {

enum class DoubleQuant { Off, On };

// bitsandbytes' nested QuantState (state2): the absmax values of the 4-bit blocks, minus their
// mean, quantized again with the 8-bit dynamic map. Field names follow the keys bitsandbytes
// serializes ("nested_absmax", "nested_quant_map", "nested_offset", "nested_blocksize").
struct Nf4NestedAbsmax {
    torch::Tensor absmax;    // float32 [ceil(blocks / blocksize)]: absmax of each 256-block
    torch::Tensor code;      // float32 [256]: the dynamic map used (kept, as bitsandbytes does)
    float offset = 0.0f;     // mean of the original absmax values, added back on restore
    int64_t blocksize = 256;
};

struct Nf4Tensor {
    torch::Tensor packed;    // uint8 [ceil(numel / 2)], element 2i in the high nibble
    // float32 [blocks] when not double quantized; uint8 [blocks] (dynamic-map indices) when it
    // is, as bitsandbytes' QuantState.absmax.
    torch::Tensor absmax;
    std::optional<Nf4NestedAbsmax> nested;
    std::vector<int64_t> shape;                        // the original weight's shape
    int64_t blocksize = 64;
    torch::ScalarType dtype = torch::kFloat32;         // the original weight's dtype

    int64_t numel() const;
    int64_t blockCount() const { return (numel() + blocksize - 1) / blocksize; }
    bool isDoubleQuantized() const { return nested.has_value(); }
    // Bytes held by the quantized form (packed codes, absmax and nested state).
    int64_t storageBytes() const;
};

constexpr int64_t kNf4BlockSize = 64;
constexpr int64_t kNf4NestedBlockSize = 256;

// The 16 NF4 code values (bitsandbytes' table), float32 on `device`.
torch::Tensor nf4CodeTable(torch::Device device = torch::kCPU);
// The 15 decision thresholds of bitsandbytes' dQuantizeNF4, ascending, float32.
torch::Tensor nf4Thresholds(torch::Device device = torch::kCPU);
// bitsandbytes' create_dynamic_map(signed=True, max_exponent_bits=7, total_bits=8), float32
// [256], ascending. Evaluated with torch's scalar float32 linspace formula so the table is the
// same on every machine (torch's own vectorized linspace may differ by an ulp per CPU).
torch::Tensor dynamicQuantMap(torch::Device device = torch::kCPU);

// Quantizes a floating weight of any shape (fp32/fp16/bf16, finite values) to NF4. Throws
// ts::Error for a non-floating, empty or non-finite weight.
Nf4Tensor quantizeNf4(const torch::Tensor& weight, DoubleQuant doubleQuant = DoubleQuant::On,
                      int64_t blocksize = kNf4BlockSize);

// Restores a weight of the original shape in outDtype (fp32/fp16/bf16). Products are formed in
// float32 and then cast, as bitsandbytes' CUDA dequantize kernel does.
torch::Tensor dequantizeNf4(const Nf4Tensor& q, torch::ScalarType outDtype);

// CUDA builds dequantize CUDA weights with a fused kernel (engine/cuda); elsewhere, and for a
// weight with a partial last block, the generic tensor-op path runs. Both give the same bits.
// Tests switch the kernel off to compare the two; it is on by default where it was built.
bool nf4CudaKernelBuilt();
void setNf4CudaKernelEnabled(bool enabled);

// The float32 absmax of each 4-bit block (restored from the nested state when double quantized).
torch::Tensor nf4BlockAbsmax(const Nf4Tensor& q);

// bitsandbytes' 8-bit blockwise quantization with its CUDA binary search over `code` (used for
// the nested absmax). Returns (indices uint8 [n], absmax float32 [ceil(n / blocksize)]).
std::pair<torch::Tensor, torch::Tensor> quantizeBlockwise8bit(const torch::Tensor& values,
                                                              const torch::Tensor& code,
                                                              int64_t blocksize);

// Checks that the parts of a (possibly loaded) Nf4Tensor fit together: dtypes, sizes, block
// counts. Throws ts::Error naming the field; `source` names where it came from (file/tensor).
void validateNf4(const Nf4Tensor& q, const std::string& source = {});

}  // namespace ts
