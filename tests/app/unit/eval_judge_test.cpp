// SPDX-License-Identifier: GPL-3.0-or-later
// The judge metric end to end on the real demo model (SmolLM2-135M-Instruct), which is both the
// evaluated model and the judge: a suite with "judge" runs through runEvaluation (what
// `tuning-studio-cli eval` calls) and through the CLI binary itself when it is built next to this
// test; the mean score, its coverage and every example's judge answer are stored.
#include "app/eval/eval_service.h"
#include "app/eval/eval_suite.h"
#include "app/store/project_store.h"
#include "engine/core/paths.h"
#include "engine/eval/judge.h"
#include "store_test_support.h"

#include <nlohmann/json.hpp>

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace ts;

namespace {

class EvalJudge : public ::testing::Test {
protected:
    void SetUp() override {
        model_ = QString::fromStdString(demoModelPath());
        if (!fileExists(model_.toStdString()))
            GTEST_SKIP() << "demo model not found at " << model_.toStdString() << " (scripts/fetch-demo-model.sh)";
        ASSERT_TRUE(dir_.isValid());
        projectPath_ = dir_.filePath(QStringLiteral("judge.tsproj"));
        const auto opened = store_.open(projectPath_, OpenMode::CreateNew);
        ASSERT_TRUE(opened.ok) << opened.error.toStdString();
        exec(QStringLiteral("INSERT INTO datasets (id, name) VALUES (1, 'qa')"));
        exec(QStringLiteral("INSERT INTO dataset_versions (id, dataset_id, version_number, content_hash, source) "
                            "VALUES (1, 1, 1, 'h', 'import')"));
        addExample(1, QStringLiteral("What is the capital of France?"), QStringLiteral("Paris"));
        addExample(2, QStringLiteral("What is 2 + 2?"), QStringLiteral("4"));
        addExample(3, QStringLiteral("Which planet is called the red planet?"), QStringLiteral("Mars"));

        EvalSuiteRepository suites(store_.database());
        EvalSuite suite;
        suite.name = QStringLiteral("judged");
        suite.datasetVersionId = 1;
        suite.split = QStringLiteral("eval");
        // A custom rubric with every placeholder; the judge answers in at most 4 tokens.
        nlohmann::json metrics = nlohmann::json::array(
            {"token_f1",
             {{"name", "judge"},
              {"model", model_.toStdString()},
              {"rubric", "Question: {input}\nReference: {reference}\nAnswer: {output}\n"
                         "Rate the answer from {scale_min} to {scale_max}. Reply with the number only."},
              {"scale_max", 5},
              {"max_new_tokens", 4}}});
        suite.metricsJson = QString::fromStdString(metrics.dump());
        suite.thresholdsJson = QStringLiteral(R"({"judge_coverage": {">=": 0}})");
        suiteId_ = suites.save(suite);
    }
    void exec(const QString& sql) {
        QSqlQuery q(store_.database());
        ASSERT_TRUE(q.exec(sql)) << sql.toStdString();
    }
    void addExample(int id, const QString& prompt, const QString& completion) {
        QSqlQuery q(store_.database());
        q.prepare(QStringLiteral("INSERT INTO examples (id, kind, prompt, completion, input_text, output_text, "
                                 "content_hash) VALUES (?, 'prompt_completion', ?, ?, ?, ?, ?)"));
        for (const QVariant& v : {QVariant(id), QVariant(prompt), QVariant(completion), QVariant(prompt),
                                  QVariant(completion), QVariant(QStringLiteral("hash%1").arg(id))})
            q.addBindValue(v);
        ASSERT_TRUE(q.exec());
        QSqlQuery m(store_.database());
        m.prepare(QStringLiteral("INSERT INTO version_examples (version_id, example_id, split, position) "
                                 "VALUES (1, ?, 'eval', ?)"));
        m.addBindValue(id);
        m.addBindValue(id - 1);
        ASSERT_TRUE(m.exec());
    }

