// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where a training step's GPU time goes: records the CUDA kernels run between start() and
// stop() with PyTorch's Kineto profiler and sums their time by kernel name. For the bench's
// --profile flag; needs a CUDA libtorch 2.x (elsewhere available() is false).
#include <cstdint>
#include <string>
#include <vector>

namespace ts {

struct KernelTime {
    std::string name;
    std::int64_t calls = 0;
    double totalMs = 0;
};

class KernelProfile {
public:
    static bool available();
    void start();
    // Stops recording; returns kernels by total time, longest first.
    std::vector<KernelTime> stop();
};

}  // namespace ts
