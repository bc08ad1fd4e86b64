// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/formats/gguf.h"

#include "engine/core/error.h"
#include "engine/formats/mapped_file.h"

#include <cstring>
#include <iterator>
#include <limits>

namespace ts {

namespace {

// Block sizes from ggml's type traits (ggml.c). Unknown ids have no entry: a tensor of such a
// type has no computable size, so the file cannot be validated and is refused.
struct TypeRow {
    std::uint32_t id;
    GgmlTypeTraits traits;
};
const TypeRow kGgmlTypes[] = {
    {0, {"F32", 1, 4}},         {1, {"F16", 1, 2}},        {2, {"Q4_0", 32, 18}},
    {3, {"Q4_1", 32, 20}},      {6, {"Q5_0", 32, 22}},     {7, {"Q5_1", 32, 24}},
    {8, {"Q8_0", 32, 34}},      {9, {"Q8_1", 32, 36}},     {10, {"Q2_K", 256, 84}},
    {11, {"Q3_K", 256, 110}},   {12, {"Q4_K", 256, 144}},  {13, {"Q5_K", 256, 176}},
    {14, {"Q6_K", 256, 210}},   {15, {"Q8_K", 256, 292}},  {16, {"IQ2_XXS", 256, 66}},
    {17, {"IQ2_XS", 256, 74}},  {18, {"IQ3_XXS", 256, 98}}, {19, {"IQ1_S", 256, 50}},
    {20, {"IQ4_NL", 32, 18}},   {21, {"IQ3_S", 256, 110}}, {22, {"IQ2_S", 256, 82}},
    {23, {"IQ4_XS", 256, 136}}, {24, {"I8", 1, 1}},        {25, {"I16", 1, 2}},
    {26, {"I32", 1, 4}},        {27, {"I64", 1, 8}},       {28, {"F64", 1, 8}},
    {29, {"IQ1_M", 256, 56}},   {30, {"BF16", 1, 2}},      {34, {"TQ1_0", 256, 54}},
    {35, {"TQ2_0", 256, 66}},   {39, {"MXFP4", 32, 17}},   {40, {"NVFP4", 64, 36}},
    {41, {"Q1_0", 128, 18}},
};

const char* const kValueTypeNames[] = {"uint8", "int8",   "uint16", "int16", "uint32",
                                       "int32", "float32", "bool",  "string", "array",
                                       "uint64", "int64",  "float64"};

constexpr std::uint32_t kMaxDims = 4;  // GGML_MAX_DIMS
constexpr int kMaxArrayNesting = 8;    // arrays of arrays are legal; unbounded depth is not

std::string describeType(GgufValueType t) { return ggufValueTypeName(t); }

}  // namespace

const char* ggufValueTypeName(GgufValueType type) {
    const auto i = static_cast<std::uint32_t>(type);
    return i < std::size(kValueTypeNames) ? kValueTypeNames[i] : "unknown";
}

const GgmlTypeTraits* ggmlTypeTraits(std::uint32_t typeId) {
    for (const auto& row : kGgmlTypes)
        if (row.id == typeId) return &row.traits;
    return nullptr;
}

std::string ggmlTypeName(GgmlType type) {
    const auto id = static_cast<std::uint32_t>(type);
    if (const auto* t = ggmlTypeTraits(id)) return t->name;
    return "type " + std::to_string(id);
}

bool GgufValue::isInteger() const {
    switch (type) {
    case GgufValueType::UInt8: case GgufValueType::Int8: case GgufValueType::UInt16:
    case GgufValueType::Int16: case GgufValueType::UInt32: case GgufValueType::Int32:
    case GgufValueType::UInt64: case GgufValueType::Int64:
        return true;
    default:
        return false;
    }
}

std::vector<std::int64_t> GgufTensorInfo::torchShape() const {
    return std::vector<std::int64_t>(dims.rbegin(), dims.rend());
}

// Reads the file front to back. Every read is checked against the end of the mapping first, and
// errors carry the key or tensor being read (`context_`) and the byte offset.
class GgufParser {
public:
    GgufParser(GgufFile& out) : out_(out), data_(out.file_->data()), size_(out.file_->size()) {}

