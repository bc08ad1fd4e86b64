// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Recipes saved in a project (the recipes table) and the presets shipped with the application
// (resources/recipes/*.json). Failures throw ts::Error naming the project file or preset file.
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace ts {

struct SavedRecipe {
    qint64 id = 0;
    QString name;
    QJsonObject json;
    QString updated;
};

QList<SavedRecipe> listSavedRecipes(QSqlDatabase db);  // by name
std::optional<SavedRecipe> loadSavedRecipe(QSqlDatabase db, const QString& name);
// Inserts or updates by name; returns the row id. The name must not be blank.
qint64 saveRecipe(QSqlDatabase db, const QString& name, const QJsonObject& json);
void deleteSavedRecipe(QSqlDatabase db, const QString& name);

struct RecipePreset {
    QString fileName;  // "qlora-r16.json"
    QString title;     // the preset's "name", or the file name
    QString description;
    QJsonObject json;
};

// Every *.json in `dir` (a folder or a Qt resource path such as ":/recipes"), by file name.
QList<RecipePreset> loadRecipePresets(const QString& dir);

// One dataset version a recipe can train on, for pickers.
struct DatasetVersionChoice {
    qint64 id = 0;
    QString label;  // "support-tickets v3 (1,204 examples)"
    QStringList splits;  // splits that hold examples, e.g. train, eval
};
QList<DatasetVersionChoice> listDatasetVersionChoices(QSqlDatabase db);

}  // namespace ts
