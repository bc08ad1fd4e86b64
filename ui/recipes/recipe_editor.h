// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The recipe editor: every field of a recipe (docs/recipes.md) plus the base model, the
// dataset version and splits, and the go/no-go gate (the evaluation suites a run is judged by,
// with their thresholds; ui/recipes/recipe_gate_section.h). Each widget is bound to one dotted
// key of a RecipeDocument; every change is an undoable step (typing merges into one), the whole
// document is validated by the engine's own parser after each change (the failing field is
// marked, with the reason in its tooltip), and an estimate of memory and time per epoch is
// shown before launch.
#include "app/recipes/recipe_document.h"
#include "app/recipes/recipe_estimate.h"
#include "app/recipes/recipe_store.h"

#include <QHash>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace ts {
class ProjectStore;
}

namespace ts::ui {

class RecipeGateSection;

class RecipeEditor : public QWidget {
    Q_OBJECT
public:
    explicit RecipeEditor(QWidget* parent = nullptr);

    void setProject(const ProjectStore* store);
    void refresh();  // re-reads saved recipes and dataset versions

    RecipeDocument* document() { return &doc_; }
    // The widget bound to a dotted key ("lora.r"), for tests.
    QWidget* fieldWidget(const QString& path) const { return widgets_.value(path); }
    QString validationText() const;
    RecipeGateSection* gateSection() const { return gate_; }
    QString estimateText() const;
    // Whether the document passes the engine's validation and names a model and data.
    bool isLaunchable() const { return launchable_; }

    // Loads a saved recipe / a preset (presets from ":/recipes" unless a folder is given).
    bool loadSaved(const QString& name);
    void loadPreset(const RecipePreset& preset);
    const QList<RecipePreset>& presets() const { return presets_; }
    void setPresetFolder(const QString& folder);
    // Saves under the document's "name" (asks for one when it is empty). Returns the row id.
    qint64 save();
    bool exportTo(const QString& path, QString* error);
    bool importFrom(const QString& path, QString* error);

signals:
    // The user asked to train this recipe (saved first; the id is the saved row).
    void runRequested(const QJsonObject& recipe, const QString& name, qint64 recipeId);
    void saved(const QString& name);

private:
    struct Binding {
        std::function<void(const QJsonValue&)> show;  // document -> widget
    };
    QWidget* buildForm();
    void bind(const QString& path, QWidget* widget, std::function<void(const QJsonValue&)> show,
              const QString& tooltip);
    void addSpin(QFormLayout* form, const QString& label, const QString& path, int lo, qint64 hi,
                 const QString& tooltip);
    void addDouble(QFormLayout* form, const QString& label, const QString& path, double lo,
                   double hi, int decimals, double step, const QString& tooltip);
    void addCheck(QFormLayout* form, const QString& label, const QString& path,
                  const QString& tooltip);
    void addChoice(QFormLayout* form, const QString& label, const QString& path,
                   const QStringList& values, const QString& tooltip);
    void addText(QFormLayout* form, const QString& label, const QString& path,
                 const QString& tooltip);

    void documentChanged(const QString& path);
    void showValue(const QString& path);
    void revalidate();
    void updateModelInfo();
    void updateSplits();
    QJsonValue effectiveValue(const QString& path) const;

    void exportDialog();
    void importDialog();
    void browseModel();

    const ProjectStore* store_ = nullptr;
    RecipeDocument doc_;
    QJsonObject defaults_;  // every key with its engine default
    QHash<QString, QWidget*> widgets_;
    QHash<QString, Binding> bindings_;
    QHash<QString, QString> tooltips_;
    QList<RecipePreset> presets_;
    QList<DatasetVersionChoice> versions_;
    std::optional<ModelShape> model_;
    bool launchable_ = false;
    QString markedField_;

    QComboBox* savedCombo_ = nullptr;
    QComboBox* presetCombo_ = nullptr;
    QComboBox* versionCombo_ = nullptr;
    QComboBox* trainSplitCombo_ = nullptr;
    QComboBox* evalSplitCombo_ = nullptr;
    QCheckBox* targetChecks_[7] = {};
    QLabel* modelInfo_ = nullptr;
    QLabel* validation_ = nullptr;
    QLabel* estimate_ = nullptr;
    QPushButton* runButton_ = nullptr;
    QPushButton* undoButton_ = nullptr;
    QPushButton* redoButton_ = nullptr;
    RecipeGateSection* gate_ = nullptr;
};

}  // namespace ts::ui
