// SPDX-License-Identifier: GPL-3.0-or-later
// The run queue and the engine thread with a scripted trainer: metrics reach SQLite, runs go one
// at a time on the engine thread, pause/resume/cancel act on the trainer, a crash leaves runs
// that the next open marks interrupted and that resume from their checkpoint, errors get hints.
#include "run_test_support.h"

#include "app/runs/run_errors.h"
#include "app/runs/run_service.h"
#include "app/runs/run_store.h"
#include "engine/core/error.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

namespace ts::test {
namespace {

class RunServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(dir_.isValid());
        path_ = dir_.filePath(QStringLiteral("demo.tsproj"));
        ASSERT_TRUE(store_.open(path_, OpenMode::CreateNew).ok);
        versionId_ = addDatasetVersion(store_.database());
    }

    QJsonObject recipe() const {
        return QJsonObject{{QStringLiteral("base_model"), QStringLiteral("/models/tiny")},
                           {QStringLiteral("dataset_version"), QString::number(versionId_)},
                           {QStringLiteral("max_steps"), 20}};
    }

    RunServiceOptions fastOptions() const {
        RunServiceOptions o;
        o.metricFlushMs = 5;
        o.heartbeatIntervalMs = 50;
        return o;
    }

    RunStatus statusOf(qint64 runId) { return loadRun(store_.database(), runId)->status; }
    QVector<MetricPoint> metricsNamed(qint64 runId, const QString& name) {
        QVector<MetricPoint> out;
        for (const MetricPoint& p : loadMetrics(store_.database(), runId))
            if (p.name == name) out.push_back(p);
        return out;
    }

    QTemporaryDir dir_;
    QString path_;
    ProjectStore store_;
    qint64 versionId_ = 0;
};

TEST_F(RunServiceTest, CompletedRunPersistsEveryStepAndRunsOnTheEngineThread) {
    ScriptedTrainer trainer;
    RunService service(store_, trainer, fastOptions());
    const qint64 runId = service.createRun(recipe(), QStringLiteral("first"));
    EXPECT_EQ(statusOf(runId), RunStatus::Queued);
    QSignalSpy appended(&service, &RunService::metricsAppended);
    service.enqueue(runId);
    ASSERT_TRUE(QTest::qWaitFor([&] { return service.isIdle(); }, 5000));

    const RunRecord run = *loadRun(store_.database(), runId);
    EXPECT_EQ(run.status, RunStatus::Completed);
    EXPECT_FALSE(run.started.isEmpty());
    EXPECT_FALSE(run.finished.isEmpty());
    EXPECT_EQ(run.device, QStringLiteral("CPU: scripted"));
    EXPECT_EQ(run.outputDir, dir_.filePath(QStringLiteral("demo.runs/run-%1").arg(runId)));
    EXPECT_TRUE(run.lastCheckpoint.endsWith(QStringLiteral("checkpoint-20")));
    EXPECT_EQ(QJsonDocument::fromJson(run.recipeSnapshot.toUtf8()).object(), recipe());

    const QVector<MetricPoint> loss = metricsNamed(runId, metric::kLoss);
    ASSERT_EQ(loss.size(), 20);
    for (int i = 0; i < loss.size(); ++i) {
        EXPECT_EQ(loss[i].step, i + 1);
        EXPECT_DOUBLE_EQ(loss[i].value, scriptedLoss(i + 1));
    }
    EXPECT_EQ(metricsNamed(runId, metric::kEvalLoss).size(), 4);  // steps 5, 10, 15, 20
    EXPECT_EQ(metricsNamed(runId, metric::kLearningRate).size(), 20);
    // Batched: fewer flushes than steps would be ideal, but never more.
    EXPECT_LE(appended.size(), 20);

    // The trainer ran on the engine thread, not the test's (GUI) thread.
    ASSERT_EQ(trainer.log->threads.size(), 1u);
    EXPECT_NE(trainer.log->threads[0], QThread::currentThreadId());
    // It got the exported splits of the dataset version.
    const TrainRequest& request = trainer.log->requests[0];
    QFile train(QString::fromStdString(request.trainDataPath));
    ASSERT_TRUE(train.open(QIODevice::ReadOnly));
    EXPECT_EQ(train.readAll().count('\n'), 6);
    QFile eval(QString::fromStdString(request.evalDataPath));
    ASSERT_TRUE(eval.open(QIODevice::ReadOnly));
    EXPECT_EQ(eval.readLine().trimmed(),
              QByteArray(R"({"completion":"answer 6","prompt":"question 6"})"));
    EXPECT_EQ(request.modelPath, "/models/tiny");
    EXPECT_FALSE(request.resume);
}

