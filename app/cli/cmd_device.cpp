// SPDX-License-Identifier: GPL-3.0-or-later
// `tuning-studio-cli device`: what the engine computes on.
#include "cli_command.h"

#include "engine/core/device.h"

#include <iostream>

namespace {
int runDevice(const std::vector<std::string>& argv) {
    ts::cli::Args args(argv, {"json", "help"});
    args.allowOnly({"json", "help"});
    if (args.has("help")) {
        std::cout << "usage: tuning-studio-cli device [--json]\n";
        return 0;
    }
    const auto info = ts::queryComputeDevice();
    if (args.has("json")) {
        std::cout << "{\"kind\":\"" << (info.kind == ts::DeviceKind::Cuda ? "cuda" : "cpu")
                  << "\",\"name\":\"" << info.name << "\",\"total_bytes\":" << info.totalBytes
                  << ",\"torch\":\"" << info.torchVersion << "\"}\n";
    } else {
        std::cout << info.describe() << " (libtorch " << info.torchVersion << ")\n";
    }
    return 0;
}
ts::cli::Registration reg{"device", "Show the compute device the engine uses", &runDevice};
}  // namespace
