// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/runs_page.h"

namespace ts::ui {

RunsPage::RunsPage(QWidget* parent)
    : ProjectPage(tr("Runs"), IconKind::Runs,
                  tr("Fine-tuning runs of this project: progress, live loss and learning-rate "
                     "charts, and the adapter each run produces. Every step's metrics are stored "
                     "in the project, so charts come back after a restart."),
                  {{QStringLiteral("runs"), tr("Runs")},
                   {QStringLiteral("adapter_versions"), tr("Adapter versions")}},
                  parent) {}

}  // namespace ts::ui
