// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/cuda/nf4_dequant_kernel.h"

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

namespace ts::cuda {
namespace {

// bitsandbytes' NF4 code values (the same table as nf4.cpp's kNf4Code).
__constant__ float kCode[16] = {
    -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
    -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
    0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
    0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f};

// Each thread decodes 8 packed bytes (16 values, one 8-byte load) that lie in one quantization
// block, so it reads one scale. Products in float32 with explicit rounding (no fused
// multiply-add), so the result equals the generic path's bit for bit: nested scale =
// code2 * absmax2 + offset, value = code * scale, rounded once to the output type.
constexpr int kValuesPerThread = 16;

__device__ __forceinline__ void store16(float* out, const float (&v)[16]) {
    float4* dst = reinterpret_cast<float4*>(out);
#pragma unroll
    for (int i = 0; i < 4; ++i) dst[i] = make_float4(v[4 * i], v[4 * i + 1], v[4 * i + 2], v[4 * i + 3]);
}

__device__ __forceinline__ void store16(__nv_bfloat16* out, const float (&v)[16]) {
    __nv_bfloat162 pairs[8];
#pragma unroll
    for (int i = 0; i < 8; ++i) pairs[i] = __floats2bfloat162_rn(v[2 * i], v[2 * i + 1]);
    const uint4* src = reinterpret_cast<const uint4*>(pairs);
    uint4* dst = reinterpret_cast<uint4*>(out);
    dst[0] = src[0];
    dst[1] = src[1];
}

__device__ __forceinline__ void store16(__half* out, const float (&v)[16]) {
    __half2 pairs[8];
#pragma unroll
    for (int i = 0; i < 8; ++i) pairs[i] = __floats2half2_rn(v[2 * i], v[2 * i + 1]);
    const uint4* src = reinterpret_cast<const uint4*>(pairs);
    uint4* dst = reinterpret_cast<uint4*>(out);
    dst[0] = src[0];
    dst[1] = src[1];
}

template <typename Out>
__global__ void nf4DequantKernel(Nf4DequantArgs a, Out* out) {
    // The code table in shared memory: threads of a warp look up different codes, which the
    // constant cache would serve one address at a time.
    __shared__ float code[16];
    if (threadIdx.x < 16) code[threadIdx.x] = kCode[threadIdx.x];
    __syncthreads();
    const std::int64_t groups = a.n / kValuesPerThread;
    const std::int64_t stride = std::int64_t(gridDim.x) * blockDim.x;
    for (std::int64_t g = std::int64_t(blockIdx.x) * blockDim.x + threadIdx.x; g < groups; g += stride) {
        const std::int64_t first = g * kValuesPerThread;
        const std::int64_t block = first / a.blocksize;
        float scale;
        if (a.absmaxCodes) {
            const float restored = __fmul_rn(a.nestedCode[a.absmaxCodes[block]],
                                             a.nestedAbsmax[block / a.nestedBlocksize]);
            scale = __fadd_rn(restored, a.nestedOffset);
        } else {
            scale = a.absmax[block];
        }
        const uint2 bytes = reinterpret_cast<const uint2*>(a.packed)[g];
        float v[16];
#pragma unroll
        for (int i = 0; i < 4; ++i) {
            const unsigned lo = (bytes.x >> (8 * i)) & 0xffu;
            const unsigned hi = (bytes.y >> (8 * i)) & 0xffu;
            v[2 * i] = __fmul_rn(code[lo >> 4], scale);
            v[2 * i + 1] = __fmul_rn(code[lo & 15u], scale);
            v[8 + 2 * i] = __fmul_rn(code[hi >> 4], scale);
            v[8 + 2 * i + 1] = __fmul_rn(code[hi & 15u], scale);
        }
        store16(out + first, v);
    }
}

}  // namespace

bool nf4DequantKernelSupports(std::int64_t n, std::int64_t blocksize) {
    return n > 0 && blocksize > 0 && blocksize % kValuesPerThread == 0 && n % blocksize == 0;
}

const char* launchNf4Dequant(const Nf4DequantArgs& args, void* stream) {
    if (!nf4DequantKernelSupports(args.n, args.blocksize)) return "unsupported NF4 shape for the CUDA kernel";
    const std::int64_t groups = args.n / kValuesPerThread;
    constexpr int threads = 256;
    // Enough blocks to fill the device several times over; the grid-stride loop covers the rest.
    const std::int64_t wanted = (groups + threads - 1) / threads;
    const unsigned blocks = static_cast<unsigned>(wanted < 65535 * 8 ? wanted : 65535 * 8);
    auto s = static_cast<cudaStream_t>(stream);
    switch (args.outputType) {
    case Nf4OutputType::Float32:
        nf4DequantKernel<float><<<blocks, threads, 0, s>>>(args, static_cast<float*>(args.out));
        break;
    case Nf4OutputType::Float16:
        nf4DequantKernel<__half><<<blocks, threads, 0, s>>>(args, static_cast<__half*>(args.out));
        break;
    case Nf4OutputType::BFloat16:
        nf4DequantKernel<__nv_bfloat16><<<blocks, threads, 0, s>>>(args, static_cast<__nv_bfloat16*>(args.out));
        break;
    }
    const cudaError_t err = cudaGetLastError();
    return err == cudaSuccess ? "" : cudaGetErrorString(err);
}

}  // namespace ts::cuda
