// SPDX-License-Identifier: GPL-3.0-or-later
// Drift on synthetic logs whose drift is known by construction: token-frequency JS divergence
// against its closed form for a shifted mixture (and the retraining flag flipping exactly where
// the closed form crosses the threshold), the novel share of copies vs unrelated text, the
// production adapter as the reference, the time series and the label distribution.
#include "feedback_test_support.h"

#include "app/feedback/drift.h"
#include "app/feedback/production_log_importer.h"
#include "engine/core/error.h"

#include <QSqlQuery>

#include <cmath>

using namespace ts;

namespace {

// Training: uniform over n words of A. Production: a share m of the tokens uniform over n words
// of B (disjoint from A), the rest uniform over A. With M = (P + Q) / 2:
//   KL(P||M) = log2(2 / (2 - m)),
//   KL(Q||M) = (1 - m) log2(2 (1 - m) / (2 - m)) + m,
// and JS = (KL(P||M) + KL(Q||M)) / 2, in bits.
double mixtureJs(double m) {
    const double klP = std::log2(2.0 / (2.0 - m));
    const double klQ = (m < 1.0 ? (1.0 - m) * std::log2(2.0 * (1.0 - m) / (2.0 - m)) : 0.0) + m;
    return 0.5 * (klP + klQ);
}

}  // namespace

using FeedbackDrift = test::FeedbackFixture;

TEST(DriftMath, JensenShannonBasics) {
    QHash<QString, double> a{{QStringLiteral("x"), 1}, {QStringLiteral("y"), 1}};
    QHash<QString, double> b{{QStringLiteral("z"), 5}};
    EXPECT_DOUBLE_EQ(jensenShannonDivergence(a, a), 0.0);
    EXPECT_NEAR(jensenShannonDivergence(a, b), 1.0, 1e-12);
    // Scale does not matter, only proportions.
    QHash<QString, double> a10{{QStringLiteral("x"), 10}, {QStringLiteral("y"), 10}};
    EXPECT_NEAR(jensenShannonDivergence(a, a10), 0.0, 1e-12);
    // Symmetric.
    QHash<QString, double> c{{QStringLiteral("x"), 3}, {QStringLiteral("z"), 1}};
    EXPECT_NEAR(jensenShannonDivergence(a, c), jensenShannonDivergence(c, a), 1e-12);
    EXPECT_EQ(driftTokens(QStringLiteral("Hello, WORLD  x2!")),
              (QStringList{QStringLiteral("hello"), QStringLiteral("world"), QStringLiteral("x2")}));
}

TEST_F(FeedbackDrift, TokenDivergenceFollowsTheMixtureAndCrossesTheThresholdWhereExpected) {
    const QStringList a = test::vocabulary(QStringLiteral("wa"), 50);
    const QStringList b = test::vocabulary(QStringLiteral("wb"), 50);
    int next = 0;
    const qint64 version = importTraining(test::cyclingSentences(a, 100, 10, &next));
    const double threshold = 0.2;
    setMeta("drift.js_threshold", QString::number(threshold));
    setMeta("drift.novel_share_threshold", QStringLiteral("1"));  // the flag from JS alone here

    double previous = -1;
    int flips = 0;
    bool wasFlagged = false;
    for (int step = 0; step <= 10; ++step) {
        const double m = step / 10.0;
        const int fromB = step * 10;  // of 100 inputs, 10 words each: every word equally often
        int nextA = 0, nextB = 0;
        std::vector<QString> inputs = test::cyclingSentences(b, fromB, 10, &nextB);
        const auto fromA = test::cyclingSentences(a, 100 - fromB, 10, &nextA);
        inputs.insert(inputs.end(), fromA.begin(), fromA.end());
        QSqlQuery(db()).exec(QStringLiteral("DELETE FROM production_logs"));
        ProductionLogImporter(db()).importFile(
            writeLog(QStringLiteral("mix%1.jsonl").arg(step), inputs));

        DriftOptions options;
        options.referenceVersionId = version;
        const DriftReport r = computeDrift(db(), options);
        EXPECT_EQ(r.trainCount, 100);
        EXPECT_EQ(r.overall.productionCount, 100);
        EXPECT_NEAR(r.overall.tokenJs, mixtureJs(m), 1e-9) << "m = " << m;
        EXPECT_GT(r.overall.tokenJs, previous) << "m = " << m;
        previous = r.overall.tokenJs;
        const bool expectFlag = mixtureJs(m) > threshold;
        EXPECT_EQ(r.retrainingRecommended, expectFlag) << "m = " << m;
        if (r.retrainingRecommended != wasFlagged) ++flips;
        wasFlagged = r.retrainingRecommended;
    }
    // mixtureJs crosses 0.2 once, between m = 0.3 (0.169) and m = 0.4 (0.237).
    EXPECT_LT(mixtureJs(0.3), threshold);
    EXPECT_GT(mixtureJs(0.4), threshold);
    EXPECT_EQ(flips, 1);
}

