// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/recipes/recipe_editor.h"

#include "app/store/project_store.h"
#include "app/eval/eval_gate.h"
#include "engine/core/error.h"
#include "ui/recipes/recipe_gate_section.h"

#include <QCheckBox>
#include <QCursor>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSqlQuery>
#include <QVBoxLayout>

// The presets are compiled into ts_ui (resources.qrc); in a static library nothing else
// references that object file, so initialise it explicitly (outside any namespace: the macro
// declares a global function).
static void initRecipePresetResources() { Q_INIT_RESOURCE(resources); }

namespace ts::ui {
namespace {

const char* const kTargets[7] = {"q_proj", "k_proj", "v_proj", "o_proj",
                                 "gate_proj", "up_proj", "down_proj"};

// Text typed into a number field: an integer stays an integer, a decimal a double, an empty
// field removes the key (the default applies), anything else is kept as text so the engine's
// validation names the field and the reason.
QJsonValue parseNumberText(const QString& text) {
    const QString t = text.trimmed();
    if (t.isEmpty()) return QJsonValue(QJsonValue::Undefined);
    bool ok = false;
    const qint64 i = t.toLongLong(&ok);
    if (ok) return QJsonValue(i);
    const double d = t.toDouble(&ok);
    if (ok) return QJsonValue(d);
    return QJsonValue(t);
}

QString numberText(const QJsonValue& v) {
    if (v.isString()) return v.toString();
    if (!v.isDouble()) return {};
    const double d = v.toDouble();
    if (d == double(v.toInteger()) && std::abs(d) < 1e15) return QString::number(v.toInteger());
    return QString::number(d, 'g', 10);
}

const QString kInvalidStyle = QStringLiteral("background-color: #ffe0e0;");

}  // namespace

RecipeEditor::RecipeEditor(QWidget* parent) : QWidget(parent) {
    // The engine's defaults, so unset fields show what a run will use.
    const RecipeCheckResult defaults = checkRecipeJson("{}");
    defaults_ = QJsonDocument::fromJson(QByteArray::fromStdString(defaults.normalizedJson)).object();

    savedCombo_ = new QComboBox(this);
    savedCombo_->setObjectName(QStringLiteral("savedRecipes"));
    savedCombo_->setToolTip(tr("Recipes saved in this project"));
    savedCombo_->setMinimumContentsLength(18);
    presetCombo_ = new QComboBox(this);
    presetCombo_->setObjectName(QStringLiteral("presets"));
    presetCombo_->setToolTip(tr("Start from a shipped preset (replaces the fields; undoable)"));
    auto* saveButton = new QPushButton(tr("Save"), this);
    saveButton->setObjectName(QStringLiteral("saveRecipe"));
    saveButton->setToolTip(tr("Save the recipe in the project under its name"));
    auto* importButton = new QPushButton(tr("Import…"), this);
    importButton->setToolTip(tr("Load a recipe from a JSON file (undoable)"));
    auto* exportButton = new QPushButton(tr("Export…"), this);
    exportButton->setToolTip(tr("Write the recipe to a JSON file, to share it or keep it in "
                                "version control"));
    undoButton_ = new QPushButton(tr("Undo"), this);
    undoButton_->setToolTip(tr("Undo the last change to the recipe (Ctrl+Z)"));
    redoButton_ = new QPushButton(tr("Redo"), this);
    redoButton_->setToolTip(tr("Redo the change just undone (Ctrl+Shift+Z)"));
    runButton_ = new QPushButton(tr("Start run"), this);
    runButton_->setObjectName(QStringLiteral("startRun"));
    runButton_->setToolTip(tr("Save the recipe and queue a training run with it"));

    auto* toolbar = new QHBoxLayout;
    toolbar->addWidget(new QLabel(tr("Recipe:"), this));
    toolbar->addWidget(savedCombo_);
    toolbar->addWidget(saveButton);
    toolbar->addSpacing(12);
    toolbar->addWidget(new QLabel(tr("Preset:"), this));
    toolbar->addWidget(presetCombo_);
    toolbar->addSpacing(12);
    toolbar->addWidget(importButton);
    toolbar->addWidget(exportButton);
    toolbar->addWidget(undoButton_);
    toolbar->addWidget(redoButton_);
    toolbar->addStretch(1);
    toolbar->addWidget(runButton_);

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(buildForm());

    validation_ = new QLabel(this);
    validation_->setObjectName(QStringLiteral("validation"));
    validation_->setWordWrap(true);
    validation_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    estimate_ = new QLabel(this);
    estimate_->setObjectName(QStringLiteral("estimate"));
    estimate_->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(toolbar);
    layout->addWidget(scroll, 1);
    layout->addWidget(validation_);
    layout->addWidget(estimate_);

    QUndoStack* undo = doc_.undoStack();
    connect(undoButton_, &QPushButton::clicked, undo, &QUndoStack::undo);
    connect(redoButton_, &QPushButton::clicked, undo, &QUndoStack::redo);
    connect(undo, &QUndoStack::canUndoChanged, undoButton_, &QWidget::setEnabled);
    connect(undo, &QUndoStack::canRedoChanged, redoButton_, &QWidget::setEnabled);
    undoButton_->setEnabled(false);
    redoButton_->setEnabled(false);
    auto* undoAction = undo->createUndoAction(this);
    undoAction->setShortcut(QKeySequence::Undo);
    undoAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    auto* redoAction = undo->createRedoAction(this);
    redoAction->setShortcut(QKeySequence::Redo);
    redoAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(undoAction);
    addAction(redoAction);

    connect(&doc_, &RecipeDocument::changed, this, &RecipeEditor::documentChanged);
    connect(saveButton, &QPushButton::clicked, this, [this] { save(); });
    connect(importButton, &QPushButton::clicked, this, &RecipeEditor::importDialog);
    connect(exportButton, &QPushButton::clicked, this, &RecipeEditor::exportDialog);
    connect(savedCombo_, &QComboBox::activated, this,
            [this](int index) { if (index > 0) loadSaved(savedCombo_->itemText(index)); });
    connect(presetCombo_, &QComboBox::activated, this, [this](int index) {
        if (index > 0 && index - 1 < presets_.size()) loadPreset(presets_[index - 1]);
    });
    connect(runButton_, &QPushButton::clicked, this, [this] {
        if (!launchable_) return;
        const qint64 id = save();
        if (id > 0)
            emit runRequested(doc_.json(), doc_.value(QStringLiteral("name")).toString(), id);
    });

    initRecipePresetResources();
    setPresetFolder(QStringLiteral(":/recipes"));
    doc_.reset(presets_.isEmpty() ? QJsonObject{} : presets_.first().json);
}

QWidget* RecipeEditor::buildForm() {
    auto* page = new QWidget;
    auto* columns = new QHBoxLayout(page);
    auto* left = new QVBoxLayout;
    auto* right = new QVBoxLayout;
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);
    auto group = [page](QVBoxLayout* column, const QString& title) {
        auto* box = new QGroupBox(title, page);
        auto* form = new QFormLayout(box);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        column->addWidget(box);
        return form;
    };

