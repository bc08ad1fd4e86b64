// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/formats/safetensors.h"

#include "engine/core/error.h"
#include "engine/formats/atomic_file.h"
#include "engine/formats/mapped_file.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <set>
#include <sys/stat.h>

namespace ts {

namespace {

struct DtypeEntry {
    SafetensorsDtype dtype;
    const char* name;
    std::size_t bytes;
    at::ScalarType scalar;
};

const DtypeEntry kDtypes[] = {
    {SafetensorsDtype::F64, "F64", 8, at::kDouble}, {SafetensorsDtype::F32, "F32", 4, at::kFloat},
    {SafetensorsDtype::F16, "F16", 2, at::kHalf},   {SafetensorsDtype::BF16, "BF16", 2, at::kBFloat16},
    {SafetensorsDtype::I64, "I64", 8, at::kLong},   {SafetensorsDtype::I32, "I32", 4, at::kInt},
    {SafetensorsDtype::I16, "I16", 2, at::kShort},  {SafetensorsDtype::I8, "I8", 1, at::kChar},
    {SafetensorsDtype::U8, "U8", 1, at::kByte},     {SafetensorsDtype::Bool, "BOOL", 1, at::kBool},
};

const DtypeEntry& entryFor(SafetensorsDtype dtype) {
    for (const auto& e : kDtypes)
        if (e.dtype == dtype) return e;
    throw Error("internal: unlisted safetensors dtype");
}

std::uint64_t readLe64(const std::uint8_t* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

std::string joinPath(const std::string& folder, const std::string& name) {
    if (folder.empty() || folder.back() == '/') return folder + name;
    return folder + "/" + name;
}

bool isDirectory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool isRegularFile(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// Parses one tensor entry of the header, checking it against the data area of `dataBytes`.
SafetensorsTensorInfo parseTensorEntry(const nlohmann::json& entry, const std::string& name,
                                       std::uint64_t dataBytes, const std::string& path) {
    if (!entry.is_object()) throw Error("tensor entry is not a JSON object", path, name);
    SafetensorsTensorInfo info;

    auto dtypeIt = entry.find("dtype");
    if (dtypeIt == entry.end() || !dtypeIt->is_string())
        throw Error("missing or non-string \"dtype\"", path, name + ".dtype");
    const auto dtypeName = dtypeIt->get<std::string>();
    const auto known = std::find_if(std::begin(kDtypes), std::end(kDtypes),
                                    [&](const DtypeEntry& e) { return dtypeName == e.name; });
    if (known == std::end(kDtypes))
        throw Error("unsupported dtype \"" + dtypeName + "\"", path, name + ".dtype");
    info.dtype = known->dtype;

    auto shapeIt = entry.find("shape");
    if (shapeIt == entry.end() || !shapeIt->is_array())
        throw Error("missing or non-array \"shape\"", path, name + ".shape");
    std::uint64_t numel = 1;
    for (const auto& dim : *shapeIt) {
        if (!dim.is_number_unsigned())
            throw Error("shape entries must be non-negative integers", path, name + ".shape");
        const auto d = dim.get<std::uint64_t>();
        if (d > static_cast<std::uint64_t>(INT64_MAX) || __builtin_mul_overflow(numel, d, &numel))
            throw Error("shape overflows 64 bits", path, name + ".shape");
        info.shape.push_back(static_cast<std::int64_t>(d));
    }

    auto offsetsIt = entry.find("data_offsets");
    if (offsetsIt == entry.end() || !offsetsIt->is_array() || offsetsIt->size() != 2 ||
        !(*offsetsIt)[0].is_number_unsigned() || !(*offsetsIt)[1].is_number_unsigned())
        throw Error("\"data_offsets\" must be two non-negative integers", path,
                    name + ".data_offsets");
    info.dataBegin = (*offsetsIt)[0].get<std::uint64_t>();
    info.dataEnd = (*offsetsIt)[1].get<std::uint64_t>();
    if (info.dataEnd < info.dataBegin)
        throw Error("end offset " + std::to_string(info.dataEnd) + " is before begin offset " +
                        std::to_string(info.dataBegin),
                    path, name + ".data_offsets");
    if (info.dataEnd > dataBytes)
        throw Error("end offset " + std::to_string(info.dataEnd) +
                        " is past the data area of " + std::to_string(dataBytes) + " bytes",
                    path, name + ".data_offsets");
    std::uint64_t expected = 0;
    if (__builtin_mul_overflow(numel, static_cast<std::uint64_t>(known->bytes), &expected) ||
        expected != info.dataEnd - info.dataBegin)
        throw Error("holds " + std::to_string(info.dataEnd - info.dataBegin) +
                        " bytes but shape and dtype need " + std::to_string(numel) + " x " +
                        std::to_string(known->bytes),
                    path, name + ".data_offsets");
    return info;
}

}  // namespace

const char* safetensorsDtypeName(SafetensorsDtype dtype) { return entryFor(dtype).name; }
std::size_t safetensorsDtypeBytes(SafetensorsDtype dtype) { return entryFor(dtype).bytes; }

SafetensorsFile SafetensorsFile::open(const std::string& path) {
    SafetensorsFile f;
    f.path_ = path;
    f.file_ = MappedFile::open(path);
    const std::uint64_t fileBytes = f.file_->size();
    if (fileBytes < 8) throw Error("file is shorter than the 8-byte header length", path);
    const std::uint64_t headerBytes = readLe64(f.file_->data());
    if (headerBytes > kMaxHeaderBytes)
        throw Error("header length " + std::to_string(headerBytes) + " exceeds the " +
                        std::to_string(kMaxHeaderBytes) + "-byte limit",
                    path, "header length");
    if (headerBytes > fileBytes - 8)
        throw Error("header length " + std::to_string(headerBytes) + " is past the end of the " +
                        std::to_string(fileBytes) + "-byte file",
                    path, "header length");
    f.dataStart_ = 8 + headerBytes;
    const std::uint64_t dataBytes = fileBytes - f.dataStart_;

    const auto* headerBegin = reinterpret_cast<const char*>(f.file_->data() + 8);
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(headerBegin, headerBegin + headerBytes);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("invalid JSON header: ") + e.what(), path, "header");
    }
    if (!header.is_object()) throw Error("header is not a JSON object", path, "header");

