// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The recipe being edited: a JSON document (docs/recipes.md) with an undo stack. Fields are
// addressed by dotted paths ("lora.r", "ui.train_split"). Consecutive changes of one field in
// one edit group merge into one undo step (typing "128" is one step, not three); the editor
// closes the group when a field loses focus (endEditGroup).
#include "app/recipes/recipe_check.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QUndoStack>

#include <optional>

namespace ts {

class RecipeDocument : public QObject {
    Q_OBJECT
public:
    explicit RecipeDocument(QObject* parent = nullptr);

    const QJsonObject& json() const { return json_; }
    // The value at a dotted path; Undefined when absent.
    QJsonValue value(const QString& path) const;
    // Sets the value (Undefined removes the key) as one undoable step. No-op when unchanged.
    void setValue(const QString& path, const QJsonValue& value);
    // Replaces the whole document (load, preset, import) as one undoable step.
    void replace(const QJsonObject& json, const QString& description);
    // Replaces it without undo history (a freshly opened recipe): the stack is cleared and clean.
    void reset(const QJsonObject& json);
    void endEditGroup() { ++editGroup_; }

    QUndoStack* undoStack() { return &undo_; }
    RecipeCheckResult check() const;

    // Internal: applied by the undo commands.
    void applyValue(const QString& path, const QJsonValue& value);
    void applyDocument(const QJsonObject& json);
    int editGroup() const { return editGroup_; }

    static QJsonValue valueAt(const QJsonObject& root, const QString& path);
    static void setValueAt(QJsonObject& root, const QString& path, const QJsonValue& value);

signals:
    void changed(const QString& path);  // empty path: the whole document changed

private:
    QJsonObject json_;
    QUndoStack undo_;
    int editGroup_ = 0;
};

// JSON text of a recipe for export, and back. fromJsonText returns nullopt with `error` set
// ("line:column: reason") when the text is not a JSON object.
QByteArray recipeToJsonText(const QJsonObject& recipe);
std::optional<QJsonObject> recipeFromJsonText(const QByteArray& text, QString* error);

}  // namespace ts
