// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/recipes/recipe_store.h"

#include "app/recipes/recipe_document.h"
#include "app/store/project_store.h"
#include "engine/core/error.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace ts {
namespace {

[[noreturn]] void fail(const QSqlDatabase& db, const QString& what, const QSqlQuery& q) {
    throw Error((what + QStringLiteral(": ") + q.lastError().text()).toStdString(),
                db.databaseName().toStdString());
}

QJsonObject parseStored(const QString& text) {
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

}  // namespace

QList<SavedRecipe> listSavedRecipes(QSqlDatabase db) {
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT id, name, recipe_json, updated FROM recipes ORDER BY name")))
        fail(db, QStringLiteral("cannot list the recipes"), q);
    QList<SavedRecipe> recipes;
    while (q.next())
        recipes.push_back({q.value(0).toLongLong(), q.value(1).toString(),
                           parseStored(q.value(2).toString()), q.value(3).toString()});
    return recipes;
}

std::optional<SavedRecipe> loadSavedRecipe(QSqlDatabase db, const QString& name) {
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id, name, recipe_json, updated FROM recipes WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec()) fail(db, QStringLiteral("cannot read the recipe '%1'").arg(name), q);
    if (!q.next()) return std::nullopt;
    return SavedRecipe{q.value(0).toLongLong(), q.value(1).toString(),
                       parseStored(q.value(2).toString()), q.value(3).toString()};
}

qint64 saveRecipe(QSqlDatabase db, const QString& name, const QJsonObject& json) {
    if (name.trimmed().isEmpty())
        throw Error("a recipe needs a name", db.databaseName().toStdString(), "name");
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT INTO recipes (name, recipe_json) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET "
        "recipe_json = excluded.recipe_json, updated = ? RETURNING id"));
    q.addBindValue(name);
    q.addBindValue(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)));
    q.addBindValue(utcTimestampNow());
    if (!q.exec() || !q.next()) fail(db, QStringLiteral("cannot save the recipe '%1'").arg(name), q);
    return q.value(0).toLongLong();
}

void deleteSavedRecipe(QSqlDatabase db, const QString& name) {
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM recipes WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec()) fail(db, QStringLiteral("cannot delete the recipe '%1'").arg(name), q);
}

QList<RecipePreset> loadRecipePresets(const QString& dir) {
    QList<RecipePreset> presets;
    const QDir folder(dir);
    const QStringList files =
        folder.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString& fileName : files) {
        QFile file(folder.filePath(fileName));
        if (!file.open(QIODevice::ReadOnly))
            throw Error((QStringLiteral("cannot read: ") + file.errorString()).toStdString(),
                        file.fileName().toStdString());
        QString error;
        const std::optional<QJsonObject> json = recipeFromJsonText(file.readAll(), &error);
        if (!json) throw Error(error.toStdString(), file.fileName().toStdString());
        RecipePreset preset;
        preset.fileName = fileName;
        preset.json = *json;
        preset.title = json->value(QStringLiteral("name")).toString(fileName);
        preset.description = json->value(QStringLiteral("description")).toString();
        presets.push_back(preset);
    }
    return presets;
}

QList<DatasetVersionChoice> listDatasetVersionChoices(QSqlDatabase db) {
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral(
            "SELECT v.id, d.name, v.version_number, v.example_count, "
            "(SELECT group_concat(split) FROM (SELECT DISTINCT split FROM version_examples "
            " WHERE version_id = v.id ORDER BY split)) "
            "FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id "
            "ORDER BY d.name, v.version_number DESC")))
        fail(db, QStringLiteral("cannot list the dataset versions"), q);
    QList<DatasetVersionChoice> choices;
    const QLocale locale;
    while (q.next()) {
        DatasetVersionChoice c;
        c.id = q.value(0).toLongLong();
        c.label = QStringLiteral("%1 v%2 (%3)")
                      .arg(q.value(1).toString())
                      .arg(q.value(2).toLongLong())
                      .arg(QCoreApplication::translate("ts::RecipeStore", "%1 examples").arg(locale.toString(q.value(3).toLongLong())));
        const QString splits = q.value(4).toString();
        if (!splits.isEmpty()) c.splits = splits.split(QLatin1Char(','));
        choices.push_back(c);
    }
    return choices;
}

}  // namespace ts
