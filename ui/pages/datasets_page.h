// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Datasets page: the data a project trains and evaluates on.
#include "ui/pages/project_page.h"

namespace ts::ui {

class DatasetsPage : public ProjectPage {
    Q_OBJECT
public:
    explicit DatasetsPage(QWidget* parent = nullptr);
};

}  // namespace ts::ui
