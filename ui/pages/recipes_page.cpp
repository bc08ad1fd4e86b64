// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/recipes_page.h"

namespace ts::ui {

RecipesPage::RecipesPage(QWidget* parent)
    : ProjectPage(
          tr("Recipes"), IconKind::Recipes,
          tr("Training recipes: the base model, the LoRA rank, alpha and target layers, "
             "4-bit quantization, the learning rate and schedule, and the data a run "
             "uses. Each recipe is checked before a run can start."),
          {{QStringLiteral("recipes"), tr("Recipes")}, {QStringLiteral("runs"), tr("Runs")}},
          parent) {}

}  // namespace ts::ui
