// SPDX-License-Identifier: GPL-3.0-or-later
// Joining evaluations for the Compare view, on a real project: metric values and deltas against
// the first column (recomputed here from the per-example correctness the project was built
// from), thresholds as the suite states them, verdicts naming the failing metrics, per-example
// outputs joined by id, and the regressions (reference right, later column wrong) as exact ids.
#include "app/eval/eval_compare.h"
#include "engine/core/error.h"
#include "eval_compare_support.h"
#include "store_test_support.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace ts;
using ts::test::kCorrect;
using ts::test::kPerplexity;

namespace {

class EvalCompare : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(dir_.isValid());
        const auto opened = store_.open(dir_.filePath(QStringLiteral("compare.tsproj")), OpenMode::CreateNew);
        ASSERT_TRUE(opened.ok) << opened.error.toStdString();
        project_ = test::buildCompareProject(store_, dir_.filePath(QStringLiteral("adapters")));
    }
    // Example ids where column `reference` was right and column `later` wrong, from kCorrect.
    QList<qint64> expectedRegressions(int reference, int later) const {
        QList<qint64> ids;
        for (std::size_t i = 0; i < kCorrect.size(); ++i)
            if (kCorrect[i][std::size_t(reference)] && !kCorrect[i][std::size_t(later)])
                ids.push_back(project_.exampleIds[int(i)]);
        return ids;
    }
    const MetricComparisonRow* row(const EvalComparison& c, const QString& metric) const {
        for (const auto& r : c.metrics)
            if (r.metric == metric) return &r;
        return nullptr;
    }

    QTemporaryDir dir_;
    ProjectStore store_;
    test::CompareProject project_;
};

TEST_F(EvalCompare, MetricsDeltasThresholdsAndVerdicts) {
    const auto c = loadEvalComparison(store_.database(), {project_.evalBase, project_.evalV1, project_.evalV2});
    ASSERT_EQ(c.columns.size(), 3);
    EXPECT_EQ(c.columns[0].adapterName, QStringLiteral("base"));
    EXPECT_EQ(c.columns[2].adapterName, QStringLiteral("triage-v2"));

    const auto* accuracy = row(c, QStringLiteral("accuracy"));
    ASSERT_NE(accuracy, nullptr);
    EXPECT_TRUE(accuracy->higherIsBetter);
    EXPECT_EQ(accuracy->threshold, QStringLiteral("≥ 0.6"));
    for (int col = 0; col < 3; ++col) EXPECT_DOUBLE_EQ(*accuracy->values[col], test::accuracyOf(col));
    EXPECT_FALSE(accuracy->deltas[0].has_value());
    EXPECT_NEAR(*accuracy->deltas[1], test::accuracyOf(1) - test::accuracyOf(0), 1e-12);
    EXPECT_NEAR(*accuracy->deltas[2], test::accuracyOf(2) - test::accuracyOf(0), 1e-12);
    EXPECT_EQ(accuracy->direction(1), 1);  // 0.5 -> 0.7 is better

    const auto* perplexity = row(c, QStringLiteral("perplexity"));
    ASSERT_NE(perplexity, nullptr);
    EXPECT_FALSE(perplexity->higherIsBetter);
    EXPECT_EQ(perplexity->threshold, QStringLiteral("regression ≤ 0.5 pts vs base"));
    EXPECT_NEAR(*perplexity->deltas[1], kPerplexity[1] - kPerplexity[0], 1e-12);
    EXPECT_EQ(perplexity->direction(1), 1);   // lower perplexity: better
    EXPECT_EQ(perplexity->direction(2), -1);  // higher: worse
    EXPECT_TRUE(row(c, QStringLiteral("avg_output_tokens"))->threshold.isEmpty());

    ASSERT_EQ(c.verdicts.size(), 3);
    EXPECT_EQ(c.verdicts[0].verdict, QStringLiteral("no_go"));
    EXPECT_EQ(c.verdicts[0].failingMetrics, QStringList{QStringLiteral("accuracy")});
    EXPECT_EQ(c.verdicts[1].verdict, QStringLiteral("go"));
    EXPECT_TRUE(c.verdicts[1].failingMetrics.isEmpty());
    EXPECT_EQ(c.verdicts[2].verdict, QStringLiteral("no_go"));
    EXPECT_EQ(c.verdicts[2].failingMetrics, QStringList{QStringLiteral("perplexity")});
}

