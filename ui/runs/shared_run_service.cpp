// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/runs/shared_run_service.h"

#include <QHash>

#include <memory>

namespace ts::ui {
namespace {

struct Shared {
    QHash<const ProjectStore*, std::shared_ptr<RunService>> services;
    TrainFunction train = &runTraining;
    RunServiceOptions options;
};

Shared& shared() {
    static Shared instance;
    return instance;
}

}  // namespace

RunService* sharedRunService(const ProjectStore* store) {
    if (!store) return nullptr;
    auto& s = shared();
    auto it = s.services.find(store);
    if (it == s.services.end())
        it = s.services.insert(store, std::make_shared<RunService>(*store, s.train, s.options));
    return it->get();
}

void releaseRunService(const ProjectStore* store) { shared().services.remove(store); }

void setSharedRunServiceTrainFunction(TrainFunction train, RunServiceOptions options) {
    shared().train = std::move(train);
    shared().options = options;
}

}  // namespace ts::ui
