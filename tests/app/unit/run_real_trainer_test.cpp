// SPDX-License-Identifier: GPL-3.0-or-later
// The run queue with the real ts::runTraining on a random-init tiny Llama (4 layers, 128 wide)
// with a real Llama-2-style tokenizer, on the CPU: a short SFT run on a dataset version of the
// project completes, and every optimizer step's loss is in run_metrics.
#include "run_test_support.h"

#include "app/adapters/adapter_registry.h"
#include "app/runs/run_service.h"
#include "app/runs/run_store.h"
#include "engine/train/model_shapes.h"

#include <QTest>

namespace ts::test {
namespace {

TEST(RunRealTrainer, ShortCpuRunStoresEveryStep) {
    const QString tokenizer = QStringLiteral(TS_SHARED_FIXTURES_DIR "/tokenizers/llama2-style");
    if (!QFile::exists(tokenizer + QStringLiteral("/tokenizer.json")))
        GTEST_SKIP() << "the shared tokenizer fixtures are missing: " << tokenizer.toStdString();
    QTemporaryDir dir;
    const QString model = dir.filePath(QStringLiteral("tiny-llama"));
    writeRandomInitModel("tiny", tokenizer.toStdString(), model.toStdString(), 7);
    ProjectStore store;
    ASSERT_TRUE(store.open(dir.filePath(QStringLiteral("real.tsproj")), OpenMode::CreateNew).ok);
    addDatasetVersion(store.database(), 8);
    RunServiceOptions options;
    options.metricFlushMs = 5;
    RunService service(store, &runTraining, options);
    const QJsonObject recipe{{QStringLiteral("base_model"), model},
                             {QStringLiteral("dataset_version"), QStringLiteral("1")},
                             {QStringLiteral("quant"), QStringLiteral("none")},
                             {QStringLiteral("max_steps"), 3},
                             {QStringLiteral("batch_size"), 2},
                             {QStringLiteral("max_seq_len"), 32},
                             {QStringLiteral("warmup_steps"), 0}};
    const qint64 runId = service.createRun(recipe, QStringLiteral("real"));
    service.enqueue(runId);
    ASSERT_TRUE(QTest::qWaitFor([&] { return service.isIdle(); }, 300000));
    const RunRecord run = *loadRun(store.database(), runId);
    if (run.status == RunStatus::Failed && run.error.contains(QStringLiteral("not available")))
        GTEST_SKIP() << "this build's engine has no training loop yet";
    ASSERT_EQ(run.status, RunStatus::Completed) << run.error.toStdString();
    int lossRows = 0;
    for (const MetricPoint& p : loadMetrics(store.database(), runId)) {
        if (p.name != metric::kLoss) continue;
        ++lossRows;
        EXPECT_TRUE(std::isfinite(p.value));
        EXPECT_EQ(p.step, lossRows);
    }
    EXPECT_EQ(lossRows, 3);
    EXPECT_FALSE(run.device.isEmpty());
    // The completed run is a candidate adapter version with the run's lineage.
    const QList<AdapterVersion> versions = AdapterRegistry(store.database()).versions();
    ASSERT_EQ(versions.size(), 1);
    EXPECT_EQ(versions[0].runId, runId);
    EXPECT_EQ(versions[0].stage, AdapterStage::Candidate);
    EXPECT_EQ(versions[0].datasetVersionId, 1);
    EXPECT_EQ(versions[0].baseModel, model);
    EXPECT_EQ(versions[0].sha256.size(), 64);
}

}  // namespace
}  // namespace ts::test
