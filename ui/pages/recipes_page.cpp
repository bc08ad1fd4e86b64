// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/recipes_page.h"

#include "ui/main_window.h"
#include "ui/pages/runs_page.h"
#include "ui/recipes/recipe_editor.h"
#include "ui/runs/shared_run_service.h"
#include "ui/runs/runs_view.h"

#include <QBoxLayout>
#include <QMessageBox>

namespace ts::ui {

RecipesPage::RecipesPage(QWidget* parent)
    : ProjectPage(
          tr("Recipes"), IconKind::Recipes,
          tr("Training recipes: the base model, the LoRA rank, alpha and target layers, "
             "4-bit quantization, the learning rate and schedule, and the data a run "
             "uses. Each recipe is checked before a run can start."),
          {{QStringLiteral("recipes"), tr("Recipes")}, {QStringLiteral("runs"), tr("Runs")}},
          parent) {
    editor_ = new RecipeEditor(this);
    contentLayout()->addWidget(editor_, 1);
    // The editor takes the page's free height (the base layout ends with a stretch).
    if (auto* box = qobject_cast<QBoxLayout*>(layout())) box->setStretchFactor(contentLayout(), 100);
    connect(editor_, &RecipeEditor::runRequested, this, &RecipesPage::startRun);
    connect(editor_, &RecipeEditor::saved, this, [this] { ProjectPage::refresh(); });
}

void RecipesPage::setProject(const ProjectStore* store) {
    editor_->setProject(store);
    ProjectPage::setProject(store);
}

void RecipesPage::refresh() {
    ProjectPage::refresh();
    if (editor_) editor_->refresh();
}

void RecipesPage::startRun(const QJsonObject& recipe, const QString& name, qint64 recipeId) {
    RunService* service = sharedRunService(project());
    if (!service) return;
    qint64 runId = 0;
    try {
        runId = service->createRun(recipe, name, recipeId);
        service->enqueue(runId);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Start run"), QString::fromStdString(e.what()));
        return;
    }
    // Show the run: the Runs page of the main window, when there is one.
    if (auto* window = qobject_cast<MainWindow*>(this->window())) {
        const QList<ProjectPage*>& pages = window->pages();
        for (int i = 0; i < pages.size(); ++i)
            if (auto* runs = qobject_cast<RunsPage*>(pages[i])) {
                runs->refresh();
                runs->view()->selectRun(runId);
                window->showPage(i);
            }
    }
}

}  // namespace ts::ui
