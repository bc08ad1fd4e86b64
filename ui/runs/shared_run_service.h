// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One run queue per open project, shared by the pages that start runs (Recipes) and show them
// (Runs). Created on first use, destroyed by releaseRunService() when the project closes (the
// pages are told setProject(nullptr) before the store goes away).
#include "app/runs/run_service.h"

namespace ts::ui {

RunService* sharedRunService(const ProjectStore* store);
void releaseRunService(const ProjectStore* store);
// Tests replace the training function before the first sharedRunService() call.
void setSharedRunServiceTrainFunction(TrainFunction train, RunServiceOptions options = {});

}  // namespace ts::ui
