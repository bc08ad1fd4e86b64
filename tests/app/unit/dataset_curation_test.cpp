// SPDX-License-Identifier: GPL-3.0-or-later
// MinHash near duplicates, exact duplicates, quality filters, and curation as a new version.
#include "dataset_test_support.h"

#include "app/datasets/curation.h"
#include "app/datasets/dataset_importer.h"
#include "app/datasets/minhash.h"

#include <QRegularExpression>

#include <map>
#include <random>
#include <set>

using namespace ts;

namespace {

// A random sentence of `words` words from a vocabulary of made-up words (seeded).
QString randomSentence(std::mt19937& random, int words) {
    static const QString letters = QStringLiteral("abcdefghijklmnopqrstuvwxyz");
    QStringList out;
    for (int w = 0; w < words; ++w) {
        QString word;
        const int length = 3 + int(random() % 6);
        for (int c = 0; c < length; ++c) word += letters[qsizetype(random() % 26)];
        out << word;
    }
    return out.join(QLatin1Char(' '));
}

// Replaces `edits` distinct words of `text` by new made-up words.
QString editWords(const QString& text, std::mt19937& random, int edits) {
    QStringList words = text.split(QLatin1Char(' '));
    std::set<qsizetype> changed;
    while (qsizetype(changed.size()) < edits) changed.insert(qsizetype(random() % words.size()));
    for (qsizetype i : changed) words[i] = QStringLiteral("zzedit%1").arg(i);
    return words.join(QLatin1Char(' '));
}

VersionMemberRow member(qint64 id, const QString& input, const QString& output,
                        ExampleKind kind = ExampleKind::PromptCompletion, const QString& label = {}) {
    VersionMemberRow m;
    m.exampleId = id;
    m.position = id - 1;
    m.kind = kind;
    m.inputText = input;
    m.outputText = output;
    m.label = label;
    return m;
}

const CurationRemoval* removalOf(const CurationReport& report, qint64 exampleId) {
    for (const auto& r : report.removals)
        if (r.exampleId == exampleId) return &r;
    return nullptr;
}

}  // namespace

TEST(MinHash, EstimateTracksExactJaccard) {
    std::mt19937 random(7);
    const QString a = randomSentence(random, 60);
    const QString b = editWords(a, random, 3);
    const QString c = randomSentence(random, 60);
    MinHashParams params;
    const MinHasher hasher(params);
    const double exactAB = exactShingleJaccard(a, b, params.shingleWords);
    EXPECT_GT(exactAB, 0.6);
    EXPECT_LT(exactAB, 1.0);
    EXPECT_NEAR(MinHasher::estimatedJaccard(hasher.signature(a), hasher.signature(b)), exactAB,
                0.15);
    EXPECT_LT(MinHasher::estimatedJaccard(hasher.signature(a), hasher.signature(c)), 0.1);
    EXPECT_EQ(MinHasher::estimatedJaccard(hasher.signature(a), hasher.signature(a.toUpper())), 1.0);
}

TEST(MinHash, FindsPlantedNearDuplicatesAndNotUnrelatedTexts) {
    std::mt19937 random(11);
    std::vector<QString> texts;
    for (int i = 0; i < 400; ++i) texts.push_back(randomSentence(random, 50));
    // Plant 20 near duplicates: copies of texts 0..19 with 2 of 50 words changed
    // (exact shingle Jaccard about 0.8), appended at the end.
    std::map<int, int> plantedOf;
    for (int i = 0; i < 20; ++i) {
        plantedOf[int(texts.size())] = i;
        texts.push_back(editWords(texts[size_t(i)], random, 2));
    }
    MinHashParams params;
    params.jaccardThreshold = 0.6;
    const auto clusters = findNearDuplicates(texts, params, 2);
    // Every planted copy is clustered with its original, and nothing else is.
    int plantedFound = 0;
    for (const auto& cluster : clusters) {
        ASSERT_EQ(cluster.members.size(), 2u);
        const int original = cluster.members[0], copy = cluster.members[1];
        ASSERT_TRUE(plantedOf.count(copy)) << "unrelated texts " << original << " and " << copy;
        EXPECT_EQ(plantedOf[copy], original);
        ++plantedFound;
    }
    EXPECT_EQ(plantedFound, 20);
}

TEST(Curation, ExactDuplicatesIgnoreCaseAndWhitespace) {
    const std::vector<VersionMemberRow> members{
        member(1, QStringLiteral("Hello world"), QStringLiteral("Hi")),
        member(2, QStringLiteral("  hello   WORLD "), QStringLiteral("hi")),
        member(3, QStringLiteral("Hello world"), QStringLiteral("Bye")),
        member(4, QStringLiteral("hello world"), QStringLiteral("HI")),
    };
    const CurationReport report = planCuration(members, CurationParams{});
    EXPECT_EQ(report.survivorIds, (std::vector<qint64>{1, 3}));
    ASSERT_EQ(report.removals.size(), 2u);
    EXPECT_EQ(report.removals[0].exampleId, 2);
    EXPECT_EQ(report.removals[0].reason, RemovalReason::ExactDuplicate);
    EXPECT_EQ(report.removals[0].keptExampleId, 1);
    EXPECT_EQ(report.removals[1].exampleId, 4);
    EXPECT_EQ(report.countFor(RemovalReason::ExactDuplicate), 2);
}