TEST_F(FeedbackDrift, NovelShareOfCopiesIsZeroAndOfUnrelatedTextIsOne) {
    const QStringList a = test::vocabulary(QStringLiteral("wa"), 400);
    const QStringList b = test::vocabulary(QStringLiteral("wb"), 400);
    const std::vector<QString> training = test::randomSentences(a, 300, 12, 1);
    const qint64 version = importTraining(training);
    DriftOptions options;
    options.referenceVersionId = version;

    // Exact copies, with case and spacing changed (the same normalised text).
    std::vector<QString> copies;
    for (const QString& t : training) copies.push_back(QStringLiteral("  ") + t.toUpper());
    ProductionLogImporter(db()).importFile(writeLog(QStringLiteral("copies.jsonl"), copies));
    EXPECT_DOUBLE_EQ(computeDrift(db(), options).overall.novelShare, 0.0);

    // Near copies: the last of 12 words replaced (Jaccard of 3-word shingles 9/11 = 0.82).
    QSqlQuery(db()).exec(QStringLiteral("DELETE FROM production_logs"));
    std::vector<QString> near;
    for (const QString& t : training) near.push_back(t.section(QLatin1Char(' '), 0, 10) + QStringLiteral(" changed"));
    ProductionLogImporter(db()).importFile(writeLog(QStringLiteral("near.jsonl"), near));
    EXPECT_LE(computeDrift(db(), options).overall.novelShare, 0.02);

    QSqlQuery(db()).exec(QStringLiteral("DELETE FROM production_logs"));
    ProductionLogImporter(db()).importFile(
        writeLog(QStringLiteral("unrelated.jsonl"), test::randomSentences(b, 300, 12, 2)));
    const DriftReport r = computeDrift(db(), options);
    EXPECT_GE(r.overall.novelShare, 0.99);
    EXPECT_TRUE(r.retrainingRecommended);
    EXPECT_EQ(r.reasons.size(), 2);  // both JS and novel share
}

TEST_F(FeedbackDrift, ReferenceIsTheProductionAdaptersDatasetVersion) {
    const QStringList a = test::vocabulary(QStringLiteral("wa"), 100);
    const qint64 version = importTraining(test::randomSentences(a, 50, 8, 3));
    ProductionLogImporter(db()).importFile(
        writeLog(QStringLiteral("log.jsonl"), test::randomSentences(a, 20, 8, 4)));
    EXPECT_THROW(computeDrift(db()), Error);  // no production adapter yet

    QSqlQuery insert(db());
    ASSERT_TRUE(insert.prepare(QStringLiteral(
        "INSERT INTO adapter_versions (name, stage, path, sha256, base_model, dataset_version_id) "
        "VALUES ('v1', 'production', '/tmp/a', ?, 'base', ?)")));
    insert.addBindValue(QString(64, QLatin1Char('0')));
    insert.addBindValue(version);
    ASSERT_TRUE(insert.exec());
    EXPECT_EQ(productionReferenceVersion(db()), version);
    const DriftReport r = computeDrift(db());
    EXPECT_EQ(r.referenceVersionId, version);
    EXPECT_EQ(r.trainCount, 50);
    EXPECT_EQ(r.overall.productionCount, 20);
    // The verdict is kept for the retraining reminder.
    EXPECT_EQ(store_.meta(QStringLiteral("drift.last_recommended")),
              r.retrainingRecommended ? QStringLiteral("1") : QStringLiteral("0"));
}

