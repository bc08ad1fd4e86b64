// SPDX-License-Identifier: GPL-3.0-or-later
// The newcomer's whole flow on the built-in demo project, on the CPU with the real demo model
// (SmolLM2-135M-Instruct): the demo project is created as "Open demo project" does (data, split,
// eval suites with thresholds, the CPU recipe); browse its examples; label one; train a few QLoRA
// steps through the run queue; the run becomes a candidate adapter version; evaluate the base
// model and the adapter on the held-out triage suite; compare them with the regressions listed;
// promote; export the PEFT folder and a GGUF LoRA adapter. Skipped without the demo model.
#include "app/adapters/adapter_registry.h"
#include "app/annotation/annotation_session.h"
#include "app/datasets/dataset_repository.h"
#include "app/datasets/dataset_table_model.h"
#include "app/datasets/token_lengths.h"
#include "app/demo/demo_project.h"
#include "app/eval/eval_compare.h"
#include "app/eval/eval_service.h"
#include "app/eval/eval_suite.h"
#include "app/recipes/recipe_store.h"
#include "app/runs/run_service.h"
#include "app/runs/run_store.h"
#include "app/store/project_store.h"
#include "engine/core/paths.h"
#include "engine/formats/gguf.h"
#include "engine/train/gguf_lora_export.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

// The demo data and recipe presets are resources of the ts_ui library.
static void initDemoResources() { Q_INIT_RESOURCE(resources); }

class DemoFlowTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        initDemoResources();
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setApplicationName(QStringLiteral("DemoFlowTest"));
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(ts::demoProjectPath() + suffix);
    }

    void browseLabelTrainEvaluateCompareExport() {
        if (!ts::fileExists(ts::demoModelPath()))
            QSKIP("the demo model is missing (scripts/fetch-demo-model.sh)");
        QString error;
        const QString path = ts::ensureDemoProject(&error);
        QVERIFY2(!path.isEmpty(), qPrintable(error));
        ts::ProjectStore store;
        QVERIFY(store.open(path, ts::OpenMode::OpenExisting).ok);
        QSqlDatabase db = store.database();

        // The held-out set and its gates exist before any training.
        ts::EvalSuiteRepository suites(db);
        const auto triage = suites.suiteByName(QStringLiteral("Triage (held-out)"));
        QVERIFY(triage.has_value());
        QVERIFY(suites.suiteByName(QStringLiteral("General capability")).has_value());
        QVERIFY(triage->thresholdsJson.contains(QStringLiteral("accuracy")));
        // The forgetting check is a general-capability set, the tickets are task data.
        const ts::DatasetRepository datasets(db);
        QVERIFY(datasets.datasetByName(QStringLiteral("General capability"))->generalCapability);
        QVERIFY(!datasets.datasetByName(QStringLiteral("Support tickets"))->generalCapability);

        // Token lengths in the demo model's (GGUF) tokens, from the recipe's base model.
        const ts::TokenLengthModel lengthModel = ts::tokenLengthModel(db);
        QCOMPARE(lengthModel.path, QString::fromStdString(ts::demoModelPath()));
        const ts::TokenCountResult counted = ts::countExampleTokens(db, lengthModel.path);
        QVERIFY2(counted.counted > 300 && counted.unreadable == 0, qPrintable(counted.firstProblem));
        QCOMPARE(ts::tokenCountState(db).uncounted, qint64(0));

        // Browse: the recipe's dataset version is the split one, with train and eval examples.
        const auto recipe = ts::loadSavedRecipe(db, QStringLiteral("CPU demo"));
        QVERIFY(recipe.has_value());
        const qint64 versionId = recipe->json.value(QStringLiteral("dataset_version")).toString().toLongLong();
        QCOMPARE(versionId, triage->datasetVersionId);
        ts::DatasetTableModel table(db);
        table.setVersion(versionId);
        QVERIFY2(table.matchingCount() > 300, qPrintable(table.lastError()));
        QVERIFY(table.rowCount() > 0);
        table.setSearchText(QStringLiteral("invoice"));
        QVERIFY(table.matchingCount() > 0);
        QVERIFY(table.matchingCount() < 300);

        // Label: correct the expected output of the first eval example.
        ts::AnnotationSession session(db);
        session.setAnnotator(QStringLiteral("expert"));
        ts::QueueSpec queue;
        queue.versionId = versionId;
        queue.split = ts::Split::Eval;
        session.setQueue(queue);
        QVERIFY(session.count() > 20);
        const QString corrected = session.currentState().outputText;
        session.setOutputText(corrected + QStringLiteral(" "));
        session.accept();
        QCOMPARE(session.doneCount(), 1);

        // Train: the demo recipe, cut to three optimizer steps for the test.
        QJsonObject json = recipe->json;
        json.insert(QStringLiteral("quant"), QStringLiteral("nf4"));
        json.insert(QStringLiteral("max_steps"), 3);
        json.insert(QStringLiteral("batch_size"), 2);
        json.insert(QStringLiteral("grad_accum"), 1);
        json.insert(QStringLiteral("max_seq_len"), 256);
        json.insert(QStringLiteral("eval_every"), 0);
        ts::RunService service(store, &ts::runTraining);
        const qint64 runId = service.createRun(json, QStringLiteral("demo tiny run"), recipe->id);
        service.enqueue(runId);
        QTRY_VERIFY_WITH_TIMEOUT(service.isIdle(), 600000);
        const ts::RunRecord run = *ts::loadRun(db, runId);
        QVERIFY2(run.status == ts::RunStatus::Completed, qPrintable(run.error));

        // The run is a candidate version with its lineage.
        ts::AdapterRegistry registry(db);
        const QList<ts::AdapterVersion> versions = registry.versions();
        QCOMPARE(versions.size(), 1);
        const ts::AdapterVersion version = versions.first();
        QCOMPARE(version.runId, runId);
        QCOMPARE(version.datasetVersionId, versionId);

        // Evaluate base and adapter on the held-out triage suite, short answers to keep it quick.
        ts::EvalRequest request;
        request.suiteId = triage->id;
        request.generation.maxNewTokens = 24;
        request.batchSize = 8;
        request.modelPath = QString::fromStdString(ts::demoModelPath());  // the base alone
        const ts::EvalOutcome base = ts::runEvaluation(db, request);
        request.modelPath.clear();  // the adapter's own base model
        request.adapterVersionId = version.id;
        const ts::EvalOutcome tuned = ts::runEvaluation(db, request);
        QVERIFY(base.metrics.contains(QStringLiteral("json_valid")));
        QVERIFY(tuned.metrics.contains(QStringLiteral("accuracy")));
        QVERIFY(!tuned.summary.isEmpty());
        QCOMPARE(suites.run(tuned.evalRunId).verdict, tuned.go ? QStringLiteral("go") : QStringLiteral("no_go"));

        // Compare: the regressions are exactly the examples the base got right and the adapter wrong.
        const ts::EvalComparison comparison = ts::loadEvalComparison(db, {base.evalRunId, tuned.evalRunId});
        QSet<qint64> baseRight, expected;
        for (const ts::EvalExampleRow& row : suites.exampleResults(base.evalRunId))
            if (row.correct.value_or(false)) baseRight.insert(row.exampleId);
        for (const ts::EvalExampleRow& row : suites.exampleResults(tuned.evalRunId))
            if (baseRight.contains(row.exampleId) && row.correct.has_value() && !*row.correct)
                expected.insert(row.exampleId);
        const QList<qint64> regressed = comparison.regressedExampleIds();
        QCOMPARE(QSet<qint64>(regressed.begin(), regressed.end()), expected);
        QCOMPARE(comparison.columns.size(), 2);
        QVERIFY(comparison.examples.size() > 20);

        // Promote, then export: the PEFT folder and a GGUF LoRA for llama.cpp / Ollama.
        registry.promote(version.id, QStringLiteral("demo"));
        QCOMPARE(registry.production()->id, version.id);
        QVERIFY(QFile::exists(QDir(version.path).filePath(QStringLiteral("adapter_config.json"))));
        QTemporaryDir out;
        const std::string gguf = out.filePath(QStringLiteral("triage-lora.gguf")).toStdString();
        const auto summary = ts::exportLoraToGguf(version.path.toStdString(), ts::demoModelPath(), gguf, {});
        QVERIFY(summary.tensorCount > 0);
        QCOMPARE(summary.architecture, std::string("llama"));
        const auto file = ts::GgufFile::open(gguf);
        QCOMPARE(file.getString("general.type"), std::string("adapter"));
    }
};

QTEST_MAIN(DemoFlowTest)
#include "demo_flow_test.moc"
