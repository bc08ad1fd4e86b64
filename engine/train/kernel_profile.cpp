// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/kernel_profile.h"

#include "engine/core/error.h"

#include <torch/torch.h>

#if defined(TS_HAVE_CUDA_CONTEXT) && TORCH_VERSION_MAJOR >= 2 && \
    __has_include(<torch/csrc/autograd/profiler_kineto.h>)
#define TS_KERNEL_PROFILE 1
#include <torch/csrc/autograd/profiler_kineto.h>
#endif

#include <algorithm>
#include <map>

namespace ts {

#if defined(TS_KERNEL_PROFILE)
namespace {
namespace tp = torch::profiler::impl;
const std::set<tp::ActivityType>& activities() {
    static const std::set<tp::ActivityType> kinds = {tp::ActivityType::CPU, tp::ActivityType::CUDA};
    return kinds;
}
}  // namespace

bool KernelProfile::available() { return true; }

void KernelProfile::start() {
    const tp::ProfilerConfig config(tp::ProfilerState::KINETO);
    torch::autograd::profiler::prepareProfiler(config, activities());
    torch::autograd::profiler::enableProfiler(config, activities());
}

std::vector<KernelTime> KernelProfile::stop() {
    const auto result = torch::autograd::profiler::disableProfiler();
    std::map<std::string, KernelTime> byName;
    for (const auto& event : result->events()) {
        if (event.deviceType() != c10::DeviceType::CUDA) continue;
        auto& entry = byName[event.name()];
        entry.name = event.name();
        entry.calls += 1;
        entry.totalMs += double(event.durationNs()) / 1.0e6;
    }
    std::vector<KernelTime> out;
    for (auto& [name, entry] : byName) out.push_back(entry);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.totalMs > b.totalMs; });
    return out;
}
#else
bool KernelProfile::available() { return false; }
void KernelProfile::start() {
    throw Error("kernel profiling needs a build against a CUDA libtorch 2.x", {}, "--profile");
}
std::vector<KernelTime> KernelProfile::stop() { return {}; }
#endif

}  // namespace ts