    void parse() {
        context_ = "header";
        if (size_ < 4 || std::memcmp(data_, "GGUF", 4) != 0) fail("bad magic: not a GGUF file");
        pos_ = 4;
        out_.version_ = u32();
        if (out_.version_ == 1)
            fail("GGUF version 1 is not supported (re-convert the model with a current llama.cpp)");
        if (out_.version_ != 2 && out_.version_ != 3)
            fail("unsupported GGUF version " + std::to_string(out_.version_) +
                 " (supported: 2, 3; a byte-swapped number means a big-endian file)");
        const std::uint64_t tensorCount = u64();
        const std::uint64_t kvCount = u64();

        for (std::uint64_t i = 0; i < kvCount; ++i) {
            context_ = "metadata #" + std::to_string(i);
            std::string key = string();
            context_ = key;
            const auto type = valueType(u32());
            GgufValue v = value(type, 0);
            if (out_.values_.count(key)) fail("duplicate metadata key");
            out_.keys_.push_back(key);
            out_.values_.emplace(std::move(key), std::move(v));
        }
        readAlignment();

        for (std::uint64_t i = 0; i < tensorCount; ++i) {
            context_ = "tensor #" + std::to_string(i);
            GgufTensorInfo t = tensorInfo();
            if (out_.tensorIndex_.count(t.name)) fail("duplicate tensor name");
            out_.tensorIndex_[t.name] = out_.tensors_.size();
            out_.tensors_.push_back(std::move(t));
        }

        context_ = "data section";
        const std::uint64_t align = out_.alignment_;
        out_.dataStart_ = (pos_ + align - 1) / align * align;
        if (out_.dataStart_ > size_ && !out_.tensors_.empty()) fail("data section starts past end of file");
        for (const auto& t : out_.tensors_) {
            context_ = t.name;
            if (t.offset % align != 0)
                fail("data offset " + std::to_string(t.offset) + " is not a multiple of the " +
                     std::to_string(align) + "-byte alignment");
            std::uint64_t end = 0;
            if (__builtin_add_overflow(out_.dataStart_, t.offset, &end) ||
                __builtin_add_overflow(end, t.byteSize, &end) || end > size_)
                fail("tensor data (" + std::to_string(t.byteSize) + " bytes at data offset " +
                     std::to_string(t.offset) + ") runs past the end of the " +
                     std::to_string(size_) + "-byte file");
        }
    }

private:
    [[noreturn]] void fail(const std::string& message) const {
        throw Error(message + " (at byte " + std::to_string(pos_) + ")", out_.path_, context_);
    }

    void need(std::uint64_t bytes, const char* what) {
        if (bytes > size_ - pos_)
            fail(std::string("file ends inside ") + what + " (needs " + std::to_string(bytes) +
                 " bytes, " + std::to_string(size_ - pos_) + " left)");
    }

    template <typename T>
    T scalar(const char* what) {
        need(sizeof(T), what);
        T v;
        std::memcpy(&v, data_ + pos_, sizeof(T));  // GGUF is little-endian, as are our hosts
        pos_ += sizeof(T);
        return v;
    }
    std::uint32_t u32() { return scalar<std::uint32_t>("a 32-bit field"); }
    std::uint64_t u64() { return scalar<std::uint64_t>("a 64-bit field"); }

    std::string string() {
        const std::uint64_t length = scalar<std::uint64_t>("a string length");
        if (length > size_ - pos_)
            fail("string length " + std::to_string(length) + " runs past the end of the file");
        std::string s(reinterpret_cast<const char*>(data_ + pos_), static_cast<std::size_t>(length));
        pos_ += length;
        return s;
    }

    GgufValueType valueType(std::uint32_t raw) {
        if (raw > static_cast<std::uint32_t>(GgufValueType::Float64))
            fail("unknown metadata value type " + std::to_string(raw));
        return static_cast<GgufValueType>(raw);
    }

    // The fewest bytes one element of `type` can occupy, to bound array counts before reserving.
    static std::uint64_t minimumBytes(GgufValueType type) {
        switch (type) {
        case GgufValueType::UInt8: case GgufValueType::Int8: case GgufValueType::Bool: return 1;
        case GgufValueType::UInt16: case GgufValueType::Int16: return 2;
        case GgufValueType::UInt32: case GgufValueType::Int32: case GgufValueType::Float32: return 4;
        case GgufValueType::String: case GgufValueType::UInt64: case GgufValueType::Int64:
        case GgufValueType::Float64: return 8;
        case GgufValueType::Array: return 12;  // element type + count
        }
        return 1;
    }

