// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Evaluate & Compare page: measuring adapters and comparing runs.
#include "ui/pages/project_page.h"

namespace ts::ui {

class EvaluatePage : public ProjectPage {
    Q_OBJECT
public:
    explicit EvaluatePage(QWidget* parent = nullptr);
};

}  // namespace ts::ui
