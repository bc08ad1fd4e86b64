// SPDX-License-Identifier: GPL-3.0-or-later
// Importing production logs: key spellings, bad lines reported by line number without stopping
// the import, idempotent re-import, cancel and resume, and which rows enter the review queue.
#include "feedback_test_support.h"

#include "app/feedback/corrections_queue.h"
#include "app/feedback/production_log_importer.h"
#include "engine/core/error.h"

#include <QFileInfo>

#include <atomic>

using namespace ts;

using FeedbackImport = test::FeedbackFixture;

TEST_F(FeedbackImport, AcceptsCommonSpellingsAndNormalisesTimes) {
    const QString path = writeFile(
        QStringLiteral("log.jsonl"),
        "{\"prompt\": \"p1\", \"response\": \"r1\", \"ts\": 1714564800}\n"
        "{\"query\": \"p2\", \"completion\": {\"label\": \"spam\"}, \"created_at\": "
        "\"2024-05-01 12:30:00\", \"model\": \"v7\"}\n"
        "{\"input\": \"p3\", \"output\": \"o3\", \"correction\": \"fixed\", \"timestamp\": "
        "\"2024-05-01T14:00:00+02:00\"}\n");
    const LogImportResult r = ProductionLogImporter(db()).importFile(path);
    EXPECT_EQ(r.imported, 3);
    EXPECT_EQ(r.badLineCount, 0);
    EXPECT_EQ(r.sourceFile, QFileInfo(path).absoluteFilePath());

    CorrectionsQueue queue(db());
    const auto fresh = queue.rows(LogStatus::New);
    ASSERT_EQ(fresh.size(), 2u);
    EXPECT_EQ(fresh[0].inputText, QStringLiteral("p1"));
    EXPECT_EQ(fresh[0].outputText, QStringLiteral("r1"));
    EXPECT_EQ(fresh[0].loggedAt, QStringLiteral("2024-05-01T12:00:00.000Z"));  // Unix seconds
    EXPECT_EQ(fresh[1].outputText, QStringLiteral("{\"label\":\"spam\"}"));
    EXPECT_EQ(fresh[1].loggedAt, QStringLiteral("2024-05-01T12:30:00.000Z"));  // no zone = UTC
    EXPECT_EQ(fresh[1].adapterVersion, QStringLiteral("v7"));
    const auto queued = queue.rows(LogStatus::Queued);
    ASSERT_EQ(queued.size(), 1u);
    EXPECT_EQ(queued[0].loggedAt, QStringLiteral("2024-05-01T12:00:00.000Z"));  // +02:00 -> UTC
    ASSERT_TRUE(queued[0].correction.has_value());
    EXPECT_EQ(*queued[0].correction, QStringLiteral("fixed"));
    EXPECT_EQ(queued[0].line, 3);
}

TEST_F(FeedbackImport, BadLinesAreReportedByLineAndTheRestIsImported) {
    const QString path = writeFile(
        QStringLiteral("bad.jsonl"),
        "{\"input\": \"good 1\", \"output\": \"a\"}\n"       // 1
        "{\"input\": \"broken\", \"output\": \n"              // 2 malformed JSON
        "{\"output\": \"no input\"}\n"                        // 3 missing input
        "\n"                                                  // 4 blank: not a record
        "{\"input\": 42, \"output\": \"a\"}\n"                // 5 wrong type
        "{\"input\": \"no output\"}\n"                        // 6 missing output
        "{\"input\": \"bad time\", \"output\": \"a\", \"timestamp\": \"yesterday\"}\n"  // 7
        "{\"input\": \"good 2\", \"output\": \"b\"}\n");      // 8
    const LogImportResult r = ProductionLogImporter(db()).importFile(path);
    EXPECT_EQ(r.imported, 2);
    EXPECT_EQ(r.badLineCount, 5);
    ASSERT_EQ(r.issues.size(), 5);
    const qint64 expectedLines[] = {2, 3, 5, 6, 7};
    for (int i = 0; i < 5; ++i) EXPECT_EQ(r.issues[i].line, expectedLines[i]) << i;
    EXPECT_TRUE(r.issues[1].reason.contains(QStringLiteral("no input field")));
    EXPECT_TRUE(r.issues[2].reason.contains(QStringLiteral("'input' is a number")));
    EXPECT_TRUE(r.issues[3].reason.contains(QStringLiteral("no output field")));
    EXPECT_TRUE(r.issues[4].reason.contains(QStringLiteral("'timestamp'")));
    const QStringList report = formatIssues(QStringLiteral("bad.jsonl"), r.issues);
    EXPECT_TRUE(report[0].startsWith(QStringLiteral("bad.jsonl:2: "))) << report[0].toStdString();
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM production_logs")), 2);
    EXPECT_EQ(count(QStringLiteral("SELECT line FROM production_logs WHERE input_text = 'good 2'")), 8);
}

