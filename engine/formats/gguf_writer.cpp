// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/formats/gguf_writer.h"

#include "engine/core/error.h"
#include "engine/formats/atomic_file.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace ts {

namespace {

constexpr std::uint32_t kGgufVersion = 3;

void appendBytes(std::vector<std::uint8_t>& out, const void* data, std::size_t bytes) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    out.insert(out.end(), p, p + bytes);
}
// GGUF is little-endian; so is every machine this engine runs on (x86-64, aarch64).
template <typename T>
void appendScalar(std::vector<std::uint8_t>& out, T value) {
    appendBytes(out, &value, sizeof value);
}
void appendString(std::vector<std::uint8_t>& out, const std::string& text) {
    appendScalar<std::uint64_t>(out, text.size());
    appendBytes(out, text.data(), text.size());
}


}  // namespace

std::uint16_t floatToHalfBits(float value) {
    std::uint32_t f;
    std::memcpy(&f, &value, sizeof f);
    const std::uint32_t sign = (f >> 16) & 0x8000u;
    const std::uint32_t exponent = (f >> 23) & 0xffu;
    std::uint32_t mantissa = f & 0x7fffffu;
    if (exponent == 0xffu)  // infinity, or NaN (kept quiet and non-zero)
        return static_cast<std::uint16_t>(sign | 0x7c00u | (mantissa ? 0x200u | (mantissa >> 13) : 0u));
    const int halfExponent = static_cast<int>(exponent) - 127 + 15;
    if (halfExponent >= 0x1f) return static_cast<std::uint16_t>(sign | 0x7c00u);  // overflow
    if (halfExponent <= 0) {
        // Subnormal half (or zero): shift the full significand, rounding to nearest even.
        if (halfExponent < -10) return static_cast<std::uint16_t>(sign);
        mantissa |= 0x800000u;
        const int shift = 14 - halfExponent;
        std::uint32_t half = mantissa >> shift;
        const std::uint32_t rest = mantissa & ((1u << shift) - 1u);
        const std::uint32_t halfway = 1u << (shift - 1);
        if (rest > halfway || (rest == halfway && (half & 1u))) ++half;
        return static_cast<std::uint16_t>(sign | half);
    }
    std::uint32_t half = (static_cast<std::uint32_t>(halfExponent) << 10) | (mantissa >> 13);
    const std::uint32_t rest = mantissa & 0x1fffu;
    // A carry out of the mantissa correctly bumps the exponent (up to infinity).
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) ++half;
    return static_cast<std::uint16_t>(sign | half);
}

float halfBitsToFloat(std::uint16_t bits) {
    const std::uint32_t sign = (bits & 0x8000u) << 16;
    const std::uint32_t exponent = (bits >> 10) & 0x1fu;
    const std::uint32_t mantissa = bits & 0x3ffu;
    float magnitude;
    if (exponent == 0) magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    else if (exponent == 0x1f)
        magnitude = mantissa ? std::numeric_limits<float>::quiet_NaN()
                             : std::numeric_limits<float>::infinity();
    else magnitude = std::ldexp(static_cast<float>(mantissa | 0x400u), static_cast<int>(exponent) - 25);
    std::uint32_t out;
    std::memcpy(&out, &magnitude, sizeof out);
    out |= sign;
    float result;
    std::memcpy(&result, &out, sizeof result);
    return result;
}

GgufWriter::GgufWriter(std::uint32_t alignment) : alignment_(alignment) {
    if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        throw Error("alignment " + std::to_string(alignment) + " is not a power of two", {},
                    "general.alignment");
    if (alignment != GgufFile::kDefaultAlignment) addUInt32("general.alignment", alignment);
}

void GgufWriter::beginKey(const std::string& key, GgufValueType type) {
    if (key.empty()) throw Error("metadata key is empty", {}, "key");
    if (!keys_.insert(key).second) throw Error("metadata key is added twice", {}, key);
    appendString(keySection_, key);
    appendScalar<std::uint32_t>(keySection_, static_cast<std::uint32_t>(type));
}

