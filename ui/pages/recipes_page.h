// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Recipes page: the training configurations of a project, edited in the recipe editor;
// "Start run" queues a run on the project's run queue and shows it on the Runs page.
#include "ui/pages/project_page.h"

namespace ts::ui {

class RecipeEditor;

class RecipesPage : public ProjectPage {
    Q_OBJECT
public:
    explicit RecipesPage(QWidget* parent = nullptr);
    void setProject(const ProjectStore* store) override;
    void refresh() override;
    RecipeEditor* editor() const { return editor_; }

private:
    void startRun(const QJsonObject& recipe, const QString& name, qint64 recipeId);
    RecipeEditor* editor_ = nullptr;
};

}  // namespace ts::ui
