// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A file that appears whole or not at all: written to <path>.tmp-<pid> in the same folder,
// fsync'ed and renamed over <path> by commit(); destroyed without commit() it removes the
// temporary file, so a failed write never leaves a half file under the final name. Errors are
// ts::Error naming the file. Used by the safetensors and GGUF writers.
#include <cstddef>
#include <cstdint>
#include <string>

namespace ts {

class AtomicFile {
public:
    explicit AtomicFile(const std::string& finalPath);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, std::size_t bytes);
    void zeros(std::uint64_t count);  // padding
    void commit();

private:
    std::string finalPath_, tempPath_;
    int fd_ = -1;
    bool committed_ = false;
};

}  // namespace ts
