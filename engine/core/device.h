// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Torch-free: the app layer includes this to show the compute device in the status bar.
#include <cstdint>
#include <string>

namespace ts {

enum class DeviceKind { Cpu, Cuda };

struct DeviceInfo {
    DeviceKind kind = DeviceKind::Cpu;
    std::string name;             // "NVIDIA H200" or the CPU model name
    std::int64_t totalBytes = 0;  // GPU memory, or system RAM for the CPU
    int cpuThreads = 0;           // threads torch uses for CPU work
    std::string torchVersion;
    std::string describe() const;  // "CUDA: NVIDIA H200, 139.8 GiB" / "CPU: ..., 2 threads"
};

// What the engine will compute on: the first CUDA device when libtorch sees one, else the CPU.
// Setting TS_FORCE_CPU=1 in the environment forces the CPU.
DeviceInfo queryComputeDevice();

}  // namespace ts
