// SPDX-License-Identifier: GPL-3.0-or-later
// The feedback loop end to end: import logs -> corrections queue -> approve -> a new dataset
// version holding the parent's examples plus the corrected ones, with lineage and provenance;
// rejected rows stay rejected; the retraining reminder from cadence and drift.
#include "feedback_test_support.h"

#include "app/datasets/dataset_repository.h"
#include "app/feedback/corrections_queue.h"
#include "app/feedback/drift.h"
#include "app/feedback/production_log_importer.h"
#include "app/feedback/retraining_reminder.h"
#include "engine/core/error.h"

#include <QSqlQuery>

#include <algorithm>

using namespace ts;

using FeedbackLoop = test::FeedbackFixture;

TEST_F(FeedbackLoop, ApprovedCorrectionsBecomeANewVersionWithLineage) {
    const qint64 parent = importTraining({QStringLiteral("t1"), QStringLiteral("t2"),
                                          QStringLiteral("t3")});
    const QString log = writeFile(
        QStringLiteral("prod.jsonl"),
        "{\"input\": \"refund please\", \"output\": \"{\\\"label\\\": \\\"sales\\\"}\", "
        "\"correction\": \"{\\\"label\\\": \\\"billing\\\"}\"}\n"                       // 1
        "{\"input\": \"hi\", \"output\": \"{\\\"label\\\": \\\"greeting\\\"}\"}\n"        // 2 fine
        "{\"input\": \"broken json\", \"output\": \"{\\\"label\\\": \"}\n"                // 3 bad fmt
        "{\"input\": \"spam text\", \"output\": \"x\", \"correction\": \"y\"}\n");       // 4
    const LogImportResult imported = ProductionLogImporter(db()).importFile(log);
    ASSERT_EQ(imported.imported, 4);
    EXPECT_EQ(imported.queued, 3);

    CorrectionsQueue queue(db());
    auto queued = queue.rows(LogStatus::Queued);
    ASSERT_EQ(queued.size(), 3u);
    EXPECT_EQ(queued[1].line, 3);
    // The reviewer fixes the malformed output by hand, rejects line 4.
    queue.setCorrection(queued[1].id, QStringLiteral("{\"label\": \"other\"}"));
    EXPECT_EQ(queue.reject({queued[2].id}), 1);

    DatasetRepository repo(db());
    const qint64 datasetId = repo.version(parent).datasetId;
    const ApproveResult r = queue.approve({queued[0].id, queued[1].id, queued[2].id}, datasetId);
    EXPECT_EQ(r.added, 2);
    EXPECT_EQ(r.skipped, 1);  // the rejected one
    EXPECT_EQ(r.parentVersionId, parent);

    const DatasetVersionInfo v = repo.version(r.versionId);
    EXPECT_EQ(v.parentVersionId, parent);
    EXPECT_EQ(v.source, QStringLiteral("production"));
    EXPECT_EQ(v.versionNumber, 2);
    EXPECT_EQ(v.exampleCount, 5);
    const auto members = repo.loadMembers(r.versionId);
    ASSERT_EQ(members.size(), 5u);
    const auto parentMembers = repo.loadMembers(parent);
    for (std::size_t i = 0; i < parentMembers.size(); ++i)
        EXPECT_EQ(members[i].exampleId, parentMembers[i].exampleId);  // parent first, same order
    EXPECT_EQ(members[3].inputText, QStringLiteral("refund please"));
    EXPECT_EQ(members[3].outputText, QStringLiteral("{\"label\": \"billing\"}"));  // the correction
    EXPECT_EQ(members[4].outputText, QStringLiteral("{\"label\": \"other\"}"));
    // Provenance: flag, tag, source line; the log rows point at their examples.
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM example_flags WHERE flag = "
                                   "'from_production'")), 2);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM example_tags et JOIN tags t ON t.id = "
                                   "et.tag_id WHERE t.name = 'production'")), 2);
    const ExampleRecord e = repo.loadExample(members[4].exampleId);
    EXPECT_EQ(e.sourceLine, 3);
    EXPECT_EQ(queue.row(queued[0].id).exampleId, members[3].exampleId);
    EXPECT_EQ(queue.count(LogStatus::Approved), 2);
    EXPECT_EQ(queue.count(LogStatus::Rejected), 1);
    EXPECT_EQ(queue.count(LogStatus::New), 1);
    // The parent is unchanged.
    EXPECT_EQ(repo.version(parent).exampleCount, 3);

    // Approving again adds nothing and makes no version.
    const ApproveResult again = queue.approve({queued[0].id}, datasetId);
    EXPECT_EQ(again.versionId, 0);
    EXPECT_EQ(again.skipped, 1);
    EXPECT_EQ(repo.versions(datasetId).size(), 2);
    EXPECT_THROW(queue.setCorrection(queued[0].id, QStringLiteral("late")), Error);
}

