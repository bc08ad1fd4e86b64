// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/device.h"
#include "engine/core/error.h"

#include <gtest/gtest.h>

#include <cstdlib>

TEST(Device, ForcedCpuIsReportedWithMemoryAndThreads) {
    setenv("TS_FORCE_CPU", "1", 1);
    auto info = ts::queryComputeDevice();
    unsetenv("TS_FORCE_CPU");
    EXPECT_EQ(info.kind, ts::DeviceKind::Cpu);
    EXPECT_GT(info.totalBytes, 0);
    EXPECT_GT(info.cpuThreads, 0);
    EXPECT_NE(info.describe().find("CPU: "), std::string::npos);
}

TEST(ErrorMessage, NamesFileLineAndField) {
    ts::Error e("expected a number", "data.jsonl", "lr", 12);
    EXPECT_STREQ(e.what(), "data.jsonl:12, field 'lr': expected a number");
    ts::Error bare("plain");
    EXPECT_STREQ(bare.what(), "plain");
}
