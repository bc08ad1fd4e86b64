// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/lr_schedule.h"

#include "engine/core/error.h"

#include <algorithm>
#include <cmath>

namespace ts {

std::string lrScheduleName(LrScheduleKind kind) {
    switch (kind) {
        case LrScheduleKind::Constant: return "constant";
        case LrScheduleKind::Linear: return "linear";
        case LrScheduleKind::Cosine: return "cosine";
    }
    return "cosine";
}

LrScheduleKind parseLrScheduleKind(const std::string& name, const std::string& file,
                                   const std::string& field) {
    if (name == "constant") return LrScheduleKind::Constant;
    if (name == "linear") return LrScheduleKind::Linear;
    if (name == "cosine") return LrScheduleKind::Cosine;
    throw Error("unknown schedule '" + name + "' (allowed: cosine, linear, constant)", file, field);
}

double LrSchedule::multiplier(int64_t step) const {
    // Same expressions and the same max(1, ...) guards as transformers' optimization.py.
    if (step < warmupSteps)
        return static_cast<double>(step) / static_cast<double>(std::max<int64_t>(1, warmupSteps));
    switch (kind) {
        case LrScheduleKind::Constant:
            return 1.0;
        case LrScheduleKind::Linear:
            return std::max(0.0, static_cast<double>(totalSteps - step) /
                                     static_cast<double>(std::max<int64_t>(1, totalSteps - warmupSteps)));
        case LrScheduleKind::Cosine: {
            constexpr double kNumCycles = 0.5;
            constexpr double kPi = 3.14159265358979323846;  // math.pi
            const double progress = static_cast<double>(step - warmupSteps) /
                                    static_cast<double>(std::max<int64_t>(1, totalSteps - warmupSteps));
            return std::max(0.0, 0.5 * (1.0 + std::cos(kPi * kNumCycles * 2.0 * progress)));
        }
    }
    return 1.0;
}

}  // namespace ts
