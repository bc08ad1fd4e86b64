// SPDX-License-Identifier: GPL-3.0-or-later
// Stratified eval splits, edge cases, general-capability examples, frozen versions.
#include "dataset_test_support.h"

#include "app/datasets/dataset_importer.h"
#include "app/datasets/dataset_split.h"
#include "app/datasets/dataset_stats.h"
#include "engine/core/error.h"

#include <cmath>
#include <map>

using namespace ts;

namespace {

std::vector<VersionMemberRow> labelled(const std::map<QString, int>& counts) {
    std::vector<VersionMemberRow> members;
    for (const auto& [label, n] : counts)
        for (int i = 0; i < n; ++i) {
            VersionMemberRow m;
            m.exampleId = qint64(members.size()) + 1;
            m.position = qint64(members.size());
            m.kind = ExampleKind::Classification;
            m.label = label;
            m.inputText = QStringLiteral("%1 %2").arg(label).arg(i);
            m.outputText = label;
            members.push_back(m);
        }
    return members;
}

std::map<QString, int> evalPerLabel(const std::vector<VersionMemberRow>& members,
                                    const SplitPlan& plan) {
    std::map<QString, int> eval;
    for (size_t i = 0; i < members.size(); ++i)
        if (plan.members[i].split == Split::Eval) ++eval[members[i].label];
    return eval;
}

}  // namespace

TEST(DatasetSplit, StratifiedKeepsLabelProportionsWithinOneExample) {
    const std::map<QString, int> counts{{QStringLiteral("a"), 53}, {QStringLiteral("b"), 31},
                                        {QStringLiteral("c"), 7}, {QStringLiteral("d"), 2}};
    const auto members = labelled(counts);
    for (double fraction : {0.1, 0.2, 0.33}) {
        for (std::uint64_t seed : {1u, 2u, 3u}) {
            SplitParams params;
            params.evalFraction = fraction;
            params.seed = seed;
            const SplitPlan plan = planSplit(members, params);
            const auto eval = evalPerLabel(members, plan);
            for (const auto& [label, n] : counts) {
                const int got = eval.count(label) ? eval.at(label) : 0;
                EXPECT_LE(std::abs(got - fraction * n), 1.0)
                    << "label " << label.toStdString() << " fraction " << fraction;
            }
            EXPECT_EQ(plan.trainCount + plan.evalCount, qint64(members.size()));
        }
    }
}

TEST(DatasetSplit, SeedDecidesTheDraw) {
    const auto members = labelled({{QStringLiteral("a"), 100}});
    SplitParams params;
    params.evalFraction = 0.2;
    auto evalIds = [&](std::uint64_t seed) {
        params.seed = seed;
        std::vector<qint64> ids;
        for (const auto& m : planSplit(members, params).members)
            if (m.split == Split::Eval) ids.push_back(m.exampleId);
        return ids;
    };
    EXPECT_EQ(evalIds(5), evalIds(5));
    EXPECT_NE(evalIds(5), evalIds(6));
    EXPECT_EQ(evalIds(5).size(), 20u);
}

TEST(DatasetSplit, EdgeCasesAndGeneralCapability) {
    auto members = labelled({{QStringLiteral("a"), 40}});
    for (int i = 0; i < 10; ++i) members[size_t(i)].edgeCase = true;
    for (int i = 10; i < 16; ++i) members[size_t(i)].generalCapability = true;
    SplitParams params;
    params.evalFraction = 0.25;       // of the 24 ordinary examples -> 6
    params.edgeCaseEvalShare = 0.5;   // of the 10 edge cases -> 5
    const SplitPlan plan = planSplit(members, params);
    int edgeInEval = 0, general = 0;
    for (size_t i = 0; i < members.size(); ++i) {
        if (members[i].edgeCase && plan.members[i].split == Split::Eval) ++edgeInEval;
        if (members[i].generalCapability) {
            EXPECT_EQ(plan.members[i].split, Split::General);
            ++general;
        }
    }
    EXPECT_EQ(edgeInEval, 5);
    EXPECT_EQ(general, 6);
    EXPECT_EQ(plan.evalCount, 11);
    EXPECT_EQ(plan.generalCount, 6);
    EXPECT_EQ(plan.trainCount, 40 - 11 - 6);

    params.evalFraction = 1.5;
    EXPECT_THROW(planSplit(members, params), Error);
}

