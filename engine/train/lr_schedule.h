// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Learning-rate schedules with linear warmup, with the exact formulas of transformers'
// get_constant_schedule_with_warmup, get_linear_schedule_with_warmup and
// get_cosine_schedule_with_warmup (num_cycles 0.5). `step` is the 0-based index of the
// optimizer step about to run, as LambdaLR sees it: with warmup the first step runs at lr 0.
#include <cstdint>
#include <string>

namespace ts {

enum class LrScheduleKind { Constant, Linear, Cosine };

// "constant" / "linear" / "cosine"; parse throws ts::Error naming `field` for another name.
std::string lrScheduleName(LrScheduleKind kind);
LrScheduleKind parseLrScheduleKind(const std::string& name, const std::string& file = {},
                                   const std::string& field = "schedule");

struct LrSchedule {
    LrScheduleKind kind = LrScheduleKind::Cosine;
    double baseLr = 2e-4;
    int64_t warmupSteps = 0;
    int64_t totalSteps = 1;

    // The factor applied to baseLr at `step` (the LambdaLR lambda).
    double multiplier(int64_t step) const;
    double learningRate(int64_t step) const { return baseLr * multiplier(step); }
};

}  // namespace ts