    QFormLayout* general = group(left, tr("Recipe"));
    addText(general, tr("Name"), QStringLiteral("name"), tr("The name the recipe is saved under in the project; runs show it. Short and specific, "
               "e.g. \"triage r16 3 epochs\""));
    addText(general, tr("Description"), QStringLiteral("description"),
            tr("What this recipe is for and what changed from the last one, in a sentence"));

    QFormLayout* model = group(left, tr("Base model"));
    auto* pathRow = new QWidget(page);
    auto* pathLayout = new QHBoxLayout(pathRow);
    pathLayout->setContentsMargins(0, 0, 0, 0);
    auto* path = new QLineEdit(pathRow);
    auto* browse = new QPushButton(tr("Browse…"), pathRow);
    browse->setToolTip(tr("Choose a model folder or a .gguf file"));
    pathLayout->addWidget(path, 1);
    pathLayout->addWidget(browse);
    model->addRow(tr("Model"), pathRow);
    bind(QStringLiteral("base_model"), path,
         [path](const QJsonValue& v) { path->setText(v.toString()); },
         tr("The model to fine-tune: a Hugging Face model folder (config.json + safetensors) or a "
            ".gguf file. Start small (0.1–3 B parameters) and pick an instruct model for chat data"));
    connect(path, &QLineEdit::textEdited, this, [this](const QString& text) {
        doc_.setValue(QStringLiteral("base_model"),
                      text.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(text));
    });
    connect(path, &QLineEdit::editingFinished, this, [this] { doc_.endEditGroup(); });
    connect(browse, &QPushButton::clicked, this, &RecipeEditor::browseModel);
    modelInfo_ = new QLabel(page);
    modelInfo_->setObjectName(QStringLiteral("modelInfo"));
    modelInfo_->setWordWrap(true);
    model->addRow(QString(), modelInfo_);

