// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Runs page: training runs, their live metrics and their adapters.
#include "ui/pages/project_page.h"

namespace ts::ui {

class RunsPage : public ProjectPage {
    Q_OBJECT
public:
    explicit RunsPage(QWidget* parent = nullptr);
};

}  // namespace ts::ui
