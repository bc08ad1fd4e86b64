// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/eval/evaluate_view.h"

#include "ui/eval/compare_panel.h"
#include "ui/eval/playground_panel.h"
#include "ui/eval/suites_panel.h"
#include "ui/eval/versions_panel.h"

#include <QTabWidget>
#include <QVBoxLayout>

namespace ts::ui {

EvaluateView::EvaluateView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("evaluateTabs"));
    versions_ = new VersionsPanel(tabs_);
    compare_ = new ComparePanel(tabs_);
    suites_ = new SuitesPanel(tabs_);
    playground_ = new PlaygroundPanel(tabs_);
    tabs_->addTab(versions_, tr("&Versions"));
    tabs_->addTab(compare_, tr("&Compare"));
    tabs_->addTab(suites_, tr("S&uites"));
    tabs_->addTab(playground_, tr("&Playground"));
    tabs_->setTabToolTip(VersionsTab, tr("Adapter versions, their verdicts, evaluation, promotion and export"));
    tabs_->setTabToolTip(CompareTab, tr("Loss curves, metrics and per-example outputs of two or more versions"));
    tabs_->setTabToolTip(SuitesTab, tr("Evaluation suites: dataset version, split, metrics, thresholds"));
    tabs_->setTabToolTip(PlaygroundTab, tr("One prompt, the base model's and an adapter's answers"));
    layout->addWidget(tabs_);

    connect(versions_, &VersionsPanel::versionsChanged, this, [this] {
        compare_->refresh();
        playground_->refresh();
    });
    connect(versions_, &VersionsPanel::evaluationFinished, compare_, &ComparePanel::refresh);
    connect(suites_, &SuitesPanel::suitesChanged, this, [this] {
        versions_->refresh();
        compare_->refresh();
    });
}

void EvaluateView::setProject(const ProjectStore* store) {
    versions_->setProject(store);
    compare_->setProject(store);
    suites_->setProject(store);
    playground_->setProject(store);
}

void EvaluateView::setHooks(const EvalUiHooks& hooks) {
    versions_->setHooks(hooks);
    suites_->setHooks(hooks);
}

void EvaluateView::refresh() {
    versions_->refresh();
    compare_->refresh();
    suites_->refresh();
    playground_->refresh();
}

void EvaluateView::showTab(Tab tab) { tabs_->setCurrentIndex(int(tab)); }

}  // namespace ts::ui