    QFormLayout* data = group(left, tr("Data"));
    versionCombo_ = new QComboBox(page);
    data->addRow(tr("Dataset version"), versionCombo_);
    bind(QStringLiteral("dataset_version"), versionCombo_,
         [this](const QJsonValue& v) {
             versionCombo_->setCurrentIndex(
                 std::max(0, versionCombo_->findData(v.toString().toLongLong())));
         },
         tr("The frozen dataset version the run trains on. A version never changes, so the run can "
            "be repeated and compared. A few hundred good examples are a sensible start"));
    connect(versionCombo_, &QComboBox::activated, this, [this](int index) {
        const qint64 id = versionCombo_->itemData(index).toLongLong();
        doc_.setValue(QStringLiteral("dataset_version"),
                      id > 0 ? QJsonValue(QString::number(id)) : QJsonValue(QJsonValue::Undefined));
        doc_.endEditGroup();
    });
    trainSplitCombo_ = new QComboBox(page);
    evalSplitCombo_ = new QComboBox(page);
    data->addRow(tr("Train split"), trainSplitCombo_);
    data->addRow(tr("Eval split"), evalSplitCombo_);
    bind(QStringLiteral("ui.train_split"), trainSplitCombo_,
         [this](const QJsonValue& v) {
             trainSplitCombo_->setCurrentText(v.toString(QStringLiteral("train")));
         },
         tr("The split whose examples are trained on (usually \"train\")"));
    bind(QStringLiteral("ui.eval_split"), evalSplitCombo_,
         [this](const QJsonValue& v) {
             const int i = evalSplitCombo_->findData(v.toString(QStringLiteral("eval")));
             evalSplitCombo_->setCurrentIndex(std::max(0, i));
         },
         tr("Held-out examples for the eval loss, never trained on; 5–20 % of the data is usual. "
            "None: no evaluation during training"));
    connect(trainSplitCombo_, &QComboBox::activated, this, [this] {
        doc_.setValue(QStringLiteral("ui.train_split"), trainSplitCombo_->currentText());
        doc_.endEditGroup();
    });
    connect(evalSplitCombo_, &QComboBox::activated, this, [this] {
        doc_.setValue(QStringLiteral("ui.eval_split"), evalSplitCombo_->currentData().toString());
        doc_.endEditGroup();
    });

    QFormLayout* method = group(left, tr("Method"));
    addChoice(method, tr("Method"), QStringLiteral("method"), {QStringLiteral("sft"), QStringLiteral("dpo")},
              tr("sft: supervised fine-tuning on prompt/response pairs (start here); dpo: direct "
                 "preference optimization on chosen/rejected pairs, usually after sft"));
    addDouble(method, tr("DPO beta"), QStringLiteral("dpo.beta"), 0, 100, 3, 0.05,
              tr("DPO beta: how strongly the model is held near the reference model; smaller moves "
                 "further. Allowed (0, 100]; 0.1 is the usual value, 0.05–0.5 the sensible range"));
    addDouble(method, tr("DPO label smoothing"), QStringLiteral("dpo.label_smoothing"), 0, 0.5, 3,
              0.05, tr("Share of preference pairs assumed to be labelled the wrong way round (conservative "
                 "DPO). Allowed [0, 0.5); 0 for clean labels, 0.05–0.1 for noisy ones"));

    QFormLayout* lora = group(left, tr("LoRA adapter"));
    addSpin(lora, tr("Rank r"), QStringLiteral("lora.r"), 1, 1024,
            tr("LoRA rank r: the size of each adapter; higher learns more and costs more memory. "
               "Allowed [1, 1024]; 8–16 is the usual baseline, 32–64 for large or hard tasks"));
    addDouble(lora, tr("Alpha"), QStringLiteral("lora.alpha"), 0, 1e6, 2, 1,
              tr("LoRA alpha: the adapter update is scaled by alpha/r. Allowed (0, 1e6]; alpha = r or "
               "2·r is usual (e.g. 16 or 32 for r 16)"));
    addDouble(lora, tr("Dropout"), QStringLiteral("lora.dropout"), 0, 1, 3, 0.01,
              tr("Dropout on the adapter input during training, against overfitting small datasets. "
               "Allowed [0, 1); 0.05–0.1 is usual, 0 for large datasets"));
    auto* targets = new QWidget(page);
    auto* targetsLayout = new QGridLayout(targets);
    targetsLayout->setContentsMargins(0, 0, 0, 0);
    for (int i = 0; i < 7; ++i) {
        targetChecks_[i] = new QCheckBox(QString::fromLatin1(kTargets[i]), targets);
        targetChecks_[i]->setToolTip(
            tr("Put an adapter on %1 in every layer").arg(QString::fromLatin1(kTargets[i])));
        targetsLayout->addWidget(targetChecks_[i], i / 4, i % 4);
        connect(targetChecks_[i], &QCheckBox::clicked, this, [this] {
            QJsonArray list;
            for (int k = 0; k < 7; ++k)
                if (targetChecks_[k]->isChecked()) list.push_back(QString::fromLatin1(kTargets[k]));
            doc_.setValue(QStringLiteral("lora.targets"), list);
            doc_.endEditGroup();
        });
    }
    lora->addRow(tr("Target modules"), targets);
    bind(QStringLiteral("lora.targets"), targets,
         [this](const QJsonValue& v) {
             const QJsonArray list = v.toArray();
             for (int k = 0; k < 7; ++k)
                 targetChecks_[k]->setChecked(list.contains(QString::fromLatin1(kTargets[k])));
         },
         tr("Projections that get an adapter in every layer (at least one). All seven adapt "
            "best; q_proj + v_proj is the smallest useful set"));
    addCheck(lora, tr("rsLoRA"), QStringLiteral("lora.rslora"),
             tr("Rank-stabilized LoRA: scale by alpha/sqrt(r) instead of alpha/r, so high ranks (64 "
                "and more) still learn. Off for the usual ranks 8–16"));

