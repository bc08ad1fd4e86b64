// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The compute device the engine sees, in the form the GUI shows (status bar, About box).
// Wraps the torch-free engine/core/device.h so widgets never reach into the engine.
#include <QString>

namespace ts {

struct ComputeDeviceSummary {
    QString description;   // "CUDA: NVIDIA H200, 139.8 GiB" / "CPU: <model>, 2 threads, …"
    QString torchVersion;  // libtorch the engine was built against, e.g. "1.13.1"
    bool isCuda = false;
};

// Probed once per process and cached: the first CUDA query initialises the driver and can take
// a moment, and the device does not change while the app runs. Safe to call from any thread.
const ComputeDeviceSummary& computeDevice();

// computeDevice().description, for the common case.
QString computeDeviceDescription();

}  // namespace ts
