// SPDX-License-Identifier: GPL-3.0-or-later
// The recipe editor on real widgets (offscreen): presets, typing into fields (one undo step per
// field edit), the engine's validation message on the field that fails, the model shape and
// the estimate, saving in the project, export and import, and a tooltip on every input.
#include "app/recipes/recipe_document.h"
#include "app/store/project_store.h"
#include "ui/recipes/recipe_editor.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
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
            // Line edits inside combo boxes belong to the combo (its tooltip covers them).
            if (!isInput || qobject_cast<QComboBox*>(w->parentWidget())) continue;
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
};

QTEST_MAIN(RecipeEditorTest)
#include "recipe_editor_test.moc"