TEST(DatasetStatistics, CountsLabelsLengthsDuplicatesAndShares) {
    auto members = labelled({{QStringLiteral("a"), 3}, {QStringLiteral("b"), 1}});
    members[1].inputText = members[0].inputText.toUpper();  // a duplicate after normalization
    members[3].edgeCase = true;
    members[2].generalCapability = true;
    members[0].tokenCount = 10;
    members[1].tokenCount = 30;
    members[0].split = Split::Eval;
    const DatasetStatistics s = computeStatistics(members, {4, {}, 20});
    EXPECT_EQ(s.exampleCount, 4);
    ASSERT_EQ(s.labelCounts.size(), 2);
    EXPECT_EQ(s.labelCounts[0], qMakePair(QStringLiteral("a"), qint64(3)));
    EXPECT_EQ(s.labelCounts[1], qMakePair(QStringLiteral("b"), qint64(1)));
    EXPECT_DOUBLE_EQ(s.duplicateRate, 0.25);
    EXPECT_DOUBLE_EQ(s.edgeCaseShare, 0.25);
    EXPECT_DOUBLE_EQ(s.generalCapabilityShare, 0.25);
    EXPECT_EQ(s.tokenCountedExamples, 2);
    EXPECT_EQ(s.tokenLengths.maxValue, 30);
    EXPECT_DOUBLE_EQ(s.tokenLengths.mean, 20);
    EXPECT_EQ(s.maxSequenceTokens, 20);
    EXPECT_EQ(s.overSequenceLimit, 1);  // 30 > 20; 10 is within, uncounted ones are not judged
    // In the project's general-capability set every example counts as one, flagged or not.
    StatisticsParams generalSet;
    generalSet.generalCapabilitySet = true;
    EXPECT_DOUBLE_EQ(computeStatistics(members, generalSet).generalCapabilityShare, 1.0);
    qint64 total = 0;
    for (qint64 c : s.charLengths.counts) total += c;
    EXPECT_EQ(total, 4);
    EXPECT_EQ(s.evalCount, 1);
    EXPECT_EQ(s.unassignedCount, 3);
}

TEST(DatasetStatistics, HistogramBinsCoverEveryValue) {
    const Histogram h = makeHistogram({0, 1, 5, 9, 10}, 5);
    EXPECT_EQ(h.counts.size(), 5u);
    // width 11/5 = 2.2: bins [0,2.2) [2.2,4.4) [4.4,6.6) [6.6,8.8) [8.8,11)
    EXPECT_EQ(h.counts, (std::vector<qint64>{2, 0, 1, 0, 2}));
    EXPECT_EQ(makeHistogram({}, 3).counts, (std::vector<qint64>{0, 0, 0}));
    // Token lengths start far from zero: the bins start at the shortest, [100,105.5) [105.5,111).
    const Histogram lengths = makeHistogram({104, 100, 110}, 2);
    EXPECT_DOUBLE_EQ(lengths.start, 100);
    EXPECT_DOUBLE_EQ(lengths.binWidth, 5.5);
    EXPECT_EQ(lengths.counts, (std::vector<qint64>{2, 1}));
    // Three distinct values asked into 30 bins: three bins of width 1.
    EXPECT_EQ(makeHistogram({62, 64, 63, 63}, 30).counts, (std::vector<qint64>{1, 2, 1}));
}

using SplitStore = test::ProjectFixture;

TEST_F(SplitStore, SplitIsANewVersionAndFrozenVersionsRefuse) {
    QByteArray lines;
    for (int i = 0; i < 30; ++i)
        lines += "{\"text\": \"t" + QByteArray::number(i) + "\", \"label\": \"" +
                 (i % 3 ? "x" : "y") + "\"}\n";
    ImportOptions o;
    o.datasetName = QStringLiteral("s");
    const ImportResult imported =
        DatasetImporter(db()).importFile(writeFile(QStringLiteral("s.jsonl"), lines), o);
    DatasetRepository repo(db());
    SplitParams params;
    params.evalFraction = 0.2;
    SplitPlan plan;
    const qint64 split = createSplitVersion(repo, imported.versionId, params, &plan);
    const auto info = repo.version(split);
    EXPECT_EQ(info.source, QStringLiteral("split"));
    EXPECT_EQ(info.parentVersionId, imported.versionId);
    const auto stats = computeStatistics(repo.loadMembers(split));
    EXPECT_EQ(stats.evalCount, 6);  // 20 x and 10 y: 4 + 2
    EXPECT_EQ(stats.trainCount, 24);
    // The content (examples, order) is the same, so the hash is too; only splits differ.
    EXPECT_EQ(info.contentHash, imported.contentHash);

    repo.freezeVersion(split);
    try {
        createSplitVersion(repo, split, params);
        FAIL() << "a frozen version was re-split";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("frozen"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("version 2 of dataset 's'"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(repo.versions(info.datasetId).size(), 2);
    // Its unfrozen parent can still be split again.
    EXPECT_NO_THROW(createSplitVersion(repo, imported.versionId, params));
}