TEST_F(FeedbackDrift, SeriesShowsTheDayDriftBeganAndLabelsAreCounted) {
    const QStringList a = test::vocabulary(QStringLiteral("wa"), 200);
    const QStringList b = test::vocabulary(QStringLiteral("wb"), 200);
    const std::vector<QString> training = test::randomSentences(a, 200, 10, 5);
    const qint64 version = importTraining(training);

    std::vector<QString> inputs, outputs, times;
    // 2024-05-06 is a Monday: days 6 and 7 like training, day 13 (next week) drifted.
    const char* days[] = {"2024-05-06", "2024-05-07", "2024-05-13"};
    for (int d = 0; d < 3; ++d) {
        const auto texts = d < 2 ? test::randomSentences(a, 40, 10, 10 + d)
                                 : test::randomSentences(b, 40, 10, 10 + d);
        for (int i = 0; i < 40; ++i) {
            inputs.push_back(texts[std::size_t(i)]);
            outputs.push_back(QStringLiteral("{\"label\": \"%1\"}").arg(QLatin1String(d < 2 ? "billing" : "other")));
            times.push_back(QStringLiteral("%1T%2:00:00Z").arg(QLatin1String(days[d])).arg(10 + i % 10));
        }
    }
    ProductionLogImporter(db()).importFile(writeLog(QStringLiteral("log.jsonl"), inputs, outputs, times));

    DriftOptions options;
    options.referenceVersionId = version;
    DriftReport r = computeDrift(db(), options);
    ASSERT_EQ(r.series.size(), 3u);
    EXPECT_EQ(r.series[0].startDate, QStringLiteral("2024-05-06"));
    EXPECT_EQ(r.series[2].startDate, QStringLiteral("2024-05-13"));
    EXPECT_LT(r.series[0].metrics.tokenJs, 0.5);
    EXPECT_NEAR(r.series[2].metrics.tokenJs, 1.0, 1e-9);  // disjoint vocabulary
    EXPECT_GE(r.series[2].metrics.novelShare, 0.99);
    EXPECT_EQ(r.overall.productionLabels.value(QStringLiteral("billing")), 80);
    EXPECT_EQ(r.overall.productionLabels.value(QStringLiteral("other")), 40);
    EXPECT_EQ(r.series[2].metrics.productionLabels.value(QStringLiteral("billing")), 0);

    options.bucket = DriftBucketSize::Week;
    r = computeDrift(db(), options);
    ASSERT_EQ(r.series.size(), 2u);
    EXPECT_EQ(r.series[0].metrics.productionCount, 80);
    EXPECT_EQ(r.series[1].startDate, QStringLiteral("2024-05-13"));

    // A window restricts both the overall figures and the series.
    options.fromUtc = QStringLiteral("2024-05-13");
    r = computeDrift(db(), options);
    EXPECT_EQ(r.overall.productionCount, 40);
    ASSERT_EQ(r.series.size(), 1u);

    // Length distribution: same lengths on both sides -> KS distance 0, histograms equal.
    EXPECT_DOUBLE_EQ(r.overall.lengthKs, 0.0);
    EXPECT_EQ(r.lengths.trainShare, r.lengths.productionShare);
}

TEST_F(FeedbackDrift, RecentDriftInTheLatestBucketRaisesTheFlag) {
    const QStringList a = test::vocabulary(QStringLiteral("wa"), 200);
    const QStringList b = test::vocabulary(QStringLiteral("wb"), 200);
    const std::vector<QString> training = test::randomSentences(a, 300, 10, 21);
    const qint64 version = importTraining(training);
    std::vector<QString> inputs, times;
    for (int day = 1; day <= 11; ++day) {  // ten days of requests seen in training, then new text
        const auto texts = day < 11 ? std::vector<QString>(training.begin() + (day - 1) * 30,
                                                           training.begin() + day * 30)
                                    : test::randomSentences(b, 30, 10, 100);
        for (const QString& t : texts) {
            inputs.push_back(t);
            times.push_back(QStringLiteral("2024-05-%1T12:00:00Z").arg(day, 2, 10, QLatin1Char('0')));
        }
    }
    ProductionLogImporter(db()).importFile(writeLog(QStringLiteral("log.jsonl"), inputs, {}, times));
    DriftOptions options;
    options.referenceVersionId = version;
    DriftReport r = computeDrift(db(), options);
    // Diluted over the window: below both thresholds overall ...
    EXPECT_LT(r.overall.novelShare, r.thresholds.novelShare);
    EXPECT_LT(r.overall.tokenJs, r.thresholds.jsDivergence);
    // ... but the latest day is entirely new.
    EXPECT_TRUE(r.retrainingRecommended);
    ASSERT_EQ(r.reasons.size(), 2);
    EXPECT_TRUE(r.reasons[0].contains(QStringLiteral("2024-05-11 (latest day)"))) << r.reasons[0].toStdString();
    // Too few rows in the latest bucket to judge: no flag.
    options.minBucketCount = 31;
    r = computeDrift(db(), options);
    EXPECT_FALSE(r.retrainingRecommended);
}

TEST(DriftLabels, PredictedLabelReadsTheChosenField) {
    EXPECT_EQ(predictedLabel(QStringLiteral("{\"category\": \"a\"}"), {}), QStringLiteral("a"));
    EXPECT_EQ(predictedLabel(QStringLiteral("{\"intent\": \"b\", \"label\": \"c\"}"), {}),
              QStringLiteral("c"));
    EXPECT_EQ(predictedLabel(QStringLiteral("{\"topic\": \"t\"}"), QStringLiteral("topic")),
              QStringLiteral("t"));
    EXPECT_TRUE(predictedLabel(QStringLiteral("plain"), {}).isEmpty());
    EXPECT_TRUE(predictedLabel(QStringLiteral("{broken"), {}).isEmpty());
}