    GgufValue value(GgufValueType type, int depth) {
        GgufValue v;
        v.type = type;
        switch (type) {
        case GgufValueType::UInt8: v.integer = scalar<std::uint8_t>("a uint8"); break;
        case GgufValueType::Int8: v.integer = scalar<std::int8_t>("an int8"); break;
        case GgufValueType::UInt16: v.integer = scalar<std::uint16_t>("a uint16"); break;
        case GgufValueType::Int16: v.integer = scalar<std::int16_t>("an int16"); break;
        case GgufValueType::UInt32: v.integer = scalar<std::uint32_t>("a uint32"); break;
        case GgufValueType::Int32: v.integer = scalar<std::int32_t>("an int32"); break;
        case GgufValueType::Int64: v.integer = scalar<std::int64_t>("an int64"); break;
        case GgufValueType::UInt64:
            v.unsignedInteger = scalar<std::uint64_t>("a uint64");
            v.integer = static_cast<std::int64_t>(v.unsignedInteger);
            break;
        case GgufValueType::Float32: v.real = scalar<float>("a float32"); break;
        case GgufValueType::Float64: v.real = scalar<double>("a float64"); break;
        case GgufValueType::Bool: {
            const auto b = scalar<std::uint8_t>("a bool");
            if (b > 1) fail("bool value " + std::to_string(b) + " is neither 0 nor 1");
            v.boolean = b != 0;
            break;
        }
        case GgufValueType::String: v.text = string(); break;
        case GgufValueType::Array: {
            if (depth >= kMaxArrayNesting) fail("arrays nested too deeply");
            v.elementType = valueType(u32());
            const std::uint64_t count = scalar<std::uint64_t>("an array length");
            if (count > (size_ - pos_) / minimumBytes(v.elementType))
                fail("array of " + std::to_string(count) + " " + describeType(v.elementType) +
                     " values runs past the end of the file");
            v.items.reserve(static_cast<std::size_t>(count));
            for (std::uint64_t i = 0; i < count; ++i) v.items.push_back(value(v.elementType, depth + 1));
            break;
        }
        }
        if (type != GgufValueType::UInt64 && v.isInteger()) v.unsignedInteger = static_cast<std::uint64_t>(v.integer);
        return v;
    }

    void readAlignment() {
        auto it = out_.values_.find("general.alignment");
        if (it == out_.values_.end()) return;
        context_ = "general.alignment";
        const auto& v = it->second;
        if (v.type != GgufValueType::UInt32) fail("must be a uint32, found " + describeType(v.type));
        const auto a = static_cast<std::uint64_t>(v.integer);
        if (a == 0 || (a & (a - 1)) != 0) fail("alignment " + std::to_string(a) + " is not a power of two");
        out_.alignment_ = static_cast<std::uint32_t>(a);
    }

    GgufTensorInfo tensorInfo() {
        GgufTensorInfo t;
        t.name = string();
        context_ = t.name;
        const std::uint32_t nDims = u32();
        if (nDims > kMaxDims)
            fail(std::to_string(nDims) + " dimensions (at most " + std::to_string(kMaxDims) + ")");
        std::uint64_t count = 1;
        for (std::uint32_t d = 0; d < nDims; ++d) {
            const std::uint64_t dim = u64();
            if (dim > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) ||
                __builtin_mul_overflow(count, dim, &count) ||
                count > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                fail("dimensions overflow 63 bits");
            t.dims.push_back(dim);
        }
        const std::uint32_t typeId = u32();
        const auto* traits = ggmlTypeTraits(typeId);
        if (!traits) fail("unsupported tensor type id " + std::to_string(typeId));
        t.type = static_cast<GgmlType>(typeId);
        t.offset = u64();
        t.elementCount = count;
        // ggml stores whole blocks per row: the fastest dimension must be a multiple of the block.
        const std::uint64_t rowLength = t.dims.empty() ? 1 : t.dims[0];
        if (rowLength % traits->blockElements != 0)
            fail("row length " + std::to_string(rowLength) + " is not a multiple of the " +
                 traits->name + " block size " + std::to_string(traits->blockElements));
        if (__builtin_mul_overflow(count / traits->blockElements,
                                   static_cast<std::uint64_t>(traits->blockBytes), &t.byteSize))
            fail("byte size overflows 64 bits");
        return t;
    }

