// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/formats/dequant.h"

#include "engine/core/error.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <cstring>

namespace ts {

namespace {

// IEEE binary16 -> binary32, exact for every input (subnormals, infinities, NaN payloads).
float halfToFloat(const std::uint8_t* p) {
    std::uint16_t h;
    std::memcpy(&h, p, 2);
    const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
    std::uint32_t exponent = (h >> 10) & 0x1Fu;
    std::uint32_t mantissa = h & 0x3FFu;
    std::uint32_t bits;
    if (exponent == 0x1F) {
        bits = sign | 0x7F800000u | (mantissa << 13);
    } else if (exponent != 0) {
        bits = sign | ((exponent + (127 - 15)) << 23) | (mantissa << 13);
    } else if (mantissa == 0) {
        bits = sign;
    } else {  // subnormal: shift the leading one into the implicit position
        exponent = 127 - 15 + 1;
        while ((mantissa & 0x400u) == 0) {
            mantissa <<= 1;
            --exponent;
        }
        bits = sign | (exponent << 23) | ((mantissa & 0x3FFu) << 13);
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

float bf16ToFloat(const std::uint8_t* p) {
    std::uint16_t bits;
    std::memcpy(&bits, p, 2);
    const std::uint32_t wide = static_cast<std::uint32_t>(bits) << 16;
    float f;
    std::memcpy(&f, &wide, 4);
    return f;
}

std::uint32_t readU32(const std::uint8_t* p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

// ---- 32-element blocks ------------------------------------------------------------------------
// Within a block, byte j holds element j in its low nibble and element j + 16 in its high one.

void decodeQ4_0(const std::uint8_t* b, float* y) {  // f16 d, u8 qs[16]
    const float d = halfToFloat(b);
    const std::uint8_t* qs = b + 2;
    for (int j = 0; j < 16; ++j) {
        y[j] = static_cast<float>((qs[j] & 0x0F) - 8) * d;
        y[j + 16] = static_cast<float>((qs[j] >> 4) - 8) * d;
    }
}

void decodeQ4_1(const std::uint8_t* b, float* y) {  // f16 d, f16 m, u8 qs[16]
    const float d = halfToFloat(b), m = halfToFloat(b + 2);
    const std::uint8_t* qs = b + 4;
    for (int j = 0; j < 16; ++j) {
        y[j] = static_cast<float>(qs[j] & 0x0F) * d + m;
        y[j + 16] = static_cast<float>(qs[j] >> 4) * d + m;
    }
}

// Q5: the fifth bit of element i is bit i of the 32-bit qh.
void decodeQ5_0(const std::uint8_t* b, float* y) {  // f16 d, u32 qh, u8 qs[16]
    const float d = halfToFloat(b);
    const std::uint32_t qh = readU32(b + 2);
    const std::uint8_t* qs = b + 6;
    for (int j = 0; j < 16; ++j) {
        const int high0 = static_cast<int>((qh >> j) << 4) & 0x10;
        const int high1 = static_cast<int>(qh >> (j + 12)) & 0x10;
        y[j] = static_cast<float>(((qs[j] & 0x0F) | high0) - 16) * d;
        y[j + 16] = static_cast<float>(((qs[j] >> 4) | high1) - 16) * d;
    }
}

void decodeQ5_1(const std::uint8_t* b, float* y) {  // f16 d, f16 m, u32 qh, u8 qs[16]
    const float d = halfToFloat(b), m = halfToFloat(b + 2);
    const std::uint32_t qh = readU32(b + 4);
    const std::uint8_t* qs = b + 8;
    for (int j = 0; j < 16; ++j) {
        const int high0 = static_cast<int>((qh >> j) << 4) & 0x10;
        const int high1 = static_cast<int>(qh >> (j + 12)) & 0x10;
        y[j] = static_cast<float>((qs[j] & 0x0F) | high0) * d + m;
        y[j + 16] = static_cast<float>((qs[j] >> 4) | high1) * d + m;
    }
}

void decodeQ8_0(const std::uint8_t* b, float* y) {  // f16 d, i8 qs[32]
    const float d = halfToFloat(b);
    const auto* qs = reinterpret_cast<const std::int8_t*>(b + 2);
    for (int j = 0; j < 32; ++j) y[j] = static_cast<float>(qs[j]) * d;
}

// ---- 256-element super-blocks (K-quants) ------------------------------------------------------

// Eight 6-bit scales and eight 6-bit mins packed into 12 bytes (ggml's get_scale_min_k4).
void scaleMinK4(int j, const std::uint8_t* q, std::uint8_t& scale, std::uint8_t& min) {
    if (j < 4) {
        scale = q[j] & 63;
        min = q[j + 4] & 63;
    } else {
        scale = static_cast<std::uint8_t>((q[j + 4] & 0x0F) | ((q[j - 4] >> 6) << 4));
        min = static_cast<std::uint8_t>((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
    }
}

// f16 d, f16 dmin, u8 scales[12], u8 qs[128]: eight sub-blocks of 32, each d*scale*q - dmin*min.
void decodeQ4_K(const std::uint8_t* b, float* y) {
    const float d = halfToFloat(b), dmin = halfToFloat(b + 2);
    const std::uint8_t* scales = b + 4;
    const std::uint8_t* q = b + 16;
    for (int j = 0; j < 4; ++j, q += 32, y += 64) {
        std::uint8_t sc, m;
        scaleMinK4(2 * j, scales, sc, m);
        const float d1 = d * sc, m1 = dmin * m;
        scaleMinK4(2 * j + 1, scales, sc, m);
        const float d2 = d * sc, m2 = dmin * m;
        for (int l = 0; l < 32; ++l) y[l] = d1 * static_cast<float>(q[l] & 0x0F) - m1;
        for (int l = 0; l < 32; ++l) y[l + 32] = d2 * static_cast<float>(q[l] >> 4) - m2;
    }
}

// f16 d, f16 dmin, u8 scales[12], u8 qh[32], u8 qs[128]: as Q4_K plus a fifth bit per element,
// bit i of qh[l] belonging to sub-block i.
void decodeQ5_K(const std::uint8_t* b, float* y) {
    const float d = halfToFloat(b), dmin = halfToFloat(b + 2);
    const std::uint8_t* scales = b + 4;
    const std::uint8_t* qh = b + 16;
    const std::uint8_t* ql = b + 48;
    for (int j = 0; j < 4; ++j, ql += 32, y += 64) {
        std::uint8_t sc, m;
        scaleMinK4(2 * j, scales, sc, m);
        const float d1 = d * sc, m1 = dmin * m;
        scaleMinK4(2 * j + 1, scales, sc, m);
        const float d2 = d * sc, m2 = dmin * m;
        const std::uint8_t bitLow = static_cast<std::uint8_t>(1u << (2 * j));
        const std::uint8_t bitHigh = static_cast<std::uint8_t>(2u << (2 * j));
        for (int l = 0; l < 32; ++l)
            y[l] = d1 * static_cast<float>((ql[l] & 0x0F) + ((qh[l] & bitLow) ? 16 : 0)) - m1;
        for (int l = 0; l < 32; ++l)
            y[l + 32] = d2 * static_cast<float>((ql[l] >> 4) + ((qh[l] & bitHigh) ? 16 : 0)) - m2;
    }
}

// u8 ql[128] (low 4 bits), u8 qh[64] (high 2 bits), i8 scales[16] (one per 16 elements), f16 d.
void decodeQ6_K(const std::uint8_t* b, float* y) {
    const std::uint8_t* ql = b;
    const std::uint8_t* qh = b + 128;
    const auto* sc = reinterpret_cast<const std::int8_t*>(b + 192);
    const float d = halfToFloat(b + 208);
    for (int half = 0; half < 2; ++half, ql += 64, qh += 32, sc += 8, y += 128) {
        for (int l = 0; l < 32; ++l) {
            const int is = l / 16;
            const int q1 = ((ql[l] & 0x0F) | (((qh[l] >> 0) & 3) << 4)) - 32;
            const int q2 = ((ql[l + 32] & 0x0F) | (((qh[l] >> 2) & 3) << 4)) - 32;
            const int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
            const int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
            y[l] = d * static_cast<float>(sc[is + 0]) * static_cast<float>(q1);
            y[l + 32] = d * static_cast<float>(sc[is + 2]) * static_cast<float>(q2);
            y[l + 64] = d * static_cast<float>(sc[is + 4]) * static_cast<float>(q3);
            y[l + 96] = d * static_cast<float>(sc[is + 6]) * static_cast<float>(q4);
        }
    }
}

// ---- plain element types (a "block" of one element) -------------------------------------------

void decodeF32(const std::uint8_t* b, float* y) { std::memcpy(y, b, 4); }
void decodeF16(const std::uint8_t* b, float* y) { *y = halfToFloat(b); }
void decodeBF16(const std::uint8_t* b, float* y) { *y = bf16ToFloat(b); }
void decodeF64(const std::uint8_t* b, float* y) {
    double v;
    std::memcpy(&v, b, 8);
    *y = static_cast<float>(v);
}

using BlockDecoder = void (*)(const std::uint8_t*, float*);

BlockDecoder decoderFor(GgmlType type) {
    switch (type) {
    case GgmlType::F32: return decodeF32;
    case GgmlType::F16: return decodeF16;
    case GgmlType::BF16: return decodeBF16;
    case GgmlType::F64: return decodeF64;
    case GgmlType::Q4_0: return decodeQ4_0;
    case GgmlType::Q4_1: return decodeQ4_1;
    case GgmlType::Q5_0: return decodeQ5_0;
    case GgmlType::Q5_1: return decodeQ5_1;
    case GgmlType::Q8_0: return decodeQ8_0;
    case GgmlType::Q4_K: return decodeQ4_K;
    case GgmlType::Q5_K: return decodeQ5_K;
    case GgmlType::Q6_K: return decodeQ6_K;
    default: return nullptr;
    }
}

}  // namespace

bool canDequantize(GgmlType type) { return decoderFor(type) != nullptr; }

void dequantizeInto(GgmlType type, const std::uint8_t* src, std::uint64_t srcBytes, float* dst,
                    std::uint64_t elementCount, const std::string& file,
                    const std::string& tensorName) {
    const BlockDecoder decode = decoderFor(type);
    const auto* traits = ggmlTypeTraits(static_cast<std::uint32_t>(type));
    if (!decode || !traits)
        throw Error("cannot dequantize tensor type " + ggmlTypeName(type) +
                        " (supported: F32, F16, BF16, F64, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, "
                        "Q5_K, Q6_K)",
                    file, tensorName);
    if (elementCount % traits->blockElements != 0)
        throw Error(std::to_string(elementCount) + " elements are not a whole number of " +
                        traits->name + " blocks",
                    file, tensorName);
    const std::uint64_t blocks = elementCount / traits->blockElements;
    if (blocks > srcBytes / traits->blockBytes)
        throw Error("data holds " + std::to_string(srcBytes) + " bytes, fewer than " +
                        std::to_string(blocks) + " " + traits->name + " blocks need",
                    file, tensorName);
    const std::int64_t blockElements = traits->blockElements, blockBytes = traits->blockBytes;
    // Plain types decode one element per call: give each task many of them.
    const std::int64_t grain = blockElements == 1 ? 1 << 16 : 1 << 10;
    at::parallel_for(0, static_cast<std::int64_t>(blocks), grain,
                     [&](std::int64_t begin, std::int64_t end) {
                         for (std::int64_t i = begin; i < end; ++i)
                             decode(src + i * blockBytes, dst + i * blockElements);
                     });
}

at::Tensor dequantize(const GgufFile& file, const GgufTensorInfo& info) {
    auto out = at::empty(info.torchShape(), at::TensorOptions().dtype(at::kFloat));
    dequantizeInto(info.type, file.tensorData(info), info.byteSize, out.data_ptr<float>(),
                   info.elementCount, file.path(), info.name);
    return out;
}

at::Tensor dequantize(const GgufFile& file, const std::string& tensorName) {
    return dequantize(file, file.tensor(tensorName));
}

}  // namespace ts