TEST(Curation, QualityFilters) {
    const std::vector<VersionMemberRow> members{
        member(1, QStringLiteral("q1"), QStringLiteral("{\"ok\": true}")),
        member(2, QStringLiteral("q2"), QStringLiteral("   \n")),
        member(3, QStringLiteral("q3 with many many many words"), QStringLiteral("{\"a\": 1}")),
        member(4, QStringLiteral("q4"), QStringLiteral("not json")),
        member(5, QStringLiteral("Same text"), QStringLiteral("pos"),
               ExampleKind::Classification, QStringLiteral("pos")),
        member(6, QStringLiteral("same  text"), QStringLiteral("neg"),
               ExampleKind::Classification, QStringLiteral("neg")),
        member(7, QStringLiteral("other text"), QStringLiteral("neg"),
               ExampleKind::Classification, QStringLiteral("neg")),
    };
    CurationParams params;
    params.maxSequenceTokens = 5;
    params.tokenCounter = [](const QString& text) {
        return int(text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts).size());
    };
    params.requireJsonOutput = false;
    CurationReport report = planCuration(members, params);
    EXPECT_EQ(removalOf(report, 2)->reason, RemovalReason::EmptyOutput);
    EXPECT_EQ(removalOf(report, 3)->reason, RemovalReason::TooLong);
    EXPECT_EQ(removalOf(report, 4), nullptr);  // JSON not required
    EXPECT_EQ(removalOf(report, 5)->reason, RemovalReason::ConflictingLabels);
    EXPECT_EQ(removalOf(report, 6)->reason, RemovalReason::ConflictingLabels);
    EXPECT_TRUE(removalOf(report, 6)->detail.contains(QLatin1String("neg, pos")));
    EXPECT_EQ(report.survivorIds, (std::vector<qint64>{1, 4, 7}));

    params.requireJsonOutput = true;
    params.maxSequenceTokens = 0;
    report = planCuration(members, params);
    EXPECT_EQ(removalOf(report, 4)->reason, RemovalReason::InvalidJsonOutput);
    EXPECT_EQ(removalOf(report, 1), nullptr);
    EXPECT_EQ(removalOf(report, 3), nullptr);
}

TEST(Curation, NearDuplicateClusterDecisions) {
    std::mt19937 random(3);
    const QString base = randomSentence(random, 40);
    std::vector<VersionMemberRow> members{
        member(1, base, QStringLiteral("answer")),
        member(2, randomSentence(random, 40), QStringLiteral("answer")),
        member(3, editWords(base, random, 1), QStringLiteral("answer")),
    };
    CurationParams params;
    params.findNearDuplicates = true;
    params.nearDuplicate.jaccardThreshold = 0.7;
    CurationReport report = planCuration(members, params);
    ASSERT_EQ(report.nearDuplicateClusters.size(), 1u);
    EXPECT_EQ(report.nearDuplicateClusters[0].exampleIds, (std::vector<qint64>{1, 3}));
    EXPECT_EQ(removalOf(report, 3)->reason, RemovalReason::NearDuplicate);
    EXPECT_EQ(removalOf(report, 3)->keptExampleId, 1);

    params.nearDuplicateDecision = ClusterDecision::KeepAll;
    report = planCuration(members, params);
    EXPECT_EQ(report.nearDuplicateClusters.size(), 1u);
    EXPECT_TRUE(report.removals.empty());
}

using CurationStore = test::ProjectFixture;

TEST_F(CurationStore, ApplyingMakesANewVersionAndKeepsTheOld) {
    const QString path = writeFile(
        QStringLiteral("dups.jsonl"),
        "{\"prompt\": \"a\", \"completion\": \"x\"}\n"
        "{\"prompt\": \"A \", \"completion\": \"X\"}\n"
        "{\"prompt\": \"b\", \"completion\": \"  \"}\n"
        "{\"prompt\": \"c\", \"completion\": \"z\"}\n");
    ImportOptions o;
    o.datasetName = QStringLiteral("d");
    const ImportResult imported = DatasetImporter(db()).importFile(path, o);
    DatasetRepository repo(db());
    const CurationReport report = planCuration(repo, imported.versionId, CurationParams{});
    EXPECT_EQ(report.removals.size(), 2u);
    const qint64 curated = applyCuration(repo, report);
    const auto info = repo.version(curated);
    EXPECT_EQ(info.source, QStringLiteral("curation"));
    EXPECT_EQ(info.parentVersionId, imported.versionId);
    EXPECT_EQ(info.exampleCount, 2);
    EXPECT_NE(info.contentHash, imported.contentHash);
    const auto members = repo.loadMembers(curated);
    ASSERT_EQ(members.size(), 2u);
    EXPECT_EQ(members[0].inputText, QStringLiteral("a"));
    EXPECT_EQ(members[1].inputText, QStringLiteral("c"));
    EXPECT_EQ(members[1].position, 1);
    EXPECT_EQ(repo.loadMembers(imported.versionId).size(), 4u);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM examples")), 4);  // nothing deleted
}
