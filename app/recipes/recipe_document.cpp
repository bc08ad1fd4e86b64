// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/recipes/recipe_document.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QUndoCommand>

namespace ts {
namespace {

constexpr int kSetValueMergeId = 0x7265;  // any fixed id: all field edits share one merge id

class SetValueCommand : public QUndoCommand {
public:
    SetValueCommand(RecipeDocument* doc, QString path, QJsonValue before, QJsonValue after)
        : doc_(doc), path_(std::move(path)), before_(std::move(before)), after_(std::move(after)),
          group_(doc->editGroup()) {
        setText(QCoreApplication::translate("ts::RecipeDocument", "Change %1").arg(path_));
    }
    void undo() override { doc_->applyValue(path_, before_); }
    void redo() override { doc_->applyValue(path_, after_); }
    int id() const override { return kSetValueMergeId; }
    bool mergeWith(const QUndoCommand* other) override {
        const auto* next = static_cast<const SetValueCommand*>(other);
        if (next->path_ != path_ || next->group_ != group_) return false;
        after_ = next->after_;
        if (after_ == before_) setObsolete(true);
        return true;
    }

private:
    RecipeDocument* doc_;
    QString path_;
    QJsonValue before_, after_;
    int group_;
};

class ReplaceCommand : public QUndoCommand {
public:
    ReplaceCommand(RecipeDocument* doc, QJsonObject before, QJsonObject after, const QString& text)
        : doc_(doc), before_(std::move(before)), after_(std::move(after)) {
        setText(text);
    }
    void undo() override { doc_->applyDocument(before_); }
    void redo() override { doc_->applyDocument(after_); }

private:
    RecipeDocument* doc_;
    QJsonObject before_, after_;
};

}  // namespace

RecipeDocument::RecipeDocument(QObject* parent) : QObject(parent) {}

QJsonValue RecipeDocument::valueAt(const QJsonObject& root, const QString& path) {
    const QStringList parts = path.split(QLatin1Char('.'));
    QJsonValue current = root;
    for (const QString& part : parts) {
        if (!current.isObject()) return QJsonValue(QJsonValue::Undefined);
        const QJsonObject object = current.toObject();
        if (!object.contains(part)) return QJsonValue(QJsonValue::Undefined);
        current = object.value(part);
    }
    return current;
}

void RecipeDocument::setValueAt(QJsonObject& root, const QString& path, const QJsonValue& value) {
    const qsizetype dot = path.indexOf(QLatin1Char('.'));
    if (dot < 0) {
        if (value.isUndefined()) {
            root.remove(path);
        } else {
            root.insert(path, value);
        }
        return;
    }
    const QString head = path.left(dot);
    QJsonObject child = root.value(head).toObject();
    setValueAt(child, path.mid(dot + 1), value);
    if (child.isEmpty()) {
        root.remove(head);  // no empty "lora": {} left behind by undo
    } else {
        root.insert(head, child);
    }
}

QJsonValue RecipeDocument::value(const QString& path) const { return valueAt(json_, path); }

void RecipeDocument::setValue(const QString& path, const QJsonValue& value) {
    const QJsonValue before = valueAt(json_, path);
    if (before == value) return;
    undo_.push(new SetValueCommand(this, path, before, value));
}

void RecipeDocument::replace(const QJsonObject& json, const QString& description) {
    if (json == json_) return;
    endEditGroup();
    undo_.push(new ReplaceCommand(this, json_, json, description));
}

void RecipeDocument::reset(const QJsonObject& json) {
    undo_.clear();
    endEditGroup();
    applyDocument(json);
}

void RecipeDocument::applyValue(const QString& path, const QJsonValue& value) {
    setValueAt(json_, path, value);
    emit changed(path);
}

void RecipeDocument::applyDocument(const QJsonObject& json) {
    json_ = json;
    emit changed(QString());
}

RecipeCheckResult RecipeDocument::check() const {
    return checkRecipeJson(recipeToJsonText(json_).toStdString());
}

QByteArray recipeToJsonText(const QJsonObject& recipe) {
    return QJsonDocument(recipe).toJson(QJsonDocument::Indented);
}

std::optional<QJsonObject> recipeFromJsonText(const QByteArray& text, QString* error) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error) {
            // Qt reports a byte offset; turn it into line:column for the user.
            const QByteArray head = text.left(parseError.offset);
            const int line = int(head.count('\n')) + 1;
            const int column = int(parseError.offset - (head.lastIndexOf('\n') + 1)) + 1;
            *error = QStringLiteral("%1:%2: %3").arg(line).arg(column).arg(parseError.errorString());
        }
        return std::nullopt;
    }
    if (!doc.isObject()) {
        if (error)
            *error = QCoreApplication::translate("ts::RecipeDocument",
                                                 "a recipe must be a JSON object");
        return std::nullopt;
    }
    return doc.object();
}

}  // namespace ts