    for (const auto& [key, value] : header.items()) {
        if (key == "__metadata__") {
            if (!value.is_object())
                throw Error("\"__metadata__\" is not a JSON object", path, "__metadata__");
            for (const auto& [mk, mv] : value.items()) {
                if (!mv.is_string())
                    throw Error("metadata values must be strings", path, "__metadata__." + mk);
                f.metadata_[mk] = mv.get<std::string>();
            }
            continue;
        }
        f.infos_[key] = parseTensorEntry(value, key, dataBytes, path);
        f.names_.push_back(key);
    }
    std::stable_sort(f.names_.begin(), f.names_.end(), [&](const auto& a, const auto& b) {
        return f.infos_.at(a).dataBegin < f.infos_.at(b).dataBegin;
    });
    return f;
}

const SafetensorsTensorInfo& SafetensorsFile::info(const std::string& name) const {
    auto it = infos_.find(name);
    if (it == infos_.end()) throw Error("no such tensor", path_, name);
    return it->second;
}

at::Tensor SafetensorsFile::tensor(const std::string& name) const {
    const auto& ti = info(name);
    const auto& entry = entryFor(ti.dtype);
    const auto options = at::TensorOptions().dtype(entry.scalar).device(at::kCPU);
    if (ti.dataEnd == ti.dataBegin) return at::empty(ti.shape, options);
    std::uint8_t* bytes = file_->mutableData() + dataStart_ + ti.dataBegin;
    if (reinterpret_cast<std::uintptr_t>(bytes) % entry.bytes != 0) {
        // Misaligned for the element type (legal in the format): copy instead of viewing.
        auto out = at::empty(ti.shape, options);
        std::memcpy(out.data_ptr(), bytes, ti.dataEnd - ti.dataBegin);
        return out;
    }
    auto keepAlive = file_;
    return torch::from_blob(
        bytes, ti.shape, [keepAlive](void*) mutable { keepAlive.reset(); }, options);
}

// ---- sharded folders ---------------------------------------------------------------------------

std::unique_ptr<SafetensorsWeights> SafetensorsWeights::open(const std::string& folderOrFile) {
    std::unique_ptr<SafetensorsWeights> w(new SafetensorsWeights());
    w->origin_ = folderOrFile;
    auto addSingle = [&](const std::string& file) {
        w->shards_.push_back(SafetensorsFile::open(file));
        for (const auto& n : w->shards_.back().names()) w->shardOf_[n] = 0;
    };
    if (isRegularFile(folderOrFile)) {
        addSingle(folderOrFile);
        return w;
    }
    if (!isDirectory(folderOrFile)) throw Error("no such file or folder", folderOrFile);

    const auto indexPath = joinPath(folderOrFile, "model.safetensors.index.json");
    if (!isRegularFile(indexPath)) {
        const auto single = joinPath(folderOrFile, "model.safetensors");
        if (!isRegularFile(single))
            throw Error("folder has neither model.safetensors nor model.safetensors.index.json",
                        folderOrFile);
        addSingle(single);
        return w;
    }

    auto mapped = MappedFile::open(indexPath);
    nlohmann::json index;
    try {
        const auto* text = reinterpret_cast<const char*>(mapped->data());
        index = nlohmann::json::parse(text, text + mapped->size());
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("invalid JSON: ") + e.what(), indexPath);
    }
    if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
        throw Error("missing \"weight_map\" object", indexPath, "weight_map");