TEST_F(EvalCompare, ExamplesJoinedAndRegressionsExact) {
    const auto c = loadEvalComparison(store_.database(), {project_.evalBase, project_.evalV1, project_.evalV2});
    ASSERT_EQ(c.examples.size(), int(test::kTickets.size()));
    for (int i = 0; i < c.examples.size(); ++i) {
        const auto& e = c.examples[i];
        EXPECT_EQ(e.exampleId, project_.exampleIds[i]);
        EXPECT_EQ(e.input, QString::fromUtf8(test::kTickets[std::size_t(i)].text));
        EXPECT_EQ(e.reference, QString::fromUtf8(test::kTickets[std::size_t(i)].label));
        EXPECT_EQ(e.label, e.reference);
        for (int col = 0; col < 3; ++col) {
            EXPECT_EQ(*e.correct[col], kCorrect[std::size_t(i)][std::size_t(col)]);
            EXPECT_EQ(e.outputs[col], test::predictedLabel(std::size_t(i), kCorrect[std::size_t(i)][std::size_t(col)]));
        }
        const QString tag = QString::fromUtf8(test::kTickets[std::size_t(i)].tag);
        EXPECT_EQ(e.tags, tag.isEmpty() ? QStringList() : QStringList{tag});
    }
    EXPECT_EQ(c.labels, (QStringList{QStringLiteral("account"), QStringLiteral("billing"), QStringLiteral("bug")}));
    EXPECT_EQ(c.tags, (QStringList{QStringLiteral("escalated"), QStringLiteral("non-english"), QStringLiteral("vip")}));

    const QList<qint64> ids = project_.exampleIds;
    // Written out by hand from the table in eval_compare_support.h ...
    EXPECT_EQ(c.regressedExampleIds(1), (QList<qint64>{ids[2], ids[7]}));
    EXPECT_EQ(c.regressedExampleIds(2), (QList<qint64>{ids[1], ids[5], ids[7]}));
    EXPECT_EQ(c.regressedExampleIds(), (QList<qint64>{ids[1], ids[2], ids[5], ids[7]}));
    // ... and derived from it.
    EXPECT_EQ(c.regressedExampleIds(1), expectedRegressions(0, 1));
    EXPECT_EQ(c.regressedExampleIds(2), expectedRegressions(0, 2));
    EXPECT_TRUE(c.regressedExampleIds(0).isEmpty());  // the reference never regresses against itself
    EXPECT_TRUE(c.examples[0].fixedIn(1));
    EXPECT_FALSE(c.examples[1].fixedIn(1));

    // v1 against v2: the older version is the reference.
    const auto pair = loadEvalComparison(store_.database(), {project_.evalV1, project_.evalV2});
    EXPECT_EQ(pair.regressedExampleIds(), (QList<qint64>{ids[1], ids[5]}));
    EXPECT_EQ(pair.regressedExampleIds(), expectedRegressions(1, 2));
    const auto* perplexity = row(pair, QStringLiteral("perplexity"));
    EXPECT_NEAR(*perplexity->deltas[1], kPerplexity[2] - kPerplexity[1], 1e-12);
}

TEST_F(EvalCompare, PartialColumnsAndBadInput) {
    // Columns that evaluated different examples: missing cells stay empty and never regress.
    EvalRunResults a, b;
    a.run.adapterName = QStringLiteral("base");
    b.run.adapterName = QStringLiteral("v1");
    EvalExampleRow one;
    one.exampleId = 1;
    one.correct = true;
    EvalExampleRow two;
    two.exampleId = 2;
    two.correct = true;
    a.examples = {one, two};
    EvalExampleRow twoWrong = two;
    twoWrong.correct = false;
    b.examples = {twoWrong};
    a.metrics = {{QStringLiteral("exact_match"), 0.5, std::nullopt, std::nullopt}};
    b.metrics = {{QStringLiteral("exact_match"), std::nullopt, 0.5, false}};
    const auto c = joinEvalResults({a, b});
    ASSERT_EQ(c.examples.size(), 2);
    EXPECT_FALSE(c.examples[0].correct[1].has_value());
    EXPECT_TRUE(c.examples[0].outputs[1].isEmpty());
    EXPECT_EQ(c.regressedExampleIds(), QList<qint64>{2});
    EXPECT_FALSE(c.metrics[0].deltas[1].has_value());  // unmeasured: no delta
    EXPECT_EQ(c.metrics[0].direction(1), 0);
    EXPECT_EQ(c.verdicts[1].failingMetrics, QStringList{QStringLiteral("exact_match")});
    EXPECT_TRUE(joinEvalResults({}).examples.isEmpty());

    EXPECT_THROW(describeThresholds(QStringLiteral("{\"accuracy\": {\"=>\": 1}}"), QStringLiteral("s")), Error);
    EXPECT_THROW(describeThresholds(QStringLiteral("{"), QStringLiteral("s")), Error);
    EXPECT_THROW(loadEvalComparison(store_.database(), {987654}), Error);
}

}  // namespace