    QFormLayout* quant = group(right, tr("Quantization"));
    addChoice(quant, tr("Base weights"), QStringLiteral("quant"),
              {QStringLiteral("nf4"), QStringLiteral("none")},
              tr("nf4: base weights in 4-bit NF4 (QLoRA), about a quarter of the memory at nearly the "
                 "same quality; none: original precision (plain LoRA), if memory allows"));
    addCheck(quant, tr("Double quantization"), QStringLiteral("double_quant"),
             tr("Quantize the NF4 block scales again: saves about 0.37 bits per weight (about 3 GB on "
                "a 65 B model) at no measurable quality cost. Only with nf4"));

    QFormLayout* optim = group(right, tr("Optimizer and schedule"));
    addDouble(optim, tr("Learning rate"), QStringLiteral("lr"), 0, 1, 7, 1e-5,
              tr("Peak AdamW learning rate. Allowed (0, 1]; 1e-4 to 3e-4 is usual for LoRA (2e-4 is a "
                 "good start), 5e-6 to 5e-5 for DPO. Too high: the loss jumps or diverges"));
    addChoice(optim, tr("Schedule"), QStringLiteral("schedule"),
              {QStringLiteral("cosine"), QStringLiteral("linear"), QStringLiteral("constant")},
              tr("How the learning rate falls after warmup: cosine (the usual choice), linear, or "
                 "constant (for short runs and comparisons)"));
    addSpin(optim, tr("Warmup steps"), QStringLiteral("warmup_steps"), 0, 1000000000,
            tr("Optimizer steps of linear warmup from 0 to the peak learning rate. Allowed [0, 1e9]; "
                 "3–10 % of all steps is usual (e.g. 10–100)"));
    addDouble(optim, tr("Weight decay"), QStringLiteral("weight_decay"), 0, 1, 4, 0.01,
              tr("AdamW decoupled weight decay on the LoRA parameters. Allowed [0, 1]; 0–0.1 is usual "
                 "(0.01 is a safe default)"));
    addDouble(optim, tr("Gradient clipping"), QStringLiteral("max_grad_norm"), 0, 1e6, 3, 0.1,
              tr("Clip the global gradient norm to this value, against loss spikes. Allowed [0, 1e6]; "
                 "0.3–1.0 is usual; 0 turns clipping off"));

    QFormLayout* length = group(right, tr("Batches and length"));
    addSpin(length, tr("Epochs"), QStringLiteral("epochs"), 1, 1000,
            tr("Passes over the training split (when max steps is 0). Allowed [1, 1000]; 1–3 is "
               "usual; more tends to memorize small datasets (watch the eval loss)"));
    addSpin(length, tr("Max steps"), QStringLiteral("max_steps"), 0, 1000000000,
            tr("Stop after this many optimizer steps, whatever the epochs say; 0 runs the epochs. "
               "Useful for quick trials (e.g. 50)"));
    addSpin(length, tr("Batch size"), QStringLiteral("batch_size"), 1, 4096,
            tr("Sequences per micro-batch: more is faster but needs more memory. Allowed [1, 4096]; "
               "1–8 is usual on one GPU, 1–2 on a CPU"));
    addSpin(length, tr("Gradient accumulation"), QStringLiteral("grad_accum"), 1, 4096,
            tr("Micro-batches summed per optimizer step: the effective batch is batch size × this. "
               "Allowed [1, 4096]; aim for an effective batch of 16–64"));
    addSpin(length, tr("Max sequence length"), QStringLiteral("max_seq_len"), 16, 131072,
            tr("Tokens per sequence; longer examples are truncated, and memory grows with it. "
               "Allowed [16, 131072]; fit your longest typical example (often 512–2048)"));
    addCheck(length, tr("Packing"), QStringLiteral("packing"),
             tr("Pack several short examples into one sequence: much faster for short examples, no "
                "effect on long ones"));
    addCheck(length, tr("Gradient checkpointing"), QStringLiteral("grad_ckpt"),
             tr("Recompute activations in the backward pass: much less memory for about 30 % more "
                "compute. Turn on when memory runs out"));

