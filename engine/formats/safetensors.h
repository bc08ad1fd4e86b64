// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// safetensors: an 8-byte little-endian header length, a JSON header
//   {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}
// and the raw little-endian tensor bytes; offsets are relative to the end of the header.
//
// The reader maps the file and checks every field before any byte is touched; every bad input is
// a ts::Error naming the file and the tensor/field. Tensors it returns share the mapping (the
// mapping stays alive as long as any such tensor does), so loading is zero-copy where the data is
// aligned for its element type.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/formats/weight_source.h"

namespace ts {

class MappedFile;

enum class SafetensorsDtype { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

// "F32", "BF16", ... as spelled in the header.
const char* safetensorsDtypeName(SafetensorsDtype dtype);
std::size_t safetensorsDtypeBytes(SafetensorsDtype dtype);

struct SafetensorsTensorInfo {
    SafetensorsDtype dtype = SafetensorsDtype::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t dataBegin = 0;  // relative to the start of the data area
    std::uint64_t dataEnd = 0;
};

class SafetensorsFile {
public:
    // Largest header accepted: the reference implementation's limit; a bigger "length" is a
    // corrupt or hostile file, not a model.
    static constexpr std::uint64_t kMaxHeaderBytes = 100u * 1000u * 1000u;

    static SafetensorsFile open(const std::string& path);

    const std::string& path() const { return path_; }
    // Tensor names in file-data order (ascending begin offset), which is the writer's order.
    const std::vector<std::string>& names() const { return names_; }
    bool has(const std::string& name) const { return infos_.count(name) != 0; }
    // Throws ts::Error naming the file and the tensor when it is absent.
    const SafetensorsTensorInfo& info(const std::string& name) const;
    // A CPU tensor of the stored dtype and shape. It views the mapping when the bytes are aligned
    // for the element type (the mapping is private copy-on-write: writing into the tensor never
    // changes the file), else it is a copy.
    at::Tensor tensor(const std::string& name) const;
    const std::map<std::string, std::string>& metadata() const { return metadata_; }

private:
    std::string path_;
    std::shared_ptr<MappedFile> file_;
    std::uint64_t dataStart_ = 0;  // absolute file offset of the data area
    std::vector<std::string> names_;
    std::map<std::string, SafetensorsTensorInfo> infos_;
    std::map<std::string, std::string> metadata_;
};

// A model folder: model.safetensors, or model.safetensors.index.json with a "weight_map" from
// tensor name to shard file name (shards live in the same folder). A single .safetensors file
// path is accepted too.
class SafetensorsWeights : public WeightSource {
public:
    static std::unique_ptr<SafetensorsWeights> open(const std::string& folderOrFile);

    std::vector<std::string> names() const override;
    bool has(const std::string& name) const override;
    at::Tensor tensor(const std::string& name) const override;
    // The shard holding `name` (throws when absent).
    const SafetensorsFile& fileFor(const std::string& name) const;

private:
    std::string origin_;  // the folder or file given to open(), for error messages
    std::vector<SafetensorsFile> shards_;
    std::map<std::string, std::size_t> shardOf_;  // tensor name -> index into shards_
};

// Writes `tensors` in the given order with `metadata` as "__metadata__". Each tensor is written
// as a contiguous CPU copy; the header is padded with spaces to a multiple of 8 bytes (as the
// reference implementation does) so the data area starts aligned. The file appears atomically:
// it is written to a temporary name in the same folder, flushed, and renamed over `path`.
// Throws ts::Error naming the file and the tensor (duplicate name, unsupported dtype, I/O).
void writeSafetensors(const std::string& path,
                      const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace ts
