// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/nf4.h"

#include "engine/core/error.h"

#include <torch/torch.h>

#if defined(TS_HAVE_NF4_CUDA_KERNEL)
#include "engine/cuda/nf4_dequant_kernel.h"

#include <ATen/cuda/CUDAContext.h>
#endif

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>

namespace ts {
namespace {

std::atomic<bool> nf4CudaKernelEnabled{true};

#if defined(TS_HAVE_NF4_CUDA_KERNEL)
bool useNf4CudaKernel() { return nf4CudaKernelEnabled.load(std::memory_order_relaxed); }
#endif

constexpr std::array<float, 16> kNf4Code = {
    -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
    -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
    0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
    0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f};

// The pivots of bitsandbytes' dQuantizeNF4 decision tree (csrc/kernels.cu), ascending. They are
// midpoints of adjacent code values; a value equal to a pivot takes the lower code (x > pivot).
constexpr std::array<float, 15> kNf4Thresholds = {
    -0.8480964004993439f, -0.6106329262256622f, -0.4599952697753906f, -0.33967943489551544f,
    -0.23460740596055984f, -0.13791173323988914f, -0.045525018125772476f, 0.03979014977812767f,
    0.1202552504837513f, 0.2035212516784668f, 0.2920137718319893f, 0.3893125355243683f,
    0.5016634166240692f, 0.6427869200706482f, 0.8614784181118011f};

// Elements handled per pass: bounds the int64 temporaries (8 bytes per element) on big weights.
// A multiple of every supported blocksize and even, so chunks never split a block or a byte.
constexpr int64_t kChunkElements = int64_t(1) << 22;

torch::Tensor floatTable(const float* values, int64_t count, torch::Device device) {
    return torch::from_blob(const_cast<float*>(values), {count}, torch::kFloat32)
        .clone()
        .to(device);
}

bool isSupportedFloat(torch::ScalarType t) {
    return t == torch::kFloat32 || t == torch::kFloat16 || t == torch::kBFloat16;
}

int64_t product(const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

std::string shapeText(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

// torch.linspace(start, end, steps) in float32 as torch's scalar CPU kernel computes it.
std::vector<float> linspaceF32(float start, float end, int steps) {
    const float step = (end - start) / static_cast<float>(steps - 1);
    const int halfway = steps / 2;
    std::vector<float> out(steps);
    for (int i = 0; i < steps; ++i)
        out[i] = i < halfway ? start + step * static_cast<float>(i)
                             : end - step * static_cast<float>(steps - i - 1);
    return out;
}

// Quantizes `scaled` values (already divided by their block absmax) to NF4 codes 0..15 (int64).
torch::Tensor nf4Codes(const torch::Tensor& scaled, const torch::Tensor& thresholds) {
    // bucketize(right=false) counts the thresholds strictly below x: the tree's `x > pivot`.
    auto codes = torch::bucketize(scaled, thresholds, /*out_int32=*/false, /*right=*/false);
    // An all-zero block scales to 0 * inf = NaN; the CUDA tree sends NaN to code 0 (every
    // comparison false). The dequantized value is still 0 (code * absmax 0).
    return codes.masked_fill(torch::isnan(scaled), 0);
}

}  // namespace

int64_t Nf4Tensor::numel() const { return product(shape); }

int64_t Nf4Tensor::storageBytes() const {
    int64_t bytes = packed.defined() ? packed.numel() * packed.element_size() : 0;
    if (absmax.defined()) bytes += absmax.numel() * absmax.element_size();
    if (nested) bytes += nested->absmax.numel() * 4 + nested->code.numel() * 4 + 4;
    return bytes;
}

torch::Tensor nf4CodeTable(torch::Device device) {
    return floatTable(kNf4Code.data(), kNf4Code.size(), device);
}

torch::Tensor nf4Thresholds(torch::Device device) {
    return floatTable(kNf4Thresholds.data(), kNf4Thresholds.size(), device);
}

torch::Tensor dynamicQuantMap(torch::Device device) {
    // create_dynamic_map(signed=True, max_exponent_bits=7, total_bits=8): for exponent i the
    // midpoints of linspace(0.1, 1, 2^i + 1) scaled by 10^(i-6), both signs, plus 0 and 1.
    constexpr int kMaxExponentBits = 7;
    std::vector<float> data;
    data.reserve(256);
    for (int i = 0; i < kMaxExponentBits; ++i) {
        const int fractionItems = (1 << i) + 1;
        const auto boundaries = linspaceF32(0.1f, 1.0f, fractionItems);
        // Python evaluates 10 ** (i - 6) as a double; torch casts it to float32 to multiply.
        const float scale = static_cast<float>(std::pow(10.0, i - (kMaxExponentBits - 1)));
        std::vector<float> means;
        for (int k = 0; k + 1 < fractionItems; ++k)
            means.push_back((boundaries[k] + boundaries[k + 1]) / 2.0f);
        for (float m : means) data.push_back(scale * m);
        for (float m : means) data.push_back(-scale * m);
    }
    data.push_back(0.0f);
    data.push_back(1.0f);
    std::sort(data.begin(), data.end());
    return floatTable(data.data(), static_cast<int64_t>(data.size()), device);
}

std::pair<torch::Tensor, torch::Tensor> quantizeBlockwise8bit(const torch::Tensor& values,
                                                              const torch::Tensor& code,
                                                              int64_t blocksize) {
    if (blocksize <= 0) throw Error("blocksize must be positive", {}, "blocksize");
    if (code.numel() != 256 || code.scalar_type() != torch::kFloat32)
        throw Error("the 8-bit code must be 256 float32 values", {}, "code");
    const auto x = values.to(torch::kFloat32).reshape({-1});
    const int64_t n = x.numel();
    const int64_t blocks = (n + blocksize - 1) / blocksize;
    const auto padded = torch::constant_pad_nd(x, {0, blocks * blocksize - n}, 0);
    const auto absmax = padded.view({blocks, blocksize}).abs().amax(1);
    const auto scaled =
        (padded.view({blocks, blocksize}) * absmax.reciprocal().unsqueeze(1)).reshape({-1}).slice(0, 0, n);
    const auto table = code.to(x.device());

    // csrc/kernels.cu dQuantize<0>, run on all values at once: a 7-step binary search from
    // pivot 127, then the nearer of the two bracketing codes by a float32 midpoint test.
    auto opts = torch::TensorOptions().dtype(torch::kLong).device(x.device());
    auto pivot = torch::full({n}, 127, opts);
    auto upperPivot = torch::full({n}, 255, opts);
    auto lowerPivot = torch::zeros({n}, opts);
    auto lower = torch::full({n}, -1.0f, x.options());
    auto upper = torch::full({n}, 1.0f, x.options());
    auto val = table.index_select(0, pivot);
    for (int64_t step = 64; step > 0; step >>= 1) {
        const auto above = scaled > val;
        lowerPivot = torch::where(above, pivot, lowerPivot);
        lower = torch::where(above, val, lower);
        upperPivot = torch::where(above, upperPivot, pivot);
        upper = torch::where(above, upper, val);
        pivot = pivot + torch::where(above, torch::full_like(pivot, step), torch::full_like(pivot, -step));
        val = table.index_select(0, pivot);
    }
    upper = torch::where(upperPivot == 255, table[255].expand_as(upper), upper);
    lower = torch::where(lowerPivot == 0, table[0].expand_as(lower), lower);
    const auto above = scaled > val;
    const auto upperMid = (upper + val) * 0.5f;
    const auto lowerMid = (lower + val) * 0.5f;
    const auto index = torch::where(above, torch::where(scaled > upperMid, upperPivot, pivot),
                                    torch::where(scaled < lowerMid, lowerPivot, pivot));
    return {index.to(torch::kUInt8), absmax};
}

Nf4Tensor quantizeNf4(const torch::Tensor& weight, DoubleQuant doubleQuant, int64_t blocksize) {
    if (!weight.defined() || weight.numel() == 0)
        throw Error("cannot quantize an empty tensor", {}, "weight");
    if (!isSupportedFloat(weight.scalar_type()))
        throw Error(std::string("NF4 quantization needs a float32, float16 or bfloat16 weight, got ") +
                        c10::toString(weight.scalar_type()),
                    {}, "weight");
    if (blocksize <= 0 || blocksize % 2 != 0 || kChunkElements % blocksize != 0)
        throw Error("blocksize must be an even divisor of " + std::to_string(kChunkElements) +
                        ", got " + std::to_string(blocksize),
                    {}, "blocksize");
    if (!torch::isfinite(weight).all().item<bool>())
        throw Error("the weight has NaN or infinite values", {}, "weight");

    Nf4Tensor q;
    q.shape = weight.sizes().vec();
    q.blocksize = blocksize;
    q.dtype = weight.scalar_type();
    const auto flat = weight.reshape({-1});
    const int64_t n = flat.numel();
    const auto thresholds = nf4Thresholds(weight.device());

    std::vector<torch::Tensor> packedParts, absmaxParts;
    for (int64_t begin = 0; begin < n; begin += kChunkElements) {
        const int64_t count = std::min(kChunkElements, n - begin);
        const int64_t blocks = (count + blocksize - 1) / blocksize;
        // Zero padding, as the CUDA loader pads a partial block: it changes no absmax, and an
        // odd count's last low nibble is the code of 0.0 (7), or 0 in an all-zero block.
        const auto x = torch::constant_pad_nd(flat.slice(0, begin, begin + count).to(torch::kFloat32),
                                              {0, blocks * blocksize - count}, 0)
                           .view({blocks, blocksize});
        const auto absmax = x.abs().amax(1);
        // Multiply by the float32 reciprocal (not divide): bitsandbytes' exact rounding.
        const auto scaled =
            (x * absmax.reciprocal().unsqueeze(1)).reshape({-1}).slice(0, 0, count + count % 2);
        const auto codes = nf4Codes(scaled, thresholds);
        const auto pairs = codes.view({-1, 2});
        packedParts.push_back((pairs.select(1, 0) * 16 + pairs.select(1, 1)).to(torch::kUInt8));
        absmaxParts.push_back(absmax);
    }
    q.packed = torch::cat(packedParts);
    const auto absmax = torch::cat(absmaxParts);

    if (doubleQuant == DoubleQuant::Off) {
        q.absmax = absmax;
        return q;
    }
    // bitsandbytes: offset = absmax.mean(); quantize_blockwise(absmax - offset, blocksize=256).
    // The mean is taken in float64 and rounded once, so it does not depend on reduction order.
    Nf4NestedAbsmax nested;
    nested.offset = static_cast<float>(absmax.to(torch::kFloat64).mean().item<double>());
    nested.code = dynamicQuantMap(weight.device());
    nested.blocksize = kNf4NestedBlockSize;
    auto [indices, absmax2] = quantizeBlockwise8bit(absmax - nested.offset, nested.code,
                                                    nested.blocksize);
    nested.absmax = absmax2;
    q.absmax = indices;
    q.nested = std::move(nested);
    return q;
}

torch::Tensor nf4BlockAbsmax(const Nf4Tensor& q) {
    if (!q.nested) return q.absmax.to(torch::kFloat32);
    const auto& s = *q.nested;
    const int64_t n = q.absmax.numel();
    const int64_t blocks = s.absmax.numel();
    const auto values = s.code.to(q.absmax.device()).index_select(0, q.absmax.to(torch::kLong));
    const auto padded = torch::constant_pad_nd(values, {0, blocks * s.blocksize - n}, 0);
    // dequantize_blockwise (code * absmax2, float32) then + offset, as bitsandbytes does.
    return (padded.view({blocks, s.blocksize}) * s.absmax.unsqueeze(1)).reshape({-1}).slice(0, 0, n) +
           s.offset;
}

namespace {

// The 256 possible packed bytes decoded to their two code values (high nibble first), float32
// [256, 2], one copy per device: a dequantization is then one gather of byte pairs and one
// multiply by the block scales, instead of unpacking nibbles into int64 codes. Built once per
// device because creating it means a host-to-device copy (a synchronisation on CUDA).
torch::Tensor bytePairTable(torch::Device device) {
    static std::mutex mutex;
    static std::map<std::string, torch::Tensor> tables;
    std::lock_guard<std::mutex> lock(mutex);
    auto& table = tables[device.str()];
    if (!table.defined()) {
        std::vector<float> pairs(512);
        for (int byte = 0; byte < 256; ++byte) {
            pairs[2 * byte] = kNf4Code[byte >> 4];
            pairs[2 * byte + 1] = kNf4Code[byte & 15];
        }
        table = floatTable(pairs.data(), 512, device).view({256, 2});
    }
    return table;
}

// Elements per pass of the byte-pair path: bounds its float32 temporary (4 bytes an element).
constexpr int64_t kPairChunkElements = int64_t(1) << 24;

#if defined(TS_HAVE_NF4_CUDA_KERNEL)
// One pass through the CUDA kernel when the weight lives on a GPU and is made of whole blocks
// (every weight matrix in practice). Returns false when the kernel does not apply.
bool dequantizeWithCudaKernel(const Nf4Tensor& q, torch::Tensor& out) {
    if (!q.packed.is_cuda() || !cuda::nf4DequantKernelSupports(q.numel(), q.blocksize)) return false;
    cuda::Nf4DequantArgs args;
    const auto packed = q.packed.contiguous();
    const auto absmax = q.absmax.contiguous();
    args.packed = packed.data_ptr<std::uint8_t>();
    args.n = q.numel();
    args.blocksize = q.blocksize;
    torch::Tensor nestedCode, nestedAbsmax;
    if (q.nested) {
        nestedCode = q.nested->code.to(q.packed.device()).contiguous();
        nestedAbsmax = q.nested->absmax.to(q.packed.device()).contiguous();
        args.absmaxCodes = absmax.data_ptr<std::uint8_t>();
        args.nestedCode = nestedCode.data_ptr<float>();
        args.nestedAbsmax = nestedAbsmax.data_ptr<float>();
        args.nestedBlocksize = q.nested->blocksize;
        args.nestedOffset = q.nested->offset;
    } else {
        args.absmax = absmax.data_ptr<float>();
    }
    args.out = out.data_ptr();
    switch (out.scalar_type()) {
    case torch::kFloat32: args.outputType = cuda::Nf4OutputType::Float32; break;
    case torch::kFloat16: args.outputType = cuda::Nf4OutputType::Float16; break;
    case torch::kBFloat16: args.outputType = cuda::Nf4OutputType::BFloat16; break;
    default: return false;
    }
    const std::string error = cuda::launchNf4Dequant(args, at::cuda::getCurrentCUDAStream().stream());
    if (!error.empty()) throw Error("the NF4 dequantization kernel failed: " + error, {}, "packed");
    return true;
}
#endif

}  // namespace

bool nf4CudaKernelBuilt() {
#if defined(TS_HAVE_NF4_CUDA_KERNEL)
    return true;
#else
    return false;
#endif
}

void setNf4CudaKernelEnabled(bool enabled) { nf4CudaKernelEnabled.store(enabled, std::memory_order_relaxed); }

torch::Tensor dequantizeNf4(const Nf4Tensor& q, torch::ScalarType outDtype) {
    validateNf4(q);
    if (!isSupportedFloat(outDtype))
        throw Error(std::string("NF4 dequantizes to float32, float16 or bfloat16, not ") +
                        c10::toString(outDtype),
                    {}, "outDtype");
    const int64_t n = q.numel();
    const auto device = q.packed.device();
    auto out = torch::empty({n}, torch::TensorOptions().dtype(outDtype).device(device));
#if defined(TS_HAVE_NF4_CUDA_KERNEL)
    if (useNf4CudaKernel() && dequantizeWithCudaKernel(q, out)) return out.view(q.shape);
#endif
    const auto absmax = nf4BlockAbsmax(q).to(device);
    if (n % q.blocksize == 0) {
        // Whole blocks (every weight matrix in practice): code * absmax in float32, rounded once
        // to the output dtype, as bitsandbytes' kernel does.
        const auto pairTable = bytePairTable(device);
        const int64_t chunk = kPairChunkElements - kPairChunkElements % q.blocksize;
        for (int64_t begin = 0; begin < n; begin += chunk) {
            const int64_t count = std::min(chunk, n - begin);
            const int64_t blocks = count / q.blocksize;
            const auto bytes = q.packed.slice(0, begin / 2, (begin + count) / 2).to(torch::kInt);
            const auto values = pairTable.index_select(0, bytes).view({blocks, q.blocksize});
            const auto scales = absmax.slice(0, begin / q.blocksize, begin / q.blocksize + blocks);
            auto target = out.slice(0, begin, begin + count).view({blocks, q.blocksize});
            torch::mul_out(target, values, scales.unsqueeze(1));
        }
        return out.view(q.shape);
    }
    // A partial last block: unpack the codes one by one and pad to whole blocks.
    const auto table = nf4CodeTable(device);
    for (int64_t begin = 0; begin < n; begin += kChunkElements) {
        const int64_t count = std::min(kChunkElements, n - begin);
        const int64_t blocks = (count + q.blocksize - 1) / q.blocksize;
        const auto bytes = q.packed.slice(0, begin / 2, (begin + count + 1) / 2).to(torch::kLong);
        const auto codes = torch::stack({torch::__rshift__(bytes, 4), torch::bitwise_and(bytes, 15)}, 1)
                               .reshape({-1});
        const auto values = torch::constant_pad_nd(table.index_select(0, codes),
                                                   {0, blocks * q.blocksize - codes.numel()}, 0)
                                .view({blocks, q.blocksize});
        const auto scales = absmax.slice(0, begin / q.blocksize, begin / q.blocksize + blocks);
        out.slice(0, begin, begin + count)
            .copy_((values * scales.unsqueeze(1)).reshape({-1}).slice(0, 0, count));
    }
    return out.view(q.shape);
}

void validateNf4(const Nf4Tensor& q, const std::string& source) {
    if (q.shape.empty() || q.numel() <= 0)
        throw Error("shape " + shapeText(q.shape) + " holds no values", source, "shape");
    for (int64_t d : q.shape)
        if (d <= 0) throw Error("shape " + shapeText(q.shape) + " has a non-positive size", source, "shape");
    if (q.blocksize <= 0 || q.blocksize % 2 != 0 || kChunkElements % q.blocksize != 0)
        throw Error("unsupported blocksize " + std::to_string(q.blocksize), source, "blocksize");
    if (!q.packed.defined() || q.packed.scalar_type() != torch::kUInt8 || q.packed.dim() != 1 ||
        q.packed.numel() != (q.numel() + 1) / 2)
        throw Error("packed codes must be uint8 [" + std::to_string((q.numel() + 1) / 2) +
                        "] for shape " + shapeText(q.shape),
                    source, "packed");
    const auto wantAbsmaxType = q.nested ? torch::kUInt8 : torch::kFloat32;
    if (!q.absmax.defined() || q.absmax.scalar_type() != wantAbsmaxType || q.absmax.dim() != 1 ||
        q.absmax.numel() != q.blockCount())
        throw Error(std::string("absmax must be ") + c10::toString(wantAbsmaxType) + " [" +
                        std::to_string(q.blockCount()) + "]",
                    source, "absmax");
    if (q.nested) {
        const auto& s = *q.nested;
        if (s.blocksize <= 0) throw Error("nested blocksize must be positive", source, "nested_blocksize");
        const int64_t blocks2 = (q.blockCount() + s.blocksize - 1) / s.blocksize;
        if (!s.absmax.defined() || s.absmax.scalar_type() != torch::kFloat32 ||
            s.absmax.numel() != blocks2)
            throw Error("nested absmax must be float32 [" + std::to_string(blocks2) + "]", source,
                        "nested_absmax");
        if (!s.code.defined() || s.code.scalar_type() != torch::kFloat32 || s.code.numel() != 256)
            throw Error("nested quant map must be float32 [256]", source, "nested_quant_map");
        if (!std::isfinite(s.offset)) throw Error("nested offset is not finite", source, "nested_offset");
    }
}

}  // namespace ts