    QString model_;
    QTemporaryDir dir_;
    QString projectPath_;
    ProjectStore store_;
    qint64 suiteId_ = 0;
};

TEST_F(EvalJudge, DemoModelJudgesItsOwnAnswers) {
    EvalRequest request;
    request.suiteId = suiteId_;
    request.modelPath = model_;
    request.generation.maxNewTokens = 12;
    request.batchSize = 3;
    const auto outcome = runEvaluation(store_.database(), request);
    ASSERT_FALSE(outcome.cancelled);
    EXPECT_TRUE(outcome.go) << outcome.summary.toStdString();
    ASSERT_TRUE(outcome.metrics.contains(QStringLiteral("judge_coverage")));
    const double coverage = outcome.metrics.value(QStringLiteral("judge_coverage"));

    QSqlQuery q(store_.database());
    q.prepare(QStringLiteral("SELECT output_text, details_json FROM eval_example_results WHERE eval_run_id = ? "
                             "ORDER BY example_id"));
    q.addBindValue(outcome.evalRunId);
    ASSERT_TRUE(q.exec());
    int rows = 0, scored = 0;
    double sum = 0;
    while (q.next()) {
        ++rows;
        const auto details = nlohmann::json::parse(q.value(1).toString().toStdString());
        ASSERT_TRUE(details.contains("judge_answer")) << details.dump();
        const auto answer = details["judge_answer"].get<std::string>();
        // The stored score is the parse of the stored answer, on the 1..5 scale.
        const auto expected = eval::parseJudgeScore(answer, 1, 5);
        if (expected.normalized) {
            ++scored;
            ASSERT_TRUE(details["judge"].is_number()) << details.dump();
            EXPECT_DOUBLE_EQ(details["judge"].get<double>(), *expected.normalized);
            EXPECT_GE(details["judge"].get<double>(), 0.0);
            EXPECT_LE(details["judge"].get<double>(), 1.0);
            sum += *expected.normalized;
        } else {
            EXPECT_TRUE(details["judge"].is_null()) << details.dump();
            EXPECT_FALSE(details["judge_note"].get<std::string>().empty());
        }
        std::cout << "output '" << q.value(0).toString().toStdString() << "' judged '" << answer << "'\n";
    }
    EXPECT_EQ(rows, 3);
    EXPECT_DOUBLE_EQ(coverage, scored / 3.0);
    if (scored > 0) {
        EXPECT_NEAR(outcome.metrics.value(QStringLiteral("judge")), sum / scored, 1e-12);
    } else {
        EXPECT_FALSE(outcome.metrics.contains(QStringLiteral("judge")));
    }

    // The CLI, when built beside this test, runs the same suite and prints the judge metrics.
    const QString cli = QCoreApplication::applicationDirPath() + QStringLiteral("/tuning-studio-cli");
    if (!QFileInfo::exists(cli)) {
        std::cout << "tuning-studio-cli not built; CLI step skipped\n";
        return;
    }
    store_.close();
    QProcess process;
    process.start(cli, {QStringLiteral("eval"), QStringLiteral("--project"), projectPath_, QStringLiteral("--suite"),
                        QStringLiteral("judged"), QStringLiteral("--adapter"), QStringLiteral("base"),
                        QStringLiteral("--model"), model_, QStringLiteral("--max-new-tokens"), QStringLiteral("12"),
                        QStringLiteral("--batch"), QStringLiteral("3")});
    ASSERT_TRUE(process.waitForFinished(300000));
    const auto out = QString::fromUtf8(process.readAllStandardOutput());
    EXPECT_EQ(process.exitCode(), 0) << out.toStdString() << process.readAllStandardError().toStdString();
    EXPECT_NE(out.indexOf(QStringLiteral(R"("metric":"judge_coverage")")), -1) << out.toStdString();
    // Greedy on both sides: the CLI's coverage equals the in-process one.
    for (const auto& line : out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const auto row = nlohmann::json::parse(line.toStdString());
        if (row.value("metric", "") == "judge_coverage") {
            EXPECT_DOUBLE_EQ(row["value"].get<double>(), coverage);
        }
    }
}

}  // namespace
