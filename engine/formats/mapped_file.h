// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A read-only view of a whole file through mmap, released when the last owner lets go.
// Model files are shared with tensors created over the mapping (see SafetensorsFile::tensor), so
// the mapping is held by a shared_ptr and every such tensor keeps one reference.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace ts {

class MappedFile {
public:
    // Maps `path` copy-on-write: pages read as the file, and a (discouraged) write into a tensor
    // over the mapping only changes this process's private copy, never the file.
    // Throws ts::Error naming the file when it cannot be opened or mapped.
    static std::shared_ptr<MappedFile> open(const std::string& path);

    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::uint8_t* data() const { return data_; }
    std::uint8_t* mutableData() const { return data_; }
    std::size_t size() const { return size_; }
    const std::string& path() const { return path_; }

private:
    MappedFile(std::string path, std::uint8_t* data, std::size_t size)
        : path_(std::move(path)), data_(data), size_(size) {}

    std::string path_;
    std::uint8_t* data_ = nullptr;  // nullptr for an empty file (mmap of 0 bytes is invalid)
    std::size_t size_ = 0;
};

}  // namespace ts
