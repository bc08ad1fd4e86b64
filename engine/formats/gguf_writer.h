// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A small GGUF version 3 writer: typed metadata, F32/F16 tensors, data section aligned to
// `alignment` (written as general.alignment when it is not ggml's default of 32). Every tensor's
// data starts on an aligned offset and is zero-padded to the next one, as ggml's writer does, so
// llama.cpp, gguf-py and GgufFile read the result. Torch-free.
//
// The writer collects everything in memory and write() emits the file atomically (temporary name
// in the same folder, fsync, rename). Every inconsistency (a duplicate key or tensor, a name ggml
// cannot hold, a data length that does not match the dimensions) is a ts::Error naming the key or
// tensor, raised when it is added so no half-valid file is ever produced.
#include "engine/formats/gguf.h"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace ts {

// float32 -> IEEE binary16 bits, round to nearest even; overflow gives infinity, NaN stays NaN.
std::uint16_t floatToHalfBits(float value);
float halfBitsToFloat(std::uint16_t bits);

class GgufWriter {
public:
    // ggml keeps tensor names in a fixed 64-byte buffer including the terminating NUL.
    static constexpr std::size_t kMaxTensorNameBytes = 63;
    static constexpr std::uint32_t kMaxDims = 4;

    // `alignment` must be a power of two (throws otherwise).
    explicit GgufWriter(std::uint32_t alignment = GgufFile::kDefaultAlignment);

    void addString(const std::string& key, const std::string& value);
    void addUInt32(const std::string& key, std::uint32_t value);
    void addInt32(const std::string& key, std::int32_t value);
    void addUInt64(const std::string& key, std::uint64_t value);
    void addFloat32(const std::string& key, float value);
    void addBool(const std::string& key, bool value);
    void addStringArray(const std::string& key, const std::vector<std::string>& values);
    void addInt32Array(const std::string& key, const std::vector<std::int32_t>& values);

    // `dims` in ggml order (fastest-varying first: a row-major torch [rows, cols] matrix is
    // {cols, rows}); `values` row-major, exactly the product of dims. Stored as `type`, which must
    // be F32 or F16 (F16 rounds to nearest even).
    void addTensor(const std::string& name, const std::vector<std::uint64_t>& dims,
                   const std::vector<float>& values, GgmlType type = GgmlType::F32);

    std::size_t keyCount() const { return keys_.size(); }
    std::size_t tensorCount() const { return tensors_.size(); }
    // Size of the file write() produces.
    std::uint64_t fileBytes() const;

    // Throws ts::Error naming `path` on any I/O failure; an existing file is replaced only once
    // the new one is complete.
    void write(const std::string& path) const;

private:
    struct Tensor {
        std::string name;
        std::vector<std::uint64_t> dims;
        GgmlType type;
        std::vector<std::uint8_t> bytes;
        std::uint64_t offset;  // within the data section
    };

    void beginKey(const std::string& key, GgufValueType type);
    std::uint64_t headerBytes() const;
    std::uint64_t aligned(std::uint64_t offset) const;

    std::uint32_t alignment_;
    std::vector<std::uint8_t> keySection_;  // serialized key/value pairs
    std::set<std::string> keys_;
    std::vector<Tensor> tensors_;
    std::set<std::string> tensorNames_;
    std::uint64_t dataBytes_ = 0;  // data section size so far (aligned)
};

}  // namespace ts