    QFormLayout* intervals = group(right, tr("Evaluation and checkpoints"));
    addSpin(intervals, tr("Eval every"), QStringLiteral("eval_every"), 0, 1000000000,
            tr("Optimizer steps between eval-loss measurements; 0 = only at the end. About 10–20 "
               "measurements per run give a readable curve"));
    addSpin(intervals, tr("Checkpoint every"), QStringLiteral("save_every"), 0, 1000000000,
            tr("Optimizer steps between checkpoints, the points a stopped run resumes from; 0 = only "
               "at the end. Every 10–30 minutes of training is reasonable"));
    addSpin(intervals, tr("Seed"), QStringLiteral("seed"), 0, 4294967295LL,
            tr("Seed for adapter initialisation, dropout and data order: the same seed and data give "
               "the same run. Allowed [0, 4294967295]; any value, e.g. 42"));

    // The gate: which evaluation suites judge the runs, with the suites' own thresholds.
    gate_ = new RecipeGateSection(&doc_, page);
    right->addWidget(gate_);
    widgets_.insert(QStringLiteral("ui.gate.suites"), gate_->suiteList());
    tooltips_.insert(QStringLiteral("ui.gate.suites"), gate_->suiteList()->toolTip());
    connect(gate_, &RecipeGateSection::suitesChanged, this, &RecipeEditor::revalidate);

    left->addStretch(1);
    right->addStretch(1);
    return page;
}

void RecipeEditor::bind(const QString& path, QWidget* widget,
                        std::function<void(const QJsonValue&)> show, const QString& tooltip) {
    widget->setObjectName(QStringLiteral("field_") + QString(path).replace(QLatin1Char('.'), QLatin1Char('_')));
    widget->setToolTip(tooltip);
    widgets_.insert(path, widget);
    tooltips_.insert(path, tooltip);
    bindings_.insert(path, Binding{std::move(show)});
}

void RecipeEditor::addSpin(QFormLayout* form, const QString& label, const QString& path, int,
                           qint64, const QString& tooltip) {
    // Numbers are typed as text: the engine's validation checks the range and the type and
    // names the field, so the rules live in one place (engine/train/recipe.cpp).
    addDouble(form, label, path, 0, 0, 0, 0, tooltip);
}

void RecipeEditor::addDouble(QFormLayout* form, const QString& label, const QString& path, double,
                             double, int, double, const QString& tooltip) {
    auto* edit = new QLineEdit(this);
    form->addRow(label, edit);
    bind(path, edit, [edit](const QJsonValue& v) { edit->setText(numberText(v)); }, tooltip);
    connect(edit, &QLineEdit::textEdited, this,
            [this, path](const QString& text) { doc_.setValue(path, parseNumberText(text)); });
    connect(edit, &QLineEdit::editingFinished, this, [this] { doc_.endEditGroup(); });
}

void RecipeEditor::addCheck(QFormLayout* form, const QString& label, const QString& path,
                            const QString& tooltip) {
    auto* box = new QCheckBox(this);
    form->addRow(label, box);
    bind(path, box, [box](const QJsonValue& v) { box->setChecked(v.toBool()); }, tooltip);
    connect(box, &QCheckBox::clicked, this, [this, path](bool on) {
        doc_.setValue(path, on);
        doc_.endEditGroup();
    });
}

void RecipeEditor::addChoice(QFormLayout* form, const QString& label, const QString& path,
                             const QStringList& values, const QString& tooltip) {
    auto* combo = new QComboBox(this);
    combo->addItems(values);
    form->addRow(label, combo);
    bind(path, combo, [combo](const QJsonValue& v) { combo->setCurrentText(v.toString()); },
         tooltip);
    connect(combo, &QComboBox::activated, this, [this, path, combo] {
        doc_.setValue(path, combo->currentText());
        doc_.endEditGroup();
    });
}

