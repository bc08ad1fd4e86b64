// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/device.h"

#include <torch/torch.h>
#if __has_include(<ATen/cuda/CUDAContext.h>) && defined(TS_HAVE_CUDA_CONTEXT)
#include <ATen/cuda/CUDAContext.h>
#endif
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <unistd.h>

namespace ts {

namespace {
std::string cpuModelName() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("model name", 0) == 0) {
            auto colon = line.find(':');
            if (colon != std::string::npos) {
                auto name = line.substr(colon + 1);
                name.erase(0, name.find_first_not_of(" \t"));
                return name;
            }
        }
    }
    return "CPU";
}

std::int64_t systemMemoryBytes() {
    long pages = sysconf(_SC_PHYS_PAGES);
    long pageSize = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && pageSize > 0 ? std::int64_t(pages) * pageSize : 0;
}

std::string gib(std::int64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f GiB", double(bytes) / (1024.0 * 1024.0 * 1024.0));
    return buf;
}
}  // namespace

std::string DeviceInfo::describe() const {
    if (kind == DeviceKind::Cuda) return "CUDA: " + name + ", " + gib(totalBytes);
    return "CPU: " + name + ", " + std::to_string(cpuThreads) + (cpuThreads == 1 ? " thread, " : " threads, ") + gib(totalBytes) +
           " RAM";
}

DeviceInfo queryComputeDevice() {
    DeviceInfo info;
    info.torchVersion = TORCH_VERSION;
    info.cpuThreads = at::get_num_threads();
    const char* force = std::getenv("TS_FORCE_CPU");
    bool forceCpu = force && *force && std::string(force) != "0";
    if (!forceCpu && torch::cuda::is_available()) {
        info.kind = DeviceKind::Cuda;
#if defined(TS_HAVE_CUDA_CONTEXT)
        const auto* prop = at::cuda::getDeviceProperties(0);
        info.name = prop->name;
        info.totalBytes = std::int64_t(prop->totalGlobalMem);
#else
        info.name = "CUDA device 0";
#endif
        return info;
    }
    info.kind = DeviceKind::Cpu;
    info.name = cpuModelName();
    info.totalBytes = systemMemoryBytes();
    return info;
}

}  // namespace ts
