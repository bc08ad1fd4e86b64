// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Recipes page: the training configurations of a project.
#include "ui/pages/project_page.h"

namespace ts::ui {

class RecipesPage : public ProjectPage {
    Q_OBJECT
public:
    explicit RecipesPage(QWidget* parent = nullptr);
};

}  // namespace ts::ui