void RecipeEditor::addText(QFormLayout* form, const QString& label, const QString& path,
                           const QString& tooltip) {
    auto* edit = new QLineEdit(this);
    form->addRow(label, edit);
    bind(path, edit, [edit](const QJsonValue& v) { edit->setText(v.toString()); }, tooltip);
    connect(edit, &QLineEdit::textEdited, this, [this, path](const QString& text) {
        doc_.setValue(path, text.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(text));
    });
    connect(edit, &QLineEdit::editingFinished, this, [this] { doc_.endEditGroup(); });
}

QJsonValue RecipeEditor::effectiveValue(const QString& path) const {
    const QJsonValue v = doc_.value(path);
    return v.isUndefined() ? RecipeDocument::valueAt(defaults_, path) : v;
}

void RecipeEditor::showValue(const QString& path) {
    auto it = bindings_.constFind(path);
    if (it == bindings_.constEnd()) return;
    QWidget* widget = widgets_.value(path);
    // A field being typed in keeps its text (and cursor); others follow the document.
    if (widget->hasFocus() && qobject_cast<QLineEdit*>(widget) &&
        doc_.value(path) == parseNumberText(qobject_cast<QLineEdit*>(widget)->text()))
        return;
    const QSignalBlocker blocker(widget);
    it->show(effectiveValue(path));
}

void RecipeEditor::documentChanged(const QString& path) {
    if (path.isEmpty() || path == QLatin1String("dataset_version")) updateSplits();
    if (path.isEmpty()) {
        for (auto it = bindings_.constBegin(); it != bindings_.constEnd(); ++it) showValue(it.key());
    } else {
        showValue(path);
    }
    if (path.isEmpty() || path == QLatin1String("base_model")) updateModelInfo();
    if (path.isEmpty() || path.startsWith(QLatin1String("ui.gate")) || path.startsWith(QLatin1String("thresholds")))
        gate_->documentChanged();
    revalidate();
}

void RecipeEditor::revalidate() {
    if (!markedField_.isEmpty()) {
        if (QWidget* w = widgets_.value(markedField_)) {
            w->setStyleSheet(QString());
            w->setToolTip(tooltips_.value(markedField_));
        }
        markedField_.clear();
    }
    const RecipeCheckResult check = doc_.check();
    QStringList problems;
    if (!check.ok) {
        const QString field = QString::fromStdString(check.field);
        const QString reason = QString::fromStdString(check.reason);
        problems << tr("%1: %2").arg(field.isEmpty() ? tr("recipe") : field, reason).toHtmlEscaped();
        // "lora.targets[2]" and the like mark the field itself.
        QString key = field;
        key = key.left(key.indexOf(QLatin1Char('[')) < 0 ? key.size() : key.indexOf(QLatin1Char('[')));
        if (QWidget* w = widgets_.value(key)) {
            w->setStyleSheet(kInvalidStyle);
            w->setToolTip(tr("%1\n\nNot valid: %2").arg(tooltips_.value(key), reason));
            markedField_ = key;
        }
    }
    if (doc_.value(QStringLiteral("base_model")).toString().isEmpty())
        problems << tr("base_model: choose the model to fine-tune");
    if (doc_.value(QStringLiteral("dataset_version")).toString().toLongLong() <= 0)
        problems << tr("dataset_version: choose the data to train on");
    // The held-out set and its thresholds come before training: no run without a gate.
    QStringList gateProblemList;
    if (store_) {
        try {
            gateProblemList = gateProblems(store_->database(), doc_.json());
        } catch (const Error& e) {
            gateProblemList << QString::fromStdString(e.what());
        }
    }
    gate_->setProblem(gateProblemList.join(QLatin1Char('\n')));
    for (const QString& p : std::as_const(gateProblemList)) problems << p.toHtmlEscaped();
    launchable_ = problems.isEmpty() && store_ != nullptr;
    runButton_->setEnabled(launchable_);
    validation_->setText(problems.isEmpty()
                             ? tr("✓ The recipe is valid.")
                             : QStringLiteral("<span style='color:#b00020'>%1</span>")
                                   .arg(problems.join(QStringLiteral("<br>"))));

    // The estimate needs a valid document (defaults filled in) and a readable model shape.
    if (!check.ok || !model_) {
        estimate_->setText(model_ ? QString()
                                  : tr("Estimate: choose a model (Hugging Face folder or GGUF file) to "
                                       "see the memory and time per epoch."));
        return;
    }
    const QJsonObject normalized =
        QJsonDocument::fromJson(QByteArray::fromStdString(check.normalizedJson)).object();
    qint64 examples = 0;
    const qint64 versionId = doc_.value(QStringLiteral("dataset_version")).toString().toLongLong();
    if (store_ && versionId > 0) {
        QSqlQuery q(store_->database());
        q.prepare(QStringLiteral("SELECT COUNT(*) FROM version_examples WHERE version_id = ? AND split = ?"));
        q.addBindValue(versionId);
        q.addBindValue(effectiveValue(QStringLiteral("ui.train_split")).toString(QStringLiteral("train")));
        if (q.exec() && q.next()) examples = q.value(0).toLongLong();
    }
    const EstimateDevice& device = estimateDevice();
    const RecipeEstimate e = estimateRecipe(*model_, normalized, examples, device.cuda);
    QString text = tr("Estimate: %1 of %2 memory (base %3, LoRA %4 with %5 trainable parameters, "
                      "activations %6, logits %7); %8 optimizer steps and about %9 per epoch on "
                      "%10 examples.")
                       .arg(formatBytes(e.totalBytes), device.cuda ? tr("GPU") : tr("system"),
                            formatBytes(e.baseBytes), formatBytes(e.loraBytes),
                            QLocale().toString(e.loraParameters), formatBytes(e.activationBytes),
                            formatBytes(e.logitBytes))
                       .arg(e.optimizerStepsPerEpoch)
                       .arg(formatDuration(e.secondsPerEpoch))
                       .arg(examples);
    if (device.totalBytes > 0 && e.totalBytes > device.totalBytes)
        text += tr(" <b style='color:#b00020'>This will not fit in the %1 available: lower the "
                   "batch size or sequence length, or turn on NF4 and gradient checkpointing.</b>")
                    .arg(formatBytes(device.totalBytes));
    estimate_->setText(text);
}