    std::map<std::string, std::size_t> shardIndexByFile;
    for (const auto& [name, fileValue] : index["weight_map"].items()) {
        if (!fileValue.is_string())
            throw Error("shard file name is not a string", indexPath, "weight_map." + name);
        const auto file = fileValue.get<std::string>();
        // Shards live next to the index; a path could point anywhere on disk.
        if (file.empty() || file.find('/') != std::string::npos || file == "." || file == "..")
            throw Error("shard \"" + file + "\" is not a plain file name", indexPath,
                        "weight_map." + name);
        auto [it, inserted] = shardIndexByFile.emplace(file, w->shards_.size());
        if (inserted) w->shards_.push_back(SafetensorsFile::open(joinPath(folderOrFile, file)));
        if (!w->shards_[it->second].has(name))
            throw Error("tensor is listed for shard \"" + file + "\" but that shard lacks it",
                        indexPath, "weight_map." + name);
        w->shardOf_[name] = it->second;
    }
    return w;
}

std::vector<std::string> SafetensorsWeights::names() const {
    if (shards_.size() == 1 && shardOf_.size() == shards_[0].names().size())
        return shards_[0].names();
    std::vector<std::string> out;
    out.reserve(shardOf_.size());
    for (const auto& kv : shardOf_) out.push_back(kv.first);
    return out;
}

bool SafetensorsWeights::has(const std::string& name) const { return shardOf_.count(name) != 0; }

const SafetensorsFile& SafetensorsWeights::fileFor(const std::string& name) const {
    auto it = shardOf_.find(name);
    if (it == shardOf_.end()) throw Error("no such tensor", origin_, name);
    return shards_[it->second];
}

at::Tensor SafetensorsWeights::tensor(const std::string& name) const {
    return fileFor(name).tensor(name);
}

// ---- writer ------------------------------------------------------------------------------------

void writeSafetensors(const std::string& path,
                      const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    // ordered_json keeps the tensors in the caller's order in the header too.
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) {
        auto& meta = header["__metadata__"] = nlohmann::ordered_json::object();
        for (const auto& [k, v] : metadata) meta[k] = v;
    }
    std::vector<at::Tensor> contiguous;
    contiguous.reserve(tensors.size());
    std::set<std::string> seen;
    std::uint64_t offset = 0;
    for (const auto& [name, t] : tensors) {
        if (name == "__metadata__" || !seen.insert(name).second)
            throw Error("duplicate or reserved tensor name", path, name);
        if (!t.defined()) throw Error("tensor is undefined", path, name);
        const auto scalar = t.scalar_type();
        const auto known = std::find_if(std::begin(kDtypes), std::end(kDtypes),
                                        [&](const DtypeEntry& e) { return e.scalar == scalar; });
        if (known == std::end(kDtypes))
            throw Error(std::string("dtype ") + c10::toString(scalar) +
                            " has no safetensors equivalent",
                        path, name);
        contiguous.push_back(t.detach().to(at::kCPU).contiguous());
        const auto bytes = static_cast<std::uint64_t>(contiguous.back().numel()) * known->bytes;
        header[name] = {{"dtype", known->name},
                        {"shape", t.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    std::string headerText = header.dump();
    // Pad so the data area starts 8-byte aligned (the reference writer pads the same way).
    headerText.append((8 - (headerText.size() % 8)) % 8, ' ');

    AtomicFile out(path);
    std::uint8_t lengthLe[8];
    for (int i = 0; i < 8; ++i) lengthLe[i] = static_cast<std::uint8_t>(headerText.size() >> (8 * i));
    out.write(lengthLe, sizeof lengthLe);
    out.write(headerText.data(), headerText.size());
    for (const auto& t : contiguous)
        if (t.numel() > 0) out.write(t.data_ptr(), static_cast<std::size_t>(t.nbytes()));
    out.commit();
}

}  // namespace ts
