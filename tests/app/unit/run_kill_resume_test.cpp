// SPDX-License-Identifier: GPL-3.0-or-later
// A run whose process is killed (SIGKILL, no cleanup at all) is found 'interrupted' when the
// project is opened again and resumes from its last checkpoint. The test starts itself as the
// training process (the disabled child test below, run with --gtest_also_run_disabled_tests),
// kills it mid-run, then opens the project.
#include "run_test_support.h"

#include "app/runs/run_service.h"
#include "app/runs/run_store.h"

#include <QProcess>
#include <QTest>

namespace ts::test {
namespace {

const char* const kProjectEnv = "TS_KILL_TEST_PROJECT";

// Runs in the child process: trains until killed, one step every 5 ms, checkpoint every 5.
TEST(RunKillResume, DISABLED_ChildTrainsUntilKilled) {
    const QString project = qEnvironmentVariable(kProjectEnv);
    ASSERT_FALSE(project.isEmpty());
    ProjectStore store;
    ASSERT_TRUE(store.open(project, OpenMode::OpenExisting).ok);
    ScriptedTrainer trainer;
    trainer.totalSteps = 1000000;
    trainer.stepMs = 5;
    RunServiceOptions options;
    options.metricFlushMs = 10;
    RunService service(store, trainer, options);
    const qint64 runId = service.createRunFromSavedRecipe(QStringLiteral("kill me"));
    service.enqueue(runId);
    QTest::qWait(60000);  // killed long before
}

TEST(RunKillResume, KilledProcessLeavesAnInterruptedRunThatResumes) {
    QTemporaryDir dir;
    const QString project = dir.filePath(QStringLiteral("k.tsproj"));
    {
        ProjectStore store;
        ASSERT_TRUE(store.open(project, OpenMode::CreateNew).ok);
        addDatasetVersion(store.database());
        execOrFail(store.database(), QStringLiteral(
            "INSERT INTO recipes (name, recipe_json) VALUES ('kill me', "
            "'{\"base_model\": \"/m\", \"dataset_version\": \"1\", \"max_steps\": 1000000}')"));
    }
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(kProjectEnv), project);
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("--gtest_also_run_disabled_tests"),
                 QStringLiteral("--gtest_filter=RunKillResume.DISABLED_ChildTrainsUntilKilled")});
    ASSERT_TRUE(child.waitForStarted(10000));

    // Wait (through our own connection) until the child has stored metrics past checkpoint-10.
    ProjectStore store;
    ASSERT_TRUE(store.open(project, OpenMode::OpenExisting).ok);
    const bool progressed = QTest::qWaitFor(
        [&] {
            try {
                const auto loss = loadMetrics(store.database(), 1);
                return loss.size() >= 6 * 12;  // 6 metrics a step (7 with eval loss), step 12+
            } catch (const Error&) {
                return false;  // the child holds the write lock this instant
            }
        },
        20000);
    child.kill();  // SIGKILL: no destructor, no status update
    child.waitForFinished(10000);
    ASSERT_TRUE(progressed) << "the child never trained";
    store.close();

    ASSERT_TRUE(store.open(project, OpenMode::OpenExisting).ok);
    const RunRecord killed = *loadRun(store.database(), 1);
    EXPECT_EQ(killed.status, RunStatus::Running);  // as the kill left it
    ASSERT_FALSE(killed.lastCheckpoint.isEmpty());
    // The newest checkpoint on disk may be newer than the one the row names (the kill can fall
    // between writing it and recording it); a resume starts from the newest on disk.
    qint64 checkpointStep = 0;
    for (const QString& name : QDir(dir.filePath(QStringLiteral("k.runs/run-1")))
                                   .entryList({QStringLiteral("checkpoint-*")}, QDir::Dirs))
        checkpointStep = std::max(checkpointStep, name.section(QLatin1Char('-'), -1).toLongLong());
    EXPECT_GE(checkpointStep, 10);
    EXPECT_LE(killed.lastCheckpoint.section(QLatin1Char('-'), -1).toLongLong(), checkpointStep);
    ScriptedTrainer trainer;
    trainer.totalSteps = checkpointStep + 10;
    RunServiceOptions options;
    options.staleAfterMs = 0;  // the heartbeat is seconds old at most; the child is gone
    options.metricFlushMs = 5;
    RunService service(store, trainer, options);
    EXPECT_EQ(service.interruptedAtOpen(), QList<qint64>{1});
    EXPECT_EQ(loadRun(store.database(), 1)->status, RunStatus::Interrupted);

    service.resume(1);
    ASSERT_TRUE(QTest::qWaitFor([&] { return service.isIdle(); }, 10000));
    EXPECT_EQ(loadRun(store.database(), 1)->status, RunStatus::Completed);
    ASSERT_EQ(trainer.log->requests.size(), 1u);
    EXPECT_TRUE(trainer.log->requests[0].resume);
    // The resumed trainer ran only the steps after the checkpoint.
    EXPECT_EQ(trainer.log->stepsDone.load(), 10);
}

}  // namespace
}  // namespace ts::test
