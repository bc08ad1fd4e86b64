// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The NF4 dequantization kernel for CUDA builds: one pass that reads the packed 4-bit codes and
// the block scales and writes the weight in the compute dtype. The generic tensor-op path (a
// gather from a byte-pair table, a float32 temporary, a multiply, a cast) moves about six times
// the bytes this kernel does, twice per training step. Plain C++ interface (no torch, no CUDA
// headers) so that nf4.cpp can call it from an ordinary translation unit.
#include <cstdint>

namespace ts::cuda {

enum class Nf4OutputType { Float32, Float16, BFloat16 };

struct Nf4DequantArgs {
    const std::uint8_t* packed = nullptr;   // [n / 2], element 2i in the high nibble
    std::int64_t n = 0;                     // element count, a multiple of blocksize
    std::int64_t blocksize = 64;            // a multiple of 16
    // Either plain float32 block scales ...
    const float* absmax = nullptr;          // [n / blocksize]
    // ... or bitsandbytes' nested (double-quantized) ones: 8-bit indices into nestedCode, one
    // float32 scale per nestedBlocksize indices, plus the offset.
    const std::uint8_t* absmaxCodes = nullptr;
    const float* nestedCode = nullptr;      // [256]
    const float* nestedAbsmax = nullptr;
    std::int64_t nestedBlocksize = 256;
    float nestedOffset = 0.0f;
    void* out = nullptr;                    // [n] of outputType
    Nf4OutputType outputType = Nf4OutputType::BFloat16;
};

// Whether the kernel handles this shape of problem (else the caller uses the generic path).
bool nf4DequantKernelSupports(std::int64_t n, std::int64_t blocksize);

// Launches on `stream` (a cudaStream_t). Returns an empty string on success, else the CUDA error.
const char* launchNf4Dequant(const Nf4DequantArgs& args, void* stream);

}  // namespace ts::cuda
