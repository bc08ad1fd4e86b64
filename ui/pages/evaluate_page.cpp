// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/evaluate_page.h"

namespace ts::ui {

EvaluatePage::EvaluatePage(QWidget* parent)
    : ProjectPage(tr("Evaluate & Compare"), IconKind::Evaluate,
                  tr("Held-out evaluation of the adapters: loss and task metrics on the test "
                     "split, and the base model's and each tuned model's answers to the same "
                     "prompts, side by side."),
                  {{QStringLiteral("eval_suites"), tr("Evaluation suites")},
                   {QStringLiteral("eval_runs"), tr("Evaluation runs")},
                   {QStringLiteral("adapter_versions"), tr("Adapter versions")}},
                  parent) {}

}  // namespace ts::ui
