// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/evaluate_page.h"

#include "ui/eval/evaluate_view.h"

#include <QBoxLayout>

namespace ts::ui {

EvaluatePage::EvaluatePage(QWidget* parent)
    : ProjectPage(tr("Evaluate & Compare"), IconKind::Evaluate,
                  tr("Held-out evaluation of the adapters against go / no-go thresholds, promotion "
                     "to production and rollback, and the base model's and each tuned model's "
                     "answers side by side with the regressions highlighted."),
                  {{QStringLiteral("eval_suites"), tr("Evaluation suites")},
                   {QStringLiteral("eval_runs"), tr("Evaluation runs")},
                   {QStringLiteral("adapter_versions"), tr("Adapter versions")}},
                  parent) {
    view_ = new EvaluateView(this);
    contentLayout()->addWidget(view_, 1);
    if (auto* box = qobject_cast<QBoxLayout*>(layout())) box->setStretchFactor(contentLayout(), 100);
}

void EvaluatePage::setProject(const ProjectStore* store) {
    if (attached_ != store) {
        attached_ = store;
        view_->setProject(store);
    }
    ProjectPage::setProject(store);
}

void EvaluatePage::refresh() {
    ProjectPage::refresh();
    if (view_ && attached_) view_->refresh();
}

}  // namespace ts::ui
