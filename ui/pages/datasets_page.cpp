// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/datasets_page.h"

namespace ts::ui {

DatasetsPage::DatasetsPage(QWidget* parent)
    : ProjectPage(tr("Datasets"), IconKind::Datasets,
                  tr("The data this project learns from: imported instruction and chat datasets, "
                     "their examples, and their train, validation and test splits. Importing, "
                     "browsing and curating datasets will happen here."),
                  {{QStringLiteral("datasets"), tr("Datasets")},
                   {QStringLiteral("dataset_versions"), tr("Dataset versions")},
                   {QStringLiteral("examples"), tr("Examples")}},
                  parent) {}

}  // namespace ts::ui
