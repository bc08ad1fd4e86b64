// SPDX-License-Identifier: GPL-3.0-or-later
// The run queue with the real ts::runTraining on the tiny Llama in tests/data (CPU): a short
// SFT run completes, and every optimizer step's loss is in run_metrics. Skipped while this
// build's engine has no training loop, or while the tiny model has no tokenizer beside it.
#include "run_test_support.h"

#include "app/runs/run_service.h"
#include "app/runs/run_store.h"

#include <QTest>

namespace ts::test {
namespace {

TEST(RunRealTrainer, ShortCpuRunStoresEveryStep) {
    const QString model = QStringLiteral(TS_TEST_DATA_DIR "/reference_models/llama");
    if (!QFile::exists(model + QStringLiteral("/tokenizer.json")) &&
        !QFile::exists(model + QStringLiteral("/tokenizer.model")))
        GTEST_SKIP() << "tests/data/reference_models/llama has no tokenizer yet";
    QTemporaryDir dir;
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
}

}  // namespace
}  // namespace ts::test