TEST_F(RunServiceTest, QueueRunsOneAtATimeInOrder) {
    ScriptedTrainer trainer;
    trainer.stepMs = 1;
    RunService service(store_, trainer, fastOptions());
    QList<qint64> ids;
    for (int i = 0; i < 3; ++i) ids.push_back(service.createRun(recipe(), QStringLiteral("r%1").arg(i)));
    for (qint64 id : ids) service.enqueue(id);
    EXPECT_EQ(service.activeRunId(), ids[0]);
    EXPECT_EQ(service.queuedRunIds(), (QList<qint64>{ids[1], ids[2]}));
    EXPECT_EQ(statusOf(ids[1]), RunStatus::Queued);
    ASSERT_TRUE(QTest::qWaitFor([&] { return service.isIdle(); }, 10000));
    EXPECT_EQ(trainer.log->maxConcurrent.load(), 1);
    ASSERT_EQ(trainer.log->requests.size(), 3u);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(statusOf(ids[i]), RunStatus::Completed);
        EXPECT_EQ(trainer.log->requests[i].outDir, service.outputDirFor(ids[i]).toStdString());
        EXPECT_EQ(metricsNamed(ids[i], metric::kLoss).size(), 20);
    }
}

TEST_F(RunServiceTest, PauseHoldsTheTrainerResumeContinuesCancelStops) {
    ScriptedTrainer trainer;
    trainer.totalSteps = 100000;
    trainer.stepMs = 1;
    RunService service(store_, trainer, fastOptions());
    const qint64 runId = service.createRun(recipe(), QStringLiteral("long"));
    service.enqueue(runId);
    ASSERT_TRUE(QTest::qWaitFor([&] { return trainer.log->stepsDone.load() >= 5; }, 5000));

    service.pause(runId);
    EXPECT_EQ(statusOf(runId), RunStatus::Paused);
    QTest::qWait(30);  // let a step in flight finish
    const long long atPause = trainer.log->stepsDone.load();
    QTest::qWait(100);
    EXPECT_EQ(trainer.log->stepsDone.load(), atPause) << "the trainer kept stepping while paused";

    service.resume(runId);
    EXPECT_EQ(statusOf(runId), RunStatus::Running);
    ASSERT_TRUE(QTest::qWaitFor([&] { return trainer.log->stepsDone.load() > atPause + 5; }, 5000));

    service.cancel(runId);
    ASSERT_TRUE(QTest::qWaitFor([&] { return service.isIdle(); }, 5000));
    EXPECT_EQ(statusOf(runId), RunStatus::Cancelled);
    const long long done = trainer.log->stepsDone.load();
    EXPECT_LT(done, trainer.totalSteps);
    // Every step the trainer reported is in SQLite.
    EXPECT_EQ(metricsNamed(runId, metric::kLoss).size(), done);
}

TEST_F(RunServiceTest, CancelQueuedRunTakesItOutOfLine) {
    ScriptedTrainer trainer;
    trainer.totalSteps = 100000;
    trainer.stepMs = 1;
    RunService service(store_, trainer, fastOptions());
    const qint64 a = service.createRun(recipe(), QStringLiteral("a"));
    const qint64 b = service.createRun(recipe(), QStringLiteral("b"));
    service.enqueue(a);
    service.enqueue(b);
    service.cancel(b);
    EXPECT_EQ(statusOf(b), RunStatus::Cancelled);
    EXPECT_TRUE(service.queuedRunIds().isEmpty());
    service.cancel(a);
    ASSERT_TRUE(QTest::qWaitFor([&] { return service.isIdle(); }, 5000));
    EXPECT_EQ(trainer.log->requests.size(), 1u);
}

TEST_F(RunServiceTest, CrashLeavesRunningRowsThatTheNextOpenMarksInterruptedAndResumes) {
    ScriptedTrainer trainer;
    qint64 crashed = 0, alive = 0;
    {
        // Simulate the process that crashed: run 1 got to step 10 (checkpoint-10 written,
        // metrics of steps 1-12 stored), its row still 'running' with a stale heartbeat.
        RunService service(store_, trainer, fastOptions());
        crashed = service.createRun(recipe(), QStringLiteral("crashed"));
        alive = service.createRun(recipe(), QStringLiteral("other process"));
    }
    markRunStarted(store_.database(), crashed, QStringLiteral("CPU"));
    execOrFail(store_.database(), QStringLiteral("UPDATE runs SET heartbeat = "
                                                 "'2020-01-01T00:00:00.000Z' WHERE id = %1").arg(crashed));
    QVector<MetricPoint> before;
    for (int step = 1; step <= 12; ++step)
        before.push_back({crashed, step, metric::kLoss, 9.0});  // values the resume must replace
    insertMetrics(store_.database(), before);
    const QString outDir = dir_.filePath(QStringLiteral("demo.runs/run-%1").arg(crashed));
    ASSERT_TRUE(QDir().mkpath(outDir + QStringLiteral("/checkpoint-10")));
    setRunLastCheckpoint(store_.database(), crashed, outDir + QStringLiteral("/checkpoint-10"));
    // A run another process is training right now (fresh heartbeat) is left alone.
    markRunStarted(store_.database(), alive, QStringLiteral("CPU"));

    store_.close();
    ASSERT_TRUE(store_.open(path_, OpenMode::OpenExisting).ok);
    RunService service(store_, trainer, fastOptions());
    EXPECT_EQ(service.interruptedAtOpen(), QList<qint64>{crashed});
    EXPECT_EQ(statusOf(crashed), RunStatus::Interrupted);
    EXPECT_EQ(statusOf(alive), RunStatus::Running);

    service.resume(crashed);
    ASSERT_TRUE(QTest::qWaitFor([&] { return service.isIdle(); }, 5000));
    EXPECT_EQ(statusOf(crashed), RunStatus::Completed);
    ASSERT_EQ(trainer.log->requests.size(), 1u);
    EXPECT_TRUE(trainer.log->requests[0].resume);
    EXPECT_EQ(trainer.log->stepsDone.load(), 10);  // steps 11..20 only
    const QVector<MetricPoint> loss = metricsNamed(crashed, metric::kLoss);
    ASSERT_EQ(loss.size(), 20);
    EXPECT_DOUBLE_EQ(loss[9].value, 9.0);                    // step 10: from before the crash
    EXPECT_DOUBLE_EQ(loss[10].value, scriptedLoss(11));      // step 11: rewritten on resume
    EXPECT_DOUBLE_EQ(loss[19].value, scriptedLoss(20));
}

