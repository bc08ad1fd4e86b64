// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compute_device.h"

#include "engine/core/device.h"

namespace ts {

const ComputeDeviceSummary& computeDevice() {
    // A function-local static is initialised exactly once, even with concurrent callers.
    static const ComputeDeviceSummary summary = [] {
        const DeviceInfo info = queryComputeDevice();
        ComputeDeviceSummary result;
        result.description = QString::fromStdString(info.describe());
        result.torchVersion = QString::fromStdString(info.torchVersion);
        result.isCuda = info.kind == DeviceKind::Cuda;
        return result;
    }();
    return summary;
}

QString computeDeviceDescription() {
    return computeDevice().description;
}

}  // namespace ts
