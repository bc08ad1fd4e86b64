// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Peak memory of the compute device, for the per-step metrics and the benchmarks.
#include <torch/torch.h>

#include <cstdint>

namespace ts {

// CUDA: peak bytes allocated by the caching allocator since the last reset; CPU: the process's
// peak resident set size (it never resets).
std::int64_t peakMemoryBytes(const torch::Device& device);
void resetPeakMemory(const torch::Device& device);
// Hands cached, unused CUDA blocks back to the driver (no-op on the CPU).
void releaseCachedDeviceMemory();

}  // namespace ts
