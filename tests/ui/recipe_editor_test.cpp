// SPDX-License-Identifier: GPL-3.0-or-later
// The recipe editor on real widgets (offscreen): presets, typing into fields (one undo step per
// field edit), the engine's validation message on the field that fails, the model shape and
// the estimate, saving in the project, export and import, and a tooltip on every input.
#include "app/recipes/recipe_document.h"
#include "app/store/project_store.h"
#include "engine/core/paths.h"
#include "app/eval/eval_gate.h"
#include "app/eval/eval_suite.h"
#include "ui/eval/suites_panel.h"
#include "ui/eval/threshold_table.h"
#include "ui/recipes/recipe_editor.h"
#include "ui/recipes/recipe_gate_section.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QJsonDocument>
#include <QListWidget>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using ts::ui::RecipeEditor;

class RecipeEditorTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    ts::ProjectStore store_;

    void exec(const QString& sql) {
        QSqlQuery q(store_.database());
        QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
    }
    static QLineEdit* lineEdit(RecipeEditor& editor, const QString& path) {
        return qobject_cast<QLineEdit*>(editor.fieldWidget(path));
    }
    qint64 addSuite(const QString& name, const QString& thresholds, const QString& split = QStringLiteral("eval"),
                    const QString& metrics = QStringLiteral(R"(["exact_match"])")) {
        ts::EvalSuite suite;
        suite.name = name;
        suite.datasetVersionId = 1;
        suite.split = split;
        suite.metricsJson = metrics;
        suite.thresholdsJson = thresholds;
        return ts::EvalSuiteRepository(store_.database()).save(suite);
    }
    static QListWidgetItem* suiteItem(RecipeEditor& editor, const QString& name) {
        QListWidget* list = editor.gateSection()->suiteList();
        for (int i = 0; i < list->count(); ++i)
            if (list->item(i)->text().startsWith(name + QStringLiteral(" —"))) return list->item(i);
        return nullptr;
    }
    // What a click on the item's check box does.
    static void tickSuite(RecipeEditor& editor, const QString& name) {
        QListWidgetItem* item = suiteItem(editor, name);
        QVERIFY2(item, qPrintable(name));
        item->setCheckState(Qt::Checked);
    }
    static void selectSuite(RecipeEditor& editor, const QString& name) {
        QListWidgetItem* item = suiteItem(editor, name);
        QVERIFY2(item, qPrintable(name));
        editor.gateSection()->suiteList()->setCurrentItem(item);
    }
    static QPushButton* findButton(QWidget* parent, const QString& text) {
        for (QPushButton* b : parent->findChildren<QPushButton*>())
            if (b->text() == text) return b;
        return nullptr;
    }
    static void typeInto(QLineEdit* edit, const QString& text) {
        edit->setFocus();
        edit->selectAll();
        QTest::keyClicks(edit, text);
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QVERIFY(store_.open(dir_.filePath(QStringLiteral("r.tsproj")), ts::OpenMode::CreateNew).ok);
        exec(QStringLiteral("INSERT INTO datasets (name) VALUES ('tickets')"));
        exec(QStringLiteral("INSERT INTO dataset_versions (dataset_id, version_number, "
                            "content_hash, example_count, source) VALUES (1, 1, 'h', 3, 'import')"));
        for (int i = 0; i < 3; ++i) {
            exec(QStringLiteral("INSERT INTO examples (kind, prompt, completion, content_hash) "
                                "VALUES ('prompt_completion', 'q', 'a', 'h%1')").arg(i));
            exec(QStringLiteral("INSERT INTO version_examples (version_id, example_id, split, "
                                "position) VALUES (1, %1, 'train', %2)").arg(i + 1).arg(i));
        }
    }

    void presetsAreShippedAndLoad() {
        RecipeEditor editor;
        QCOMPARE(editor.presets().size(), 4);
        bool found = false;
        for (const auto& p : editor.presets()) {
            if (p.fileName != QLatin1String("cpu-tiny-demo.json")) continue;
            editor.loadPreset(p);
            found = true;
        }
        QVERIFY(found);
        QCOMPARE(lineEdit(editor, QStringLiteral("lora.r"))->text(), QStringLiteral("8"));
        QCOMPARE(lineEdit(editor, QStringLiteral("max_seq_len"))->text(), QStringLiteral("256"));
        auto* targets = editor.fieldWidget(QStringLiteral("lora.targets"));
        const auto boxes = targets->findChildren<QCheckBox*>();
        int checked = 0;
        for (QCheckBox* b : boxes) checked += b->isChecked();
        QCOMPARE(checked, 2);  // q_proj and v_proj
        QVERIFY(editor.validationText().contains(QStringLiteral("base_model")));
    }

    void typingIsOneUndoStepAndUndoRestores() {
        RecipeEditor editor;
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        auto* r = lineEdit(editor, QStringLiteral("lora.r"));
        const QString before = r->text();
        const int steps = editor.document()->undoStack()->count();
        typeInto(r, QStringLiteral("128"));
        QCOMPARE(editor.document()->value(QStringLiteral("lora.r")).toInteger(), 128);
        QCOMPARE(editor.document()->undoStack()->count(), steps + 1);  // 3 keys, 1 step
        // Leaving the field closes the step: the next edit of it is a step of its own.
        auto* alpha = lineEdit(editor, QStringLiteral("lora.alpha"));
        alpha->setFocus();
        typeInto(alpha, QStringLiteral("64"));
        QCOMPARE(editor.document()->undoStack()->count(), steps + 2);
        editor.document()->undoStack()->undo();
        editor.document()->undoStack()->undo();
        QCOMPARE(r->text(), before);
        QCOMPARE(editor.document()->value(QStringLiteral("lora.r")),
                 QJsonValue(before.toLongLong()));
        editor.document()->undoStack()->redo();
        QCOMPARE(r->text(), QStringLiteral("128"));
    }

    void invalidFieldIsMarkedWithTheReason() {
        RecipeEditor editor;
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        auto* r = lineEdit(editor, QStringLiteral("lora.r"));
        typeInto(r, QStringLiteral("0"));
        QVERIFY2(editor.validationText().contains(QStringLiteral("lora.r")), qPrintable(editor.validationText()));
        QVERIFY(editor.validationText().contains(QStringLiteral("[1, 1024]")));
        QVERIFY(r->toolTip().contains(QStringLiteral("Not valid")));
        QVERIFY(!r->styleSheet().isEmpty());
        QVERIFY(!editor.isLaunchable());
        editor.document()->undoStack()->undo();
        QVERIFY(r->styleSheet().isEmpty());

        auto* lr = lineEdit(editor, QStringLiteral("lr"));
        typeInto(lr, QStringLiteral("fast"));
        QVERIFY2(editor.validationText().contains(QStringLiteral("lr: must be a number")),
                 qPrintable(editor.validationText()));
        editor.document()->undoStack()->undo();

        // No target module left: the engine refuses an empty list.
        for (QCheckBox* box : editor.fieldWidget(QStringLiteral("lora.targets"))->findChildren<QCheckBox*>())
            if (box->isChecked()) QTest::mouseClick(box, Qt::LeftButton);
        QVERIFY2(editor.validationText().contains(QStringLiteral("lora.targets")),
                 qPrintable(editor.validationText()));
    }

    void ggufModelShowsItsShape() {
        RecipeEditor editor;
        editor.setProject(&store_);
        typeInto(lineEdit(editor, QStringLiteral("base_model")), QStringLiteral(TS_TEST_DATA_DIR "/gguf/tiny_llama.gguf"));
        auto* info = editor.findChild<QLabel*>(QStringLiteral("modelInfo"));
        QVERIFY2(info->text().startsWith(QStringLiteral("GGUF (llama)")), qPrintable(info->text()));
        QVERIFY2(info->text().contains(QStringLiteral("chat template:")), qPrintable(info->text()));
        // A GGUF file's sizes feed the estimate like a folder's config.json.
        QVERIFY2(!editor.estimateText().contains(QStringLiteral("choose a model")), qPrintable(editor.estimateText()));
        // Not a model at all: the reason is shown instead of a shape.
        const QString bogus = dir_.filePath(QStringLiteral("bogus.gguf"));
        QFile file(bogus);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a gguf file");
        file.close();
        typeInto(lineEdit(editor, QStringLiteral("base_model")), bogus);
        QVERIFY2(info->text().contains(QStringLiteral("bogus.gguf")), qPrintable(info->text()));
    }

    void modelShapeEstimateSaveAndLaunchable() {
        RecipeEditor editor;
        editor.setProject(&store_);
        auto* model = lineEdit(editor, QStringLiteral("base_model"));
        typeInto(model, QStringLiteral(TS_TEST_DATA_DIR "/reference_models/llama"));
        auto* info = editor.findChild<QLabel*>(QStringLiteral("modelInfo"));
        QVERIFY2(info->text().contains(QStringLiteral("LlamaForCausalLM")), qPrintable(info->text()));
        auto* version = qobject_cast<QComboBox*>(editor.fieldWidget(QStringLiteral("dataset_version")));
        QCOMPARE(version->count(), 2);
        version->setCurrentIndex(1);
        emit version->activated(1);
        QCOMPARE(editor.document()->value(QStringLiteral("dataset_version")).toString(), QStringLiteral("1"));
        // Model and data alone are not enough: the gate comes before training.
        QVERIFY(!editor.isLaunchable());
        QVERIFY2(editor.validationText().contains(QStringLiteral("ui.gate.suites")), qPrintable(editor.validationText()));
        const qint64 suiteId = addSuite(QStringLiteral("launch gate"), QStringLiteral(R"({"exact_match": 0.5})"));
        editor.refresh();
        tickSuite(editor, QStringLiteral("launch gate"));
        QVERIFY2(editor.isLaunchable(), qPrintable(editor.validationText()));
        QVERIFY2(editor.estimateText().contains(QStringLiteral("3 examples")), qPrintable(editor.estimateText()));
        QVERIFY(editor.estimateText().contains(QStringLiteral("trainable parameters")));

        typeInto(lineEdit(editor, QStringLiteral("name")), QStringLiteral("my recipe"));
        QVERIFY(editor.save() > 0);
        QSqlQuery q(store_.database());
        QVERIFY(q.exec(QStringLiteral("SELECT recipe_json FROM recipes WHERE name = 'my recipe'")));
        QVERIFY(q.next());
        QVERIFY(q.value(0).toString().contains(QStringLiteral("reference_models/llama")));

        const QString file = dir_.filePath(QStringLiteral("export.json"));
        QString error;
        QVERIFY(editor.exportTo(file, &error));
        RecipeEditor other;
        QVERIFY(other.importFrom(file, &error));
        QCOMPARE(other.document()->json(), editor.document()->json());
        QFile bad(dir_.filePath(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{\n  \"lr\": ,\n}");
        bad.close();
        QVERIFY(!other.importFrom(bad.fileName(), &error));
        QVERIFY2(error.contains(QStringLiteral("bad.json:2:")), qPrintable(error));
        ts::EvalSuiteRepository(store_.database()).remove(suiteId);
    }

    // One source of truth for go/no-go: the gate section ticks suites and edits THEIR thresholds
    // (the Suites tab shows the same numbers); a recipe with old-style numbers keeps them until
    // they are moved, by the plan shown, into the suites.
    void gateSectionTicksSuitesAndEditsTheirThresholds() {
        const qint64 heldOut = addSuite(QStringLiteral("held-out"), QStringLiteral(R"({"accuracy": {">=": 0.9}})"),
                                        QStringLiteral("eval"), QStringLiteral(R"(["accuracy", "json_valid"])"));
        const qint64 general = addSuite(QStringLiteral("general"), QStringLiteral("{}"), QStringLiteral("general"),
                                        QStringLiteral(R"(["token_f1"])"));
        RecipeEditor editor;
        editor.setProject(&store_);
        editor.resize(1180, 900);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        ts::RecipeDocument* doc = editor.document();
        doc->setValue(QStringLiteral("base_model"), QStringLiteral(TS_TEST_DATA_DIR "/reference_models/llama"));
        doc->setValue(QStringLiteral("dataset_version"), QStringLiteral("1"));
        ts::ui::RecipeGateSection* gate = editor.gateSection();
        QVERIFY(gate);
        QCOMPARE(gate->suiteList()->count(), 2);
        QVERIFY(!editor.isLaunchable());
        QVERIFY(!gate->suiteList()->styleSheet().isEmpty());  // the field that blocks the run is marked

        // Ticking a suite without thresholds is not enough.
        tickSuite(editor, QStringLiteral("general"));
        QCOMPARE(ts::gateSuiteNames(doc->json()), QStringList{QStringLiteral("general")});
        QVERIFY2(editor.validationText().contains(QStringLiteral("'general' has no thresholds")),
                 qPrintable(editor.validationText()));
        // Its thresholds are edited right here: add a row, fill it, save into the suite.
        selectSuite(editor, QStringLiteral("general"));
        ts::ui::ThresholdTable* table = gate->thresholdTable();
        QCOMPARE(table->rowCount(), 0);
        auto* add = findButton(gate, QStringLiteral("Add threshold"));
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(table->rowCount(), 1);
        qobject_cast<QComboBox*>(table->cellWidget(0, 0))->setCurrentText(QStringLiteral("token_f1"));
        qobject_cast<QDoubleSpinBox*>(table->cellWidget(0, 1))->setValue(2);
        qobject_cast<QComboBox*>(table->cellWidget(0, 2))->setCurrentIndex(ts::ui::ThresholdTable::MaxRegression);
        QVERIFY(gate->saveButton()->isEnabled());
        QTest::mouseClick(gate->saveButton(), Qt::LeftButton);
        QVERIFY2(gate->messageText().contains(QStringLiteral("saved")), qPrintable(gate->messageText()));
        ts::EvalSuiteRepository repo(store_.database());
        QCOMPARE(QJsonDocument::fromJson(repo.suite(general).thresholdsJson.toUtf8()).object(),
                 QJsonDocument::fromJson(R"({"token_f1": {"max_regression": 2}})").object());
        QVERIFY2(editor.isLaunchable(), qPrintable(editor.validationText()));
        QVERIFY(gate->suiteList()->styleSheet().isEmpty());

        // The Suites tab edits the same data: it shows the row saved from the recipe editor.
        ts::ui::SuitesPanel suites;
        suites.setProject(&store_);
        suites.showSuite(general);
        QCOMPARE(suites.thresholdTable()->thresholdsJson(), repo.suite(general).thresholdsJson);

        // Ticking is an undoable recipe edit.
        doc->undoStack()->undo();
        QVERIFY(ts::gateSuiteNames(doc->json()).isEmpty());
        QCOMPARE(gate->suiteList()->item(1)->checkState(), Qt::Unchecked);
        QVERIFY(!editor.isLaunchable());
        doc->undoStack()->redo();
        QVERIFY(editor.isLaunchable());

        // An older recipe with its own numbers: they load, are shown with where they would go,
        // and stay until moved.
        QJsonObject old = doc->json();
        old.insert(QStringLiteral("thresholds"), QJsonObject{{QStringLiteral("min_task_score"), 0.85},
                                                             {QStringLiteral("max_general_regression"), 0.03}});
        old = ts::withGateSuiteNames(old, {QStringLiteral("held-out"), QStringLiteral("general")});
        const QString file = dir_.filePath(QStringLiteral("old-recipe.json"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(ts::recipeToJsonText(old));
        out.close();
        QString error;
        QVERIFY(editor.importFrom(file, &error));
        QVERIFY2(gate->legacyText().contains(QStringLiteral("min task score 0.85")), qPrintable(gate->legacyText()));
        QVERIFY2(gate->legacyText().contains(QStringLiteral("accuracy ≥ 0.85 in suite 'held-out' (replaces 0.9)")),
                 qPrintable(gate->legacyText()));
        QVERIFY2(gate->legacyText().contains(QStringLiteral("token_f1 may fall at most 3 points")),
                 qPrintable(gate->legacyText()));
        QVERIFY(doc->json().contains(QStringLiteral("thresholds")));
        QVERIFY(gate->moveLegacyButton()->isEnabled());
        QTest::mouseClick(gate->moveLegacyButton(), Qt::LeftButton);
        QVERIFY(!doc->json().contains(QStringLiteral("thresholds")));
        QVERIFY(gate->legacyText().isEmpty());
        QCOMPARE(QJsonDocument::fromJson(repo.suite(heldOut).thresholdsJson.toUtf8()).object(),
                 QJsonDocument::fromJson(R"({"accuracy": {">=": 0.85}})").object());
        QCOMPARE(QJsonDocument::fromJson(repo.suite(general).thresholdsJson.toUtf8()).object(),
                 QJsonDocument::fromJson(R"({"token_f1": {"max_regression": 3}})").object());
        // Undo brings the old numbers back into the recipe: nothing a user wrote is lost.
        doc->undoStack()->undo();
        QCOMPARE(doc->json().value(QStringLiteral("thresholds")).toObject().value(QStringLiteral("min_task_score")).toDouble(),
                 0.85);
        repo.remove(heldOut);
        repo.remove(general);
    }
    void everyInputHasATooltip() {
        RecipeEditor editor;
        editor.setProject(&store_);
        editor.resize(1180, 820);
        editor.show();
        // Every widget a user can type into, pick from or click says what it does.
        QStringList missing;
        int inputs = 0;
        const QList<QWidget*> widgets = editor.findChildren<QWidget*>();
        for (QWidget* w : widgets) {
            const bool isInput = qobject_cast<QLineEdit*>(w) || qobject_cast<QComboBox*>(w) ||
                                 qobject_cast<QAbstractButton*>(w) ||
                                 qobject_cast<QAbstractSpinBox*>(w);
            // Line edits inside combo boxes belong to the combo (its tooltip covers them); hidden
            // widgets (a table's corner button without headers) cannot be clicked.
            if (!isInput || qobject_cast<QComboBox*>(w->parentWidget()) || !w->isVisibleTo(&editor)) continue;
            ++inputs;
            if (w->toolTip().trimmed().isEmpty()) {
                const auto* button = qobject_cast<QAbstractButton*>(w);
                missing << (w->objectName().isEmpty() && button ? button->text() : w->objectName());
            }
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
        // Each recipe field is one of them: 29 fields, 7 target boxes and the toolbar.
        QVERIFY2(inputs >= 40, qPrintable(QString::number(inputs)));

        // The tooltips give a sensible range, not only the allowed one.
        QVERIFY(editor.fieldWidget(QStringLiteral("lora.r"))->toolTip().contains(QStringLiteral("8–16")));
        QVERIFY(editor.fieldWidget(QStringLiteral("lr"))->toolTip().contains(QStringLiteral("2e-4")));
        QVERIFY(editor.fieldWidget(QStringLiteral("lora.alpha"))->toolTip().contains(QStringLiteral("alpha/r")));
        // Different fields say different things.
        QSet<QString> distinct;
        for (const QString& path : {QStringLiteral("epochs"), QStringLiteral("max_steps"),
                                    QStringLiteral("batch_size"), QStringLiteral("grad_accum"),
                                    QStringLiteral("lora.dropout")})
            distinct.insert(editor.fieldWidget(path)->toolTip());
        QCOMPARE(distinct.size(), 5);

        // The editor as the user guide shows it.
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QVERIFY(editor.grab().save(QStringLiteral(TS_BUILD_DIR "/recipe_editor.png")));
    }

    // The editor filled in as in the README and the user guide: a preset, a model (its shape
    // and the estimate), the data and a gate of two suites. Only with TS_RECIPE_SCREENSHOT=FILE;
    // under Xvfb for real fonts:
    //   TS_RECIPE_SCREENSHOT=docs/images/recipe-editor.png xvfb-run -a -s "-screen 0 1280x1100x24"
    //       build/bin/recipe_editor_test recipeEditorScreenshot
    void recipeEditorScreenshot() {
        const QString output = qEnvironmentVariable("TS_RECIPE_SCREENSHOT");
        if (output.isEmpty()) QSKIP("set TS_RECIPE_SCREENSHOT=FILE.png to render the recipe editor");
        const qint64 triage = addSuite(QStringLiteral("Triage (held-out)"),
                                       QStringLiteral(R"({"json_valid": {">=": 0.97}, "accuracy": {">=": 0.9}})"),
                                       QStringLiteral("eval"), QStringLiteral(R"(["json_valid", "accuracy"])"));
        const qint64 general = addSuite(QStringLiteral("General capability"),
                                        QStringLiteral(R"({"token_f1": {"max_regression": 2}})"),
                                        QStringLiteral("general"), QStringLiteral(R"(["token_f1"])"));
        RecipeEditor editor;
        editor.setProject(&store_);
        for (const auto& p : editor.presets())
            if (p.fileName == QLatin1String("cpu-tiny-demo.json")) editor.loadPreset(p);
        ts::RecipeDocument* doc = editor.document();
        // The demo model (a GGUF file) when it is installed, else the tiny reference model.
        const QString demo = QString::fromStdString(ts::demoModelPath());
        doc->setValue(QStringLiteral("base_model"), QFile::exists(demo) ? demo
                                                                        : QStringLiteral(TS_TEST_DATA_DIR "/reference_models/llama"));
        doc->setValue(QStringLiteral("dataset_version"), QStringLiteral("1"));
        doc->setValue(QStringLiteral("ui.gate.suites"),
                      QJsonArray{QStringLiteral("Triage (held-out)"), QStringLiteral("General capability")});
        editor.refresh();
        selectSuite(editor, QStringLiteral("Triage (held-out)"));
        editor.resize(1240, 1080);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QVERIFY2(editor.isLaunchable(), qPrintable(editor.validationText()));
        QTest::qWait(100);
        QVERIFY(editor.grab().save(output, "PNG"));
        ts::EvalSuiteRepository(store_.database()).remove(triage);
        ts::EvalSuiteRepository(store_.database()).remove(general);
    }
};

QTEST_MAIN(RecipeEditorTest)
#include "recipe_editor_test.moc"