void RecipeEditor::updateModelInfo() {
    const QString path = doc_.value(QStringLiteral("base_model")).toString();
    model_.reset();
    if (path.isEmpty()) {
        modelInfo_->setText(tr("No model chosen."));
        return;
    }
    QString error;
    model_ = readModelShape(path, &error);
    if (!model_) {
        modelInfo_->setText(error);
        return;
    }
    modelInfo_->setText(tr("%1 (%2): %3 M parameters, %4 layers, hidden %5, %6 heads (%7 KV), "
                           "vocabulary %8; chat template: %9")
                            .arg(model_->architecture, model_->modelType)
                            .arg(double(model_->totalParameters) / 1e6, 0, 'f', 1)
                            .arg(model_->layers)
                            .arg(model_->hiddenSize)
                            .arg(model_->heads)
                            .arg(model_->kvHeads)
                            .arg(model_->vocabSize)
                            .arg(model_->hasChatTemplate ? tr("yes") : tr("no")));
}

void RecipeEditor::updateSplits() {
    const qint64 versionId = doc_.value(QStringLiteral("dataset_version")).toString().toLongLong();
    QStringList splits = {QStringLiteral("train"), QStringLiteral("eval")};
    for (const DatasetVersionChoice& c : std::as_const(versions_))
        if (c.id == versionId && !c.splits.isEmpty()) splits = c.splits;
    {
        const QSignalBlocker a(trainSplitCombo_), b(evalSplitCombo_);
        trainSplitCombo_->clear();
        trainSplitCombo_->addItems(splits);
        evalSplitCombo_->clear();
        evalSplitCombo_->addItem(tr("(none)"), QString());
        for (const QString& s : splits) evalSplitCombo_->addItem(s, s);
    }
    showValue(QStringLiteral("ui.train_split"));
    showValue(QStringLiteral("ui.eval_split"));
}

void RecipeEditor::setProject(const ProjectStore* store) {
    store_ = store;
    gate_->setProject(store);
    refresh();
}

void RecipeEditor::refresh() {
    gate_->refresh();
    {
        const QSignalBlocker blocker(savedCombo_);
        savedCombo_->clear();
        savedCombo_->addItem(tr("(unsaved)"));
        versions_.clear();
        if (store_) {
            try {
                for (const SavedRecipe& r : listSavedRecipes(store_->database()))
                    savedCombo_->addItem(r.name);
                versions_ = listDatasetVersionChoices(store_->database());
            } catch (const Error& e) {
                validation_->setText(QString::fromStdString(e.what()));
            }
        }
        const int current = savedCombo_->findText(doc_.value(QStringLiteral("name")).toString());
        savedCombo_->setCurrentIndex(std::max(0, current));
    }
    {
        const QSignalBlocker blocker(versionCombo_);
        versionCombo_->clear();
        versionCombo_->addItem(tr("(choose a dataset version)"), qint64(0));
        for (const DatasetVersionChoice& c : std::as_const(versions_))
            versionCombo_->addItem(c.label, c.id);
    }
    documentChanged(QString());
}