void GgufWriter::addString(const std::string& key, const std::string& value) {
    beginKey(key, GgufValueType::String);
    appendString(keySection_, value);
}
void GgufWriter::addUInt32(const std::string& key, std::uint32_t value) {
    beginKey(key, GgufValueType::UInt32);
    appendScalar(keySection_, value);
}
void GgufWriter::addInt32(const std::string& key, std::int32_t value) {
    beginKey(key, GgufValueType::Int32);
    appendScalar(keySection_, value);
}
void GgufWriter::addUInt64(const std::string& key, std::uint64_t value) {
    beginKey(key, GgufValueType::UInt64);
    appendScalar(keySection_, value);
}
void GgufWriter::addFloat32(const std::string& key, float value) {
    beginKey(key, GgufValueType::Float32);
    appendScalar(keySection_, value);
}
void GgufWriter::addBool(const std::string& key, bool value) {
    beginKey(key, GgufValueType::Bool);
    appendScalar<std::uint8_t>(keySection_, value ? 1 : 0);
}
void GgufWriter::addStringArray(const std::string& key, const std::vector<std::string>& values) {
    beginKey(key, GgufValueType::Array);
    appendScalar<std::uint32_t>(keySection_, static_cast<std::uint32_t>(GgufValueType::String));
    appendScalar<std::uint64_t>(keySection_, values.size());
    for (const auto& v : values) appendString(keySection_, v);
}
void GgufWriter::addInt32Array(const std::string& key, const std::vector<std::int32_t>& values) {
    beginKey(key, GgufValueType::Array);
    appendScalar<std::uint32_t>(keySection_, static_cast<std::uint32_t>(GgufValueType::Int32));
    appendScalar<std::uint64_t>(keySection_, values.size());
    for (auto v : values) appendScalar(keySection_, v);
}

std::uint64_t GgufWriter::aligned(std::uint64_t offset) const {
    return (offset + alignment_ - 1) / alignment_ * alignment_;
}

void GgufWriter::addTensor(const std::string& name, const std::vector<std::uint64_t>& dims,
                           const std::vector<float>& values, GgmlType type) {
    if (name.empty()) throw Error("tensor name is empty", {}, "tensor");
    if (name.size() > kMaxTensorNameBytes)
        throw Error("tensor name is longer than ggml's " + std::to_string(kMaxTensorNameBytes) +
                        " bytes",
                    {}, name);
    if (tensorNames_.count(name) != 0) throw Error("tensor is added twice", {}, name);
    if (dims.empty() || dims.size() > kMaxDims)
        throw Error("a tensor needs 1 to " + std::to_string(kMaxDims) + " dimensions, found " +
                        std::to_string(dims.size()),
                    {}, name);
    std::uint64_t elements = 1;
    for (auto d : dims) {
        if (d == 0) throw Error("a dimension is zero", {}, name);
        if (elements > std::numeric_limits<std::uint64_t>::max() / d)
            throw Error("dimensions overflow", {}, name);
        elements *= d;
    }
    if (elements != values.size())
        throw Error("dimensions hold " + std::to_string(elements) + " values, given " +
                        std::to_string(values.size()),
                    {}, name);
    Tensor t{name, dims, type, {}, dataBytes_};
    if (type == GgmlType::F32) {
        t.bytes.resize(values.size() * sizeof(float));
        std::memcpy(t.bytes.data(), values.data(), t.bytes.size());
    } else if (type == GgmlType::F16) {
        t.bytes.resize(values.size() * sizeof(std::uint16_t));
        for (std::size_t i = 0; i < values.size(); ++i) {
            const auto h = floatToHalfBits(values[i]);
            std::memcpy(t.bytes.data() + 2 * i, &h, sizeof h);
        }
    } else {
        throw Error("the writer stores F32 or F16 tensors, not " + ggmlTypeName(type), {}, name);
    }
    dataBytes_ = aligned(dataBytes_ + t.bytes.size());
    tensorNames_.insert(name);
    tensors_.push_back(std::move(t));
}

std::uint64_t GgufWriter::headerBytes() const {
    std::uint64_t bytes = 4 + 4 + 8 + 8 + keySection_.size();  // magic, version, counts
    for (const auto& t : tensors_) bytes += 8 + t.name.size() + 4 + 8 * t.dims.size() + 4 + 8;
    return bytes;
}

std::uint64_t GgufWriter::fileBytes() const { return aligned(headerBytes()) + dataBytes_; }

void GgufWriter::write(const std::string& path) const {
    std::vector<std::uint8_t> header;
    header.reserve(static_cast<std::size_t>(headerBytes()));
    appendBytes(header, "GGUF", 4);
    appendScalar<std::uint32_t>(header, kGgufVersion);
    appendScalar<std::uint64_t>(header, tensors_.size());
    appendScalar<std::uint64_t>(header, keys_.size());
    header.insert(header.end(), keySection_.begin(), keySection_.end());
    for (const auto& t : tensors_) {
        appendString(header, t.name);
        appendScalar<std::uint32_t>(header, static_cast<std::uint32_t>(t.dims.size()));
        for (auto d : t.dims) appendScalar<std::uint64_t>(header, d);
        appendScalar<std::uint32_t>(header, static_cast<std::uint32_t>(t.type));
        appendScalar<std::uint64_t>(header, t.offset);
    }
    AtomicFile out(path);
    out.write(header.data(), header.size());
    out.zeros(aligned(header.size()) - header.size());
    for (const auto& t : tensors_) {
        out.write(t.bytes.data(), t.bytes.size());
        out.zeros(aligned(t.bytes.size()) - t.bytes.size());
    }
    out.commit();
}

}  // namespace ts
