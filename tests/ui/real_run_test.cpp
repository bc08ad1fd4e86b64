// SPDX-License-Identifier: GPL-3.0-or-later
// The analyst's path with the real engine (offscreen, CPU): a recipe is filled in the recipe
// editor, its go/no-go gate suite ticked (the run fixes its thresholds) and started with its
// Train button; the run trains a random-init tiny Llama (4 layers,
// 128 wide, the shared Llama-2-style tokenizer) on the project's dataset version through the
// run queue's engine thread; the Runs view's chart gains the real loss points; Pause stops the
// optimizer steps, Resume continues them, Cancel ends the run as cancelled, and every stored loss
// is a finite number.
#include "ui/charts/qcustomplot_include.h"  // first: needs Qt's foreach

#include "app/eval/eval_gate.h"
#include "app/eval/eval_suite.h"
#include "app/runs/run_service.h"
#include "app/runs/run_store.h"
#include "app/store/project_store.h"
#include "engine/train/model_shapes.h"
#include "ui/charts/run_charts.h"
#include "ui/recipes/recipe_editor.h"
#include "ui/recipes/recipe_gate_section.h"
#include "ui/runs/runs_view.h"

#include <QFile>
#include <QListWidget>
#include <QTextBrowser>
#include <QPushButton>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using ts::RunStatus;
using ts::ui::RunCharts;

namespace {

// A dataset version of 40 short support tickets, 36 for training.
qint64 addTicketDataset(QSqlDatabase db) {
    QSqlQuery q(db);
    q.exec(QStringLiteral("INSERT INTO datasets (name) VALUES ('tickets')"));
    q.exec(QStringLiteral("INSERT INTO dataset_versions (dataset_id, version_number, content_hash, "
                          "example_count, source) VALUES (1, 1, 'h', 40, 'import')"));
    const QStringList queues{QStringLiteral("billing"), QStringLiteral("shipping"),
                             QStringLiteral("account"), QStringLiteral("bug")};
    for (int i = 0; i < 40; ++i) {
        q.prepare(QStringLiteral("INSERT INTO examples (kind, prompt, completion, content_hash) "
                                 "VALUES ('prompt_completion', ?, ?, ?)"));
        q.addBindValue(QStringLiteral("Ticket %1: my order %2 has a problem").arg(i).arg(1000 + i));
        q.addBindValue(QStringLiteral("{\"queue\": \"%1\"}").arg(queues[i % 4]));
        q.addBindValue(QStringLiteral("h%1").arg(i));
        q.exec();
        q.exec(QStringLiteral("INSERT INTO version_examples (version_id, example_id, split, position) "
                              "VALUES (1, %1, '%2', %3)")
                   .arg(i + 1)
                   .arg(i < 36 ? QStringLiteral("train") : QStringLiteral("eval"))
                   .arg(i));
    }
    return 1;
}

int storedLossPoints(QSqlDatabase db, qint64 runId) {
    int count = 0;
    for (const ts::MetricPoint& p : ts::loadMetrics(db, runId))
        count += p.name == ts::metric::kLoss && std::isfinite(p.value);
    return count;
}

}  // namespace

