// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/formats/mapped_file.h"

#include "engine/core/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ts {

namespace {
// Closes the descriptor on every path out of open(); the mapping outlives it.
struct FdGuard {
    int fd;
    ~FdGuard() {
        if (fd >= 0) ::close(fd);
    }
};
}  // namespace

std::shared_ptr<MappedFile> MappedFile::open(const std::string& path) {
    FdGuard guard{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (guard.fd < 0) throw Error(std::string("cannot open: ") + std::strerror(errno), path);
    struct stat st {};
    if (::fstat(guard.fd, &st) != 0)
        throw Error(std::string("cannot stat: ") + std::strerror(errno), path);
    if (!S_ISREG(st.st_mode)) throw Error("not a regular file", path);
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size == 0) return std::shared_ptr<MappedFile>(new MappedFile(path, nullptr, 0));
    void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, guard.fd, 0);
    if (p == MAP_FAILED) throw Error(std::string("cannot map: ") + std::strerror(errno), path);
    return std::shared_ptr<MappedFile>(new MappedFile(path, static_cast<std::uint8_t*>(p), size));
}

MappedFile::~MappedFile() {
    if (data_) ::munmap(data_, size_);
}

}  // namespace ts
