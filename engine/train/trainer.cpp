// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/trainer.h"

namespace ts {

TrainResult runTraining(const TrainRequest&) {
    TrainResult result;
    result.status = TrainStatus::Failed;
    result.error = "training is not available in this build yet";
    return result;
}

}  // namespace ts