TEST_F(FeedbackImport, ReimportAddsNothingAndKeepsReviewState) {
    std::vector<QString> inputs;
    for (int i = 0; i < 50; ++i) inputs.push_back(QStringLiteral("question %1").arg(i));
    const QString path = writeLog(QStringLiteral("log.jsonl"), inputs);
    LogImportOptions options;
    options.batchSize = 7;  // several batches
    const LogImportResult first = ProductionLogImporter(db()).importFile(path, options);
    EXPECT_EQ(first.imported, 50);
    CorrectionsQueue(db()).reject({1, 2, 3});

    const LogImportResult second = ProductionLogImporter(db()).importFile(path, options);
    EXPECT_EQ(second.imported, 0);
    EXPECT_EQ(second.alreadyPresent, 50);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM production_logs")), 50);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM production_logs WHERE status = 'rejected'")), 3);

    // The file grew (log rotation appends): only the new lines are added.
    inputs.push_back(QStringLiteral("question 50"));
    writeLog(QStringLiteral("log.jsonl"), inputs);
    const LogImportResult third = ProductionLogImporter(db()).importFile(path, options);
    EXPECT_EQ(third.imported, 1);
    EXPECT_EQ(third.alreadyPresent, 50);
}

TEST_F(FeedbackImport, CancelKeepsCompleteBatchesAndAResumeFinishes) {
    std::vector<QString> inputs;
    for (int i = 0; i < 100; ++i) inputs.push_back(QStringLiteral("q %1").arg(i));
    const QString path = writeLog(QStringLiteral("log.jsonl"), inputs);
    LogImportOptions options;
    options.batchSize = 10;
    int batches = 0;
    options.progress = [&](qint64 read, qint64 total) {
        EXPECT_LE(read, total);
        return ++batches < 3;  // cancel after the third batch
    };
    const LogImportResult r = ProductionLogImporter(db()).importFile(path, options);
    EXPECT_TRUE(r.cancelled);
    EXPECT_EQ(r.imported, 30);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM production_logs")), 30);

    std::atomic<bool> cancel{true};
    LogImportOptions stopped;
    stopped.cancel = &cancel;
    EXPECT_TRUE(ProductionLogImporter(db()).importFile(path, stopped).cancelled);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM production_logs")), 30);

    const LogImportResult resumed = ProductionLogImporter(db()).importFile(path);
    EXPECT_FALSE(resumed.cancelled);
    EXPECT_EQ(resumed.imported, 70);
    EXPECT_EQ(resumed.alreadyPresent, 30);
}

TEST_F(FeedbackImport, OutputsFailingTheFormatCheckAreQueued) {
    const QString path = writeLog(
        QStringLiteral("log.jsonl"), {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
        {QStringLiteral("{\"label\": \"x\"}"), QStringLiteral("{\"label\": \"x\""),
         QStringLiteral("plain text")});
    ProductionLogImporter(db()).importFile(path);
    // Auto: only what looks like JSON must parse.
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM production_logs WHERE status = 'queued'")), 1);
    EXPECT_EQ(count(QStringLiteral("SELECT line FROM production_logs WHERE status = 'queued'")), 2);

    // With the project's format set to JSON, the plain-text answer fails too.
    setMeta("feedback.output_format", QStringLiteral("json"));
    EXPECT_EQ(outputFormatFromMeta(db()), OutputFormat::Json);
    const QString second = writeLog(QStringLiteral("log2.jsonl"),
                                    {QStringLiteral("d"), QStringLiteral("e")},
                                    {QStringLiteral("{\"label\": \"y\"}"), QStringLiteral("text")});
    const LogImportResult r = ProductionLogImporter(db()).importFile(second);
    EXPECT_EQ(r.queued, 1);
    EXPECT_FALSE(outputFormatProblem(QStringLiteral("[1, 2"), OutputFormat::Auto).isEmpty());
    EXPECT_TRUE(outputFormatProblem(QStringLiteral("[1, 2"), OutputFormat::Any).isEmpty());
}

TEST_F(FeedbackImport, UnreadableFileIsAnErrorNamingIt) {
    try {
        ProductionLogImporter(db()).importFile(tempPath(QStringLiteral("missing.jsonl")));
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("missing.jsonl"), std::string::npos) << e.what();
    }
}
