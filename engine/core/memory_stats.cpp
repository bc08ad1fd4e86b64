// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/memory_stats.h"

#if defined(TS_HAVE_CUDA_CONTEXT)
#include <c10/cuda/CUDACachingAllocator.h>
#endif
#include <sys/resource.h>

namespace ts {

std::int64_t peakMemoryBytes(const torch::Device& device) {
#if defined(TS_HAVE_CUDA_CONTEXT)
    if (device.is_cuda()) {
        auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.index() < 0 ? 0 : device.index());
        return stats.allocated_bytes[0].peak;  // [0] = StatType::AGGREGATE
    }
#endif
    (void)device;
    struct rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return std::int64_t(usage.ru_maxrss) * 1024;
}

void resetPeakMemory(const torch::Device& device) {
#if defined(TS_HAVE_CUDA_CONTEXT)
    if (device.is_cuda()) c10::cuda::CUDACachingAllocator::resetPeakStats(device.index() < 0 ? 0 : device.index());
#endif
    (void)device;
}

void releaseCachedDeviceMemory() {
#if defined(TS_HAVE_CUDA_CONTEXT)
    c10::cuda::CUDACachingAllocator::emptyCache();
#endif
}

}  // namespace ts
