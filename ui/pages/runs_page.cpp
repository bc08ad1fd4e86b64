// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/runs_page.h"

#include "ui/runs/runs_view.h"
#include "ui/runs/shared_run_service.h"

#include <QBoxLayout>

namespace ts::ui {

RunsPage::RunsPage(QWidget* parent)
    : ProjectPage(tr("Runs"), IconKind::Runs,
                  tr("Fine-tuning runs of this project: progress, live loss and learning-rate "
                     "charts, and the adapter each run produces. Every step's metrics are stored "
                     "in the project, so charts come back after a restart."),
                  {{QStringLiteral("runs"), tr("Runs")},
                   {QStringLiteral("adapter_versions"), tr("Adapter versions")}},
                  parent) {
    view_ = new RunsView(this);
    contentLayout()->addWidget(view_, 1);
    if (auto* box = qobject_cast<QBoxLayout*>(layout())) box->setStretchFactor(contentLayout(), 100);
}

void RunsPage::setProject(const ProjectStore* store) {
    if (attached_ && attached_ != store) {
        view_->setProject(nullptr, nullptr);
        releaseRunService(attached_);
    }
    attached_ = store;
    if (store) view_->setProject(store, sharedRunService(store));
    ProjectPage::setProject(store);
}

void RunsPage::refresh() {
    ProjectPage::refresh();
    if (view_ && attached_) view_->refresh();
}

}  // namespace ts::ui
