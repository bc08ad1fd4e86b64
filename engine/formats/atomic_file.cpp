// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/formats/atomic_file.h"

#include "engine/core/error.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace ts {

AtomicFile::AtomicFile(const std::string& finalPath)
    : finalPath_(finalPath), tempPath_(finalPath + ".tmp-" + std::to_string(::getpid())) {
    fd_ = ::open(tempPath_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error(std::string("cannot create: ") + std::strerror(errno), tempPath_);
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(tempPath_.c_str());
}

void AtomicFile::write(const void* data, std::size_t bytes) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    while (bytes > 0) {
        const ssize_t n = ::write(fd_, p, bytes);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw Error(std::string("write failed: ") + std::strerror(errno), tempPath_);
        p += n;
        bytes -= static_cast<std::size_t>(n);
    }
}

void AtomicFile::zeros(std::uint64_t count) {
    static const std::uint8_t kZeros[64] = {};
    while (count > 0) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(count, sizeof kZeros));
        write(kZeros, n);
        count -= n;
    }
}

void AtomicFile::commit() {
    if (::fsync(fd_) != 0) throw Error(std::string("fsync failed: ") + std::strerror(errno), tempPath_);
    const int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0) throw Error(std::string("close failed: ") + std::strerror(errno), tempPath_);
    if (::rename(tempPath_.c_str(), finalPath_.c_str()) != 0)
        throw Error(std::string("cannot rename into place: ") + std::strerror(errno), finalPath_);
    committed_ = true;
}

}  // namespace ts
