// SPDX-License-Identifier: GPL-3.0-or-later
// Expected values: transformers' optimization.py lambdas (get_*_schedule_with_warmup), evaluated
// in Python double precision from a direct transcription of those lambdas.
#include "engine/core/error.h"
#include "engine/train/lr_schedule.h"

#include <gtest/gtest.h>

namespace {

struct Expected {
    int64_t step;
    double constant, linear, cosine;
};

// warmup 10, total 100; step 120 runs past the end (cosine rises again, as in transformers).
const Expected kWarmup10Total100[] = {
    {0, 0.0, 0.0, 0.0},
    {1, 0.1, 0.1, 0.1},
    {5, 0.5, 0.5, 0.5},
    {9, 0.9, 0.9, 0.9},
    {10, 1.0, 1.0, 1.0},
    {11, 1.0, 0.9888888888888889, 0.9996954135095479},
    {37, 1.0, 0.7, 0.7938926261462366},
    {55, 1.0, 0.5, 0.5},
    {99, 1.0, 0.011111111111111112, 0.00030458649045211894},
    {100, 1.0, 0.0, 0.0},
    {120, 1.0, 0.0, 0.116977778440511},
};

ts::LrSchedule make(ts::LrScheduleKind kind, int64_t warmup, int64_t total) {
    ts::LrSchedule s;
    s.kind = kind;
    s.baseLr = 2e-4;
    s.warmupSteps = warmup;
    s.totalSteps = total;
    return s;
}

}  // namespace

TEST(LrSchedule, MatchesTransformersFormulasWithWarmup) {
    const auto constant = make(ts::LrScheduleKind::Constant, 10, 100);
    const auto linear = make(ts::LrScheduleKind::Linear, 10, 100);
    const auto cosine = make(ts::LrScheduleKind::Cosine, 10, 100);
    for (const auto& e : kWarmup10Total100) {
        EXPECT_NEAR(constant.multiplier(e.step), e.constant, 1e-15) << "step " << e.step;
        EXPECT_NEAR(linear.multiplier(e.step), e.linear, 1e-15) << "step " << e.step;
        EXPECT_NEAR(cosine.multiplier(e.step), e.cosine, 1e-15) << "step " << e.step;
    }
    EXPECT_NEAR(cosine.learningRate(55), 1e-4, 1e-18);
}

TEST(LrSchedule, CosineWithoutWarmupStartsAtFullRateAndEndsAtZero) {
    const double expected[] = {1.0, 0.9504844339512095, 0.8117449009293668, 0.6112604669781572,
                               0.38873953302184283, 0.18825509907063326, 0.04951556604879048, 0.0};
    const auto cosine = make(ts::LrScheduleKind::Cosine, 0, 7);
    for (int step = 0; step < 8; ++step)
        EXPECT_NEAR(cosine.multiplier(step), expected[step], 1e-15) << "step " << step;
}

TEST(LrSchedule, DegenerateLengthsUseTheMaxOneGuards) {
    // total == warmup: after warmup the linear factor is (total - step) / max(1, 0).
    const auto linear = make(ts::LrScheduleKind::Linear, 5, 5);
    EXPECT_DOUBLE_EQ(linear.multiplier(4), 0.8);
    EXPECT_DOUBLE_EQ(linear.multiplier(5), 0.0);
    const auto constant = make(ts::LrScheduleKind::Constant, 0, 1);
    EXPECT_DOUBLE_EQ(constant.multiplier(0), 1.0);
}

TEST(LrSchedule, NamesRoundTripAndUnknownNamesAreErrors) {
    for (auto k : {ts::LrScheduleKind::Constant, ts::LrScheduleKind::Linear, ts::LrScheduleKind::Cosine})
        EXPECT_EQ(ts::parseLrScheduleKind(ts::lrScheduleName(k)), k);
    try {
        ts::parseLrScheduleKind("step", "r.json");
        FAIL();
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.field(), "schedule");
        EXPECT_NE(std::string(e.what()).find("cosine, linear, constant"), std::string::npos);
    }
}