TEST_F(RunServiceTest, ClosingDuringARunMarksItInterrupted) {
    ScriptedTrainer trainer;
    trainer.totalSteps = 100000;
    trainer.stepMs = 1;
    qint64 runId = 0;
    {
        RunService service(store_, trainer, fastOptions());
        runId = service.createRun(recipe(), QStringLiteral("closed"));
        service.enqueue(runId);
        ASSERT_TRUE(QTest::qWaitFor([&] { return trainer.log->stepsDone.load() >= 3; }, 5000));
    }
    EXPECT_EQ(statusOf(runId), RunStatus::Interrupted);
    EXPECT_EQ(trainer.log->concurrent.load(), 0) << "the engine thread outlived its owner";
}

TEST_F(RunServiceTest, OutOfMemoryFailureIsStoredWithAHint) {
    ScriptedTrainer trainer;
    trainer.failWith = "CUDA out of memory. Tried to allocate 2.00 GiB";
    RunService service(store_, trainer, fastOptions());
    const qint64 runId = service.createRun(recipe(), QStringLiteral("oom"));
    service.enqueue(runId);
    ASSERT_TRUE(QTest::qWaitFor([&] { return service.isIdle(); }, 5000));
    const RunRecord run = *loadRun(store_.database(), runId);
    EXPECT_EQ(run.status, RunStatus::Failed);
    const RunErrorParts parts = splitRunError(run.error);
    EXPECT_EQ(parts.error.toStdString(), trainer.failWith);
    EXPECT_TRUE(parts.hint.contains(QStringLiteral("batch_size"))) << parts.hint.toStdString();
    EXPECT_EQ(metricsNamed(runId, metric::kLoss).size(), 1);
}

TEST_F(RunServiceTest, EmptyTrainSplitFailsBeforeTheEngineIsCalled) {
    ScriptedTrainer trainer;
    RunService service(store_, trainer, fastOptions());
    QJsonObject r = recipe();
    r.insert(QStringLiteral("ui"), QJsonObject{{QStringLiteral("train_split"), QStringLiteral("general")}});
    const qint64 runId = service.createRun(r, QStringLiteral("empty"));
    service.enqueue(runId);
    ASSERT_TRUE(QTest::qWaitFor([&] { return service.isIdle(); }, 5000));
    const RunRecord run = *loadRun(store_.database(), runId);
    EXPECT_EQ(run.status, RunStatus::Failed);
    EXPECT_TRUE(run.error.contains(QStringLiteral("'general'"))) << run.error.toStdString();
    EXPECT_FALSE(splitRunError(run.error).hint.isEmpty());
    EXPECT_TRUE(trainer.log->requests.empty());
}

TEST_F(RunServiceTest, RecipeWithoutModelOrVersionIsRefusedNamingTheField) {
    RunService service(store_, ScriptedTrainer{}, fastOptions());
    try {
        service.createRun(QJsonObject{{QStringLiteral("dataset_version"), QStringLiteral("1")}},
                          QStringLiteral("x"));
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.field(), "base_model");
    }
    try {
        QJsonObject r = recipe();
        r.insert(QStringLiteral("dataset_version"), QStringLiteral("77"));
        service.createRun(r, QStringLiteral("x"));
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.field(), "dataset_version");
        EXPECT_NE(std::string(e.what()).find("77"), std::string::npos);
    }
}

TEST_F(RunServiceTest, NanMetricIsStoredAsNullAndReadBackAsNan) {
    insertMetrics(store_.database(), {});
    RunService service(store_, ScriptedTrainer{}, fastOptions());
    const qint64 runId = service.createRun(recipe(), QStringLiteral("nan"));
    insertMetrics(store_.database(), {{runId, 1, metric::kLoss, std::nan("")}});
    QSqlQuery q(store_.database());
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT value IS NULL FROM run_metrics")));
    ASSERT_TRUE(q.next());
    EXPECT_TRUE(q.value(0).toBool());
    EXPECT_TRUE(std::isnan(loadMetrics(store_.database(), runId).at(0).value));
}

}  // namespace
}  // namespace ts::test