    GgufFile& out_;
    const std::uint8_t* data_;
    std::uint64_t size_;
    std::uint64_t pos_ = 0;
    std::string context_;
};

GgufFile GgufFile::open(const std::string& path) {
    GgufFile f;
    f.path_ = path;
    f.file_ = MappedFile::open(path);
    GgufParser(f).parse();
    return f;
}

const GgufValue& GgufFile::value(const std::string& key) const {
    auto it = values_.find(key);
    if (it == values_.end()) throw Error("missing metadata key", path_, key);
    return it->second;
}

namespace {
[[noreturn]] void wrongType(const std::string& path, const std::string& key, const char* wanted,
                            const GgufValue& v) {
    std::string found = ggufValueTypeName(v.type);
    if (v.type == GgufValueType::Array) found += " of " + std::string(ggufValueTypeName(v.elementType));
    throw Error(std::string("expected ") + wanted + ", found " + found, path, key);
}

std::int64_t asInt(const std::string& path, const std::string& key, const GgufValue& v) {
    if (!v.isInteger()) wrongType(path, key, "an integer", v);
    if (v.type == GgufValueType::UInt64 &&
        v.unsignedInteger > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        throw Error("value " + std::to_string(v.unsignedInteger) + " does not fit int64", path, key);
    return v.integer;
}

double asFloat(const std::string& path, const std::string& key, const GgufValue& v) {
    if (v.isFloat()) return v.real;
    if (v.isInteger()) return v.type == GgufValueType::UInt64 ? static_cast<double>(v.unsignedInteger)
                                                             : static_cast<double>(v.integer);
    wrongType(path, key, "a number", v);
}

const GgufValue& asArray(const std::string& path, const std::string& key, const GgufValue& v,
                         const char* wanted) {
    if (v.type != GgufValueType::Array) wrongType(path, key, wanted, v);
    return v;
}
}  // namespace

std::string GgufFile::getString(const std::string& key) const {
    const auto& v = value(key);
    if (v.type != GgufValueType::String) wrongType(path_, key, "a string", v);
    return v.text;
}
std::string GgufFile::getString(const std::string& key, const std::string& fallback) const {
    return has(key) ? getString(key) : fallback;
}
std::int64_t GgufFile::getInt(const std::string& key) const { return asInt(path_, key, value(key)); }
std::int64_t GgufFile::getInt(const std::string& key, std::int64_t fallback) const {
    return has(key) ? getInt(key) : fallback;
}
double GgufFile::getFloat(const std::string& key) const { return asFloat(path_, key, value(key)); }
double GgufFile::getFloat(const std::string& key, double fallback) const {
    return has(key) ? getFloat(key) : fallback;
}
bool GgufFile::getBool(const std::string& key) const {
    const auto& v = value(key);
    if (v.type != GgufValueType::Bool) wrongType(path_, key, "a bool", v);
    return v.boolean;
}
bool GgufFile::getBool(const std::string& key, bool fallback) const {
    return has(key) ? getBool(key) : fallback;
}

std::vector<std::string> GgufFile::getStringArray(const std::string& key) const {
    const auto& v = asArray(path_, key, value(key), "an array of strings");
    if (v.elementType != GgufValueType::String) wrongType(path_, key, "an array of strings", v);
    std::vector<std::string> out;
    out.reserve(v.items.size());
    for (const auto& item : v.items) out.push_back(item.text);
    return out;
}

std::vector<float> GgufFile::getFloatArray(const std::string& key) const {
    const auto& v = asArray(path_, key, value(key), "an array of numbers");
    std::vector<float> out;
    out.reserve(v.items.size());
    for (const auto& item : v.items) out.push_back(static_cast<float>(asFloat(path_, key, item)));
    return out;
}

std::vector<std::int64_t> GgufFile::getIntArray(const std::string& key) const {
    const auto& v = asArray(path_, key, value(key), "an array of integers");
    std::vector<std::int64_t> out;
    out.reserve(v.items.size());
    for (const auto& item : v.items) out.push_back(asInt(path_, key, item));
    return out;
}

const GgufTensorInfo& GgufFile::tensor(const std::string& name) const {
    auto it = tensorIndex_.find(name);
    if (it == tensorIndex_.end()) throw Error("no such tensor", path_, name);
    return tensors_[it->second];
}

const std::uint8_t* GgufFile::tensorData(const GgufTensorInfo& info) const {
    return file_->data() + dataStart_ + info.offset;
}

}  // namespace ts
