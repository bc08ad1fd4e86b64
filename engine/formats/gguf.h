// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// GGUF (versions 2 and 3), the llama.cpp model format: a header, typed key/value metadata,
// tensor descriptions, then the tensor data section aligned to general.alignment (default 32).
// The reader maps the file and validates every length, count and offset against the file before
// using it; any inconsistency is a ts::Error naming the file and the key or tensor. Torch-free:
// dequantization lives in dequant.h.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ts {

class MappedFile;

enum class GgufValueType : std::uint32_t {
    UInt8 = 0, Int8 = 1, UInt16 = 2, Int16 = 3, UInt32 = 4, Int32 = 5, Float32 = 6, Bool = 7,
    String = 8, Array = 9, UInt64 = 10, Int64 = 11, Float64 = 12,
};
const char* ggufValueTypeName(GgufValueType type);

// ggml tensor types, numbered as in ggml.h (gaps are retired types).
enum class GgmlType : std::uint32_t {
    F32 = 0, F16 = 1, Q4_0 = 2, Q4_1 = 3, Q5_0 = 6, Q5_1 = 7, Q8_0 = 8, Q8_1 = 9, Q2_K = 10,
    Q3_K = 11, Q4_K = 12, Q5_K = 13, Q6_K = 14, Q8_K = 15, IQ2_XXS = 16, IQ2_XS = 17,
    IQ3_XXS = 18, IQ1_S = 19, IQ4_NL = 20, IQ3_S = 21, IQ2_S = 22, IQ4_XS = 23, I8 = 24,
    I16 = 25, I32 = 26, I64 = 27, F64 = 28, IQ1_M = 29, BF16 = 30, TQ1_0 = 34, TQ2_0 = 35,
    MXFP4 = 39, NVFP4 = 40, Q1_0 = 41,
};

struct GgmlTypeTraits {
    const char* name;        // "Q4_K", as ggml spells it
    std::uint32_t blockElements;  // elements per block (1 for plain types)
    std::uint32_t blockBytes;     // bytes per block
};
// Null for a type id ggml does not define.
const GgmlTypeTraits* ggmlTypeTraits(std::uint32_t typeId);
// "Q4_K", or "type 99" for an unknown id.
std::string ggmlTypeName(GgmlType type);

// One metadata value. Scalars use the member matching their type: every integer type in
// `integer` (UInt64 values above INT64_MAX are kept in `unsignedInteger` too), Float32/Float64 in
// `real`, Bool in `boolean`, String in `text`. Arrays keep their element type and items.
struct GgufValue {
    GgufValueType type = GgufValueType::UInt8;
    std::int64_t integer = 0;
    std::uint64_t unsignedInteger = 0;
    double real = 0.0;
    bool boolean = false;
    std::string text;
    GgufValueType elementType = GgufValueType::UInt8;  // arrays only
    std::vector<GgufValue> items;                      // arrays only

    bool isInteger() const;
    bool isFloat() const { return type == GgufValueType::Float32 || type == GgufValueType::Float64; }
};

struct GgufTensorInfo {
    std::string name;
    std::vector<std::uint64_t> dims;  // as stored: fastest-varying first (ggml's ne[0], ne[1], ..)
    GgmlType type = GgmlType::F32;
    std::uint64_t offset = 0;         // relative to the data section
    std::uint64_t elementCount = 0;
    std::uint64_t byteSize = 0;
    // dims reversed, i.e. the PyTorch / Hugging Face shape (token_embd [576, 49152] -> [49152, 576]).
    std::vector<std::int64_t> torchShape() const;
};

class GgufFile {
public:
    static constexpr std::uint32_t kDefaultAlignment = 32;

    // Throws ts::Error naming the file and the key or tensor for any malformed content.
    static GgufFile open(const std::string& path);

    const std::string& path() const { return path_; }
    std::uint32_t version() const { return version_; }
    std::uint32_t alignment() const { return alignment_; }
    // Absolute file offset where tensor data begins.
    std::uint64_t dataSectionOffset() const { return dataStart_; }

    // Metadata keys in file order.
    const std::vector<std::string>& keys() const { return keys_; }
    bool has(const std::string& key) const { return values_.count(key) != 0; }
    // Throws ts::Error naming the key when absent.
    const GgufValue& value(const std::string& key) const;

    // Typed getters. Each throws ts::Error naming the file and key when the key is absent or the
    // value has another type; the overloads with a fallback return it when the key is absent
    // (a present value of the wrong type is still an error).
    std::string getString(const std::string& key) const;
    std::string getString(const std::string& key, const std::string& fallback) const;
    std::int64_t getInt(const std::string& key) const;  // any integer type that fits int64
    std::int64_t getInt(const std::string& key, std::int64_t fallback) const;
    double getFloat(const std::string& key) const;      // float32/64, or an integer
    double getFloat(const std::string& key, double fallback) const;
    bool getBool(const std::string& key) const;
    bool getBool(const std::string& key, bool fallback) const;
    std::vector<std::string> getStringArray(const std::string& key) const;
    std::vector<float> getFloatArray(const std::string& key) const;  // float or integer items
    std::vector<std::int64_t> getIntArray(const std::string& key) const;

    // Tensors in file order.
    const std::vector<GgufTensorInfo>& tensors() const { return tensors_; }
    bool hasTensor(const std::string& name) const { return tensorIndex_.count(name) != 0; }
    // Throws ts::Error naming the tensor when absent.
    const GgufTensorInfo& tensor(const std::string& name) const;
    // The tensor's raw (possibly quantized) bytes inside the mapping; valid while this GgufFile
    // (or a copy of it) lives. Its size is tensor(name).byteSize.
    const std::uint8_t* tensorData(const GgufTensorInfo& info) const;
    // The mapping itself, for callers that must keep it alive beyond this object.
    std::shared_ptr<MappedFile> mapping() const { return file_; }

private:
    friend class GgufParser;
    std::string path_;
    std::shared_ptr<MappedFile> file_;
    std::uint32_t version_ = 0;
    std::uint32_t alignment_ = kDefaultAlignment;
    std::uint64_t dataStart_ = 0;
    std::vector<std::string> keys_;
    std::map<std::string, GgufValue> values_;
    std::vector<GgufTensorInfo> tensors_;
    std::map<std::string, std::size_t> tensorIndex_;
};

}  // namespace ts