class RealRunTest : public QObject {
    Q_OBJECT
private slots:
    void recipeEditorStartsARealCpuRun() {
        const QString tokenizer = QStringLiteral(TS_SHARED_FIXTURES_DIR "/tokenizers/llama2-style");
        if (!QFile::exists(tokenizer + QStringLiteral("/tokenizer.json")))
            QSKIP("the shared tokenizer fixtures are missing");
        QTemporaryDir dir;
        const QString model = dir.filePath(QStringLiteral("tiny-llama"));
        ts::writeRandomInitModel("tiny", tokenizer.toStdString(), model.toStdString(), 11);

        ts::ProjectStore store;
        QVERIFY(store.open(dir.filePath(QStringLiteral("real.tsproj")), ts::OpenMode::CreateNew).ok);
        const qint64 versionId = addTicketDataset(store.database());
        ts::RunServiceOptions options;
        options.metricFlushMs = 20;
        ts::RunService service(store, &ts::runTraining, options);

        ts::ui::RecipeEditor editor;
        editor.setProject(&store);
        editor.refresh();
        ts::ui::RunsView view;
        view.resize(1200, 800);
        view.show();
        view.setProject(&store, &service);
        qint64 runId = 0;
        connect(&editor, &ts::ui::RecipeEditor::runRequested, this,
                [&](const QJsonObject& recipe, const QString& name, qint64 recipeId) {
                    runId = service.createRun(recipe, name, recipeId);
                    service.enqueue(runId);
                    view.refresh();
                    view.selectRun(runId);
                });

        // What the analyst types: the model, the data, a CPU-sized schedule.
        ts::RecipeDocument* doc = editor.document();
        doc->setValue(QStringLiteral("name"), QStringLiteral("tiny real run"));
        doc->setValue(QStringLiteral("base_model"), model);
        doc->setValue(QStringLiteral("dataset_version"), QString::number(versionId));
        doc->setValue(QStringLiteral("quant"), QStringLiteral("none"));
        doc->setValue(QStringLiteral("max_steps"), 5000);
        doc->setValue(QStringLiteral("batch_size"), 2);
        doc->setValue(QStringLiteral("grad_accum"), 1);
        doc->setValue(QStringLiteral("max_seq_len"), 64);
        doc->setValue(QStringLiteral("warmup_steps"), 0);
        doc->setValue(QStringLiteral("eval_every"), 0);
        // No run before its go/no-go gate: a held-out suite with a threshold is ticked first.
        QVERIFY(!editor.isLaunchable());
        ts::EvalSuite heldOut;
        heldOut.name = QStringLiteral("tickets held-out");
        heldOut.datasetVersionId = versionId;
        heldOut.split = QStringLiteral("eval");
        heldOut.metricsJson = QStringLiteral(R"(["json_valid", "exact_match"])");
        heldOut.thresholdsJson = QStringLiteral(R"({"json_valid": {">=": 0.9}})");
        ts::EvalSuiteRepository(store.database()).save(heldOut);
        editor.refresh();
        QListWidget* gateList = editor.gateSection()->suiteList();
        QCOMPARE(gateList->count(), 1);
        gateList->item(0)->setCheckState(Qt::Checked);  // what a click on its box does
        QTRY_VERIFY2_WITH_TIMEOUT(editor.isLaunchable(), qPrintable(editor.validationText()), 5000);
        auto* train = editor.findChild<QPushButton*>(QStringLiteral("startRun"));
        QVERIFY(train && train->isEnabled());
        QTest::mouseClick(train, Qt::LeftButton);
        QVERIFY(runId > 0);
        // The thresholds in force are fixed with the run, and its details say so.
        const auto gate = ts::gateSnapshotOf(ts::loadRun(store.database(), runId)->recipeSnapshot);
        QVERIFY(gate.has_value());
        QCOMPARE(gate->suites.size(), 1);
        QCOMPARE(gate->suites[0].suiteName, QStringLiteral("tickets held-out"));
        auto* details = view.findChild<QTextBrowser*>(QStringLiteral("runDetails"));
        QVERIFY(details);
        QTRY_VERIFY_WITH_TIMEOUT(details->toPlainText().contains(QStringLiteral("json_valid ≥ 0.9")), 5000);

        auto* pause = view.findChild<QPushButton*>(QStringLiteral("pauseButton"));
        auto* resume = view.findChild<QPushButton*>(QStringLiteral("resumeButton"));
        auto* cancel = view.findChild<QPushButton*>(QStringLiteral("cancelButton"));
        QVERIFY(pause && resume && cancel);

        // The chart shows the real loss as it is stored.
        QTRY_VERIFY_WITH_TIMEOUT(
            view.charts()->pointCount(runId, RunCharts::Chart::TrainLoss) >= 5 ||
                ts::loadRun(store.database(), runId)->status == RunStatus::Failed,
            120000);
        QVERIFY2(ts::loadRun(store.database(), runId)->status == RunStatus::Running,
                 qPrintable(ts::loadRun(store.database(), runId)->error));
        QTRY_VERIFY_WITH_TIMEOUT(pause->isEnabled(), 5000);
        const int atClick = storedLossPoints(store.database(), runId);
        QTest::mouseClick(pause, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(ts::loadRun(store.database(), runId)->status, RunStatus::Paused,
                                  5000);
        // Paused: the step in flight at the click may still finish and be stored; after it, none.
        QTest::qWait(4000);
        const int atPause = storedLossPoints(store.database(), runId);
        QVERIFY2(atPause <= atClick + 1, qPrintable(QStringLiteral("%1 steps after the click")
                                                         .arg(atPause - atClick)));
        QTest::qWait(4000);
        QCOMPARE(storedLossPoints(store.database(), runId), atPause);

        QVERIFY(resume->isEnabled());
        QTest::mouseClick(resume, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(storedLossPoints(store.database(), runId) >= atPause + 5, 120000);
        QTRY_VERIFY_WITH_TIMEOUT(
            view.charts()->pointCount(runId, RunCharts::Chart::TrainLoss) >= atPause + 5, 5000);

        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(service.isIdle(), 60000);
        const ts::RunRecord run = *ts::loadRun(store.database(), runId);
        QCOMPARE(run.status, RunStatus::Cancelled);
        QVERIFY(!run.device.isEmpty());
        // Every optimizer step stored its loss, numbered from 1 without gaps.
        int expectedStep = 0;
        for (const ts::MetricPoint& p : ts::loadMetrics(store.database(), runId)) {
            if (p.name != ts::metric::kLoss) continue;
            QCOMPARE(p.step, qint64(++expectedStep));
            QVERIFY(std::isfinite(p.value));
        }
        QVERIFY(expectedStep >= atPause + 5);
        QVERIFY(expectedStep < 5000);
    }
};

QTEST_MAIN(RealRunTest)
#include "real_run_test.moc"