void RecipeEditor::setPresetFolder(const QString& folder) {
    try {
        presets_ = loadRecipePresets(folder);
    } catch (const Error& e) {
        presets_.clear();
        if (validation_) validation_->setText(QString::fromStdString(e.what()));
    }
    const QSignalBlocker blocker(presetCombo_);
    presetCombo_->clear();
    presetCombo_->addItem(tr("(choose a preset)"));
    for (const RecipePreset& p : std::as_const(presets_)) {
        presetCombo_->addItem(p.title);
        presetCombo_->setItemData(presetCombo_->count() - 1, p.description, Qt::ToolTipRole);
    }
}

void RecipeEditor::loadPreset(const RecipePreset& preset) {
    // The preset replaces the training fields; the model, data and thresholds stay.
    QJsonObject json = preset.json;
    for (const QString& key : {QStringLiteral("base_model"), QStringLiteral("dataset_version"),
                               QStringLiteral("ui"), QStringLiteral("thresholds")}) {
        const QJsonValue keep = doc_.json().value(key);
        if (!keep.isUndefined()) json.insert(key, keep);
    }
    doc_.replace(json, tr("Load preset %1").arg(preset.title));
}

bool RecipeEditor::loadSaved(const QString& name) {
    if (!store_) return false;
    try {
        const std::optional<SavedRecipe> recipe = loadSavedRecipe(store_->database(), name);
        if (!recipe) return false;
        QJsonObject json = recipe->json;
        json.insert(QStringLiteral("name"), name);
        doc_.reset(json);
        return true;
    } catch (const Error& e) {
        QMessageBox::warning(this, tr("Open recipe"), QString::fromStdString(e.what()));
        return false;
    }
}

qint64 RecipeEditor::save() {
    if (!store_) return 0;
    QString name = doc_.value(QStringLiteral("name")).toString().trimmed();
    if (name.isEmpty()) {
        name = QInputDialog::getText(this, tr("Save recipe"), tr("Recipe name:")).trimmed();
        if (name.isEmpty()) return 0;
        doc_.setValue(QStringLiteral("name"), name);
        doc_.endEditGroup();
    }
    try {
        const qint64 id = saveRecipe(store_->database(), name, doc_.json());
        doc_.undoStack()->setClean();
        refresh();
        emit saved(name);
        return id;
    } catch (const Error& e) {
        QMessageBox::warning(this, tr("Save recipe"), QString::fromStdString(e.what()));
        return 0;
    }
}

bool RecipeEditor::exportTo(const QString& path, QString* error) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(recipeToJsonText(doc_.json())) < 0 ||
        !file.commit()) {
        if (error) *error = file.errorString();
        return false;
    }
    return true;
}

bool RecipeEditor::importFrom(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) *error = file.errorString();
        return false;
    }
    QString parseError;
    const std::optional<QJsonObject> json = recipeFromJsonText(file.readAll(), &parseError);
    if (!json) {
        if (error) *error = QStringLiteral("%1:%2").arg(path, parseError);
        return false;
    }
    // Imported even when invalid: the editor then shows which field to fix.
    doc_.replace(*json, tr("Import %1").arg(QFileInfo(path).fileName()));
    return true;
}

void RecipeEditor::exportDialog() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export recipe"), {},
                                                      tr("Recipe (*.json)"));
    QString error;
    if (!path.isEmpty() && !exportTo(path, &error))
        QMessageBox::warning(this, tr("Export recipe"), error);
}

void RecipeEditor::importDialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Import recipe"), {},
                                                      tr("Recipe (*.json)"));
    QString error;
    if (!path.isEmpty() && !importFrom(path, &error))
        QMessageBox::warning(this, tr("Import recipe"), error);
}

void RecipeEditor::browseModel() {
    // Two kinds of model: a folder (Hugging Face) or a single .gguf file.
    QMenu menu(this);
    QAction* folder = menu.addAction(tr("Hugging Face model folder…"));
    QAction* gguf = menu.addAction(tr("GGUF file…"));
    auto* button = qobject_cast<QWidget*>(sender());
    QAction* chosen = menu.exec(button ? button->mapToGlobal(QPoint(0, button->height())) : QCursor::pos());
    QString path;
    if (chosen == folder) path = QFileDialog::getExistingDirectory(this, tr("Hugging Face model folder"));
    if (chosen == gguf)
        path = QFileDialog::getOpenFileName(this, tr("GGUF model file"), {}, tr("GGUF model (*.gguf)"));
    if (path.isEmpty()) return;
    doc_.setValue(QStringLiteral("base_model"), path);
    doc_.endEditGroup();
}

QString RecipeEditor::validationText() const { return validation_->text(); }
QString RecipeEditor::estimateText() const { return estimate_->text(); }

}  // namespace ts::ui