TEST_F(FeedbackLoop, NewRowsGoToTheTrainSplitWhenTheParentHasOne) {
    const qint64 parent = importTraining({QStringLiteral("a"), QStringLiteral("b")});
    DatasetRepository repo(db());
    const qint64 split = repo.createDerivedVersion(
        parent, VersionSource::Split, {},
        {{repo.loadMembers(parent)[0].exampleId, Split::Train},
         {repo.loadMembers(parent)[1].exampleId, Split::Eval}});
    ProductionLogImporter(db()).importFile(writeLog(QStringLiteral("l.jsonl"), {QStringLiteral("c")}));
    CorrectionsQueue queue(db());
    const auto fresh = queue.rows(LogStatus::New);
    ASSERT_EQ(fresh.size(), 1u);
    const ApproveResult r = queue.approve({fresh[0].id}, repo.version(split).datasetId);
    EXPECT_EQ(r.parentVersionId, split);
    const auto members = repo.loadMembers(r.versionId);
    ASSERT_EQ(members.size(), 3u);
    EXPECT_EQ(members[2].split, Split::Train);
    EXPECT_EQ(members[1].split, Split::Eval);
}

TEST_F(FeedbackLoop, FailedVersionLeavesNothingBehind) {
    ProductionLogImporter(db()).importFile(writeLog(QStringLiteral("l.jsonl"), {QStringLiteral("c")}));
    CorrectionsQueue queue(db());
    const auto fresh = queue.rows(LogStatus::New);
    EXPECT_THROW(queue.approve({fresh[0].id}, 999), Error);  // no such dataset
    const qint64 examplesBefore = count(QStringLiteral("SELECT count(*) FROM examples"));
    importTraining({QStringLiteral("a")});
    // A trigger makes the version insert fail after the examples were written.
    ASSERT_TRUE(QSqlQuery(db()).exec(QStringLiteral(
        "CREATE TEMP TRIGGER fail_versions BEFORE INSERT ON dataset_versions "
        "WHEN NEW.source = 'production' BEGIN SELECT RAISE(ABORT, 'injected'); END")));
    const qint64 afterTraining = count(QStringLiteral("SELECT count(*) FROM examples"));
    EXPECT_EQ(afterTraining, examplesBefore + 1);
    EXPECT_THROW(queue.approve({fresh[0].id}, DatasetRepository(db()).datasets().front().id), Error);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM examples")), afterTraining);
    EXPECT_EQ(queue.row(fresh[0].id).status, LogStatus::New);
    EXPECT_EQ(queue.row(fresh[0].id).exampleId, 0);
}

TEST_F(FeedbackLoop, ReminderFromCadenceAndDrift) {
    const QDateTime now = QDateTime::fromString(QStringLiteral("2024-06-01T00:00:00Z"), Qt::ISODate);
    EXPECT_FALSE(retrainingReminder(db(), now).due);  // nothing set

    setMeta("retrain.cadence_days", QStringLiteral("30"));
    RetrainingReminder r = retrainingReminder(db(), now);
    EXPECT_TRUE(r.due);  // a cadence and never trained
    setMeta("retrain.last_training", QStringLiteral("2024-05-20T00:00:00.000Z"));
    r = retrainingReminder(db(), now);
    EXPECT_FALSE(r.due);
    EXPECT_NEAR(r.daysSinceTraining, 12.0, 1e-9);
    setMeta("retrain.last_training", QStringLiteral("2024-04-01T00:00:00.000Z"));
    r = retrainingReminder(db(), now);
    EXPECT_TRUE(r.due);
    EXPECT_TRUE(r.message().contains(QStringLiteral("61 days ago"))) << r.message().toStdString();

    // A completed run later than the stored time counts as the last training.
    const qint64 version = importTraining({QStringLiteral("a")});
    QSqlQuery run(db());
    ASSERT_TRUE(run.prepare(QStringLiteral(
        "INSERT INTO runs (name, status, recipe_snapshot, dataset_version_id, base_model, finished) "
        "VALUES ('r', 'completed', '{}', ?, 'base', '2024-05-25T00:00:00.000Z')")));
    run.addBindValue(version);
    ASSERT_TRUE(run.exec());
    r = retrainingReminder(db(), now);
    EXPECT_FALSE(r.due);
    EXPECT_EQ(r.lastTrainingUtc, QStringLiteral("2024-05-25T00:00:00.000Z"));

    // A drift verdict newer than the last training raises it; an older one does not.
    setMeta("drift.last_recommended", QStringLiteral("1"));
    setMeta("drift.last_reasons", QStringLiteral("token-frequency divergence 0.4 is above the threshold 0.2"));
    setMeta("drift.last_checked", QStringLiteral("2024-05-30T00:00:00.000Z"));
    r = retrainingReminder(db(), now);
    EXPECT_TRUE(r.due);
    EXPECT_TRUE(r.driftRecommended);
    EXPECT_TRUE(r.message().contains(QStringLiteral("divergence")));
    setMeta("drift.last_checked", QStringLiteral("2024-05-01T00:00:00.000Z"));
    EXPECT_FALSE(retrainingReminder(db(), now).due);
}
