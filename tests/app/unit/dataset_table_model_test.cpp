// SPDX-License-Identifier: GPL-3.0-or-later
// The lazily fetched table of a dataset version: pages, search and split filters.
#include "dataset_test_support.h"

#include "app/datasets/dataset_importer.h"
#include "app/datasets/dataset_split.h"
#include "app/datasets/dataset_table_model.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <random>

using namespace ts;

class DatasetTableModelTest : public test::ProjectFixture {
protected:
    struct SearchVersions {
        qint64 imported = 0;  // dataset "main" as imported
        qint64 split = 0;     // its version with a 30% eval split
    };
    // Dataset "main" (mainRows search rows) and its split version, next to a dataset "other"
    // (otherRows rows) whose matches must not leak into main's pages.
    SearchVersions importMainAndOther(int mainRows, int mainSeed, int otherRows, int otherSeed);
};

namespace {
QByteArray rows(int n) {
    QByteArray bytes;
    for (int i = 0; i < n; ++i)
        bytes += "{\"prompt\": \"question number" + QByteArray::number(i) +
                 (i % 100 == 0 ? " zebra" : "") + "\", \"completion\": \"answer\\nline two\"}\n";
    return bytes;
}
}  // namespace

TEST_F(DatasetTableModelTest, FetchesInPagesAndFilters) {
    ImportOptions o;
    o.datasetName = QStringLiteral("t");
    const ImportResult r =
        DatasetImporter(db()).importFile(writeFile(QStringLiteral("t.jsonl"), rows(1200)), o);
    DatasetTableModel model(db());
    model.setPageSize(500);
    model.setVersion(r.versionId);
    EXPECT_EQ(model.matchingCount(), 1200);
    EXPECT_EQ(model.rowCount(), 500);
    ASSERT_TRUE(model.canFetchMore());
    model.fetchMore();
    EXPECT_EQ(model.rowCount(), 1000);
    model.fetchMore();
    EXPECT_EQ(model.rowCount(), 1200);
    EXPECT_FALSE(model.canFetchMore());
    // Rows come in file order; cells show one line.
    EXPECT_EQ(model.data(model.index(1099, DatasetTableModel::InputColumn)).toString(),
              QStringLiteral("question number1099"));
    EXPECT_EQ(model.data(model.index(0, DatasetTableModel::OutputColumn)).toString(),
              QStringLiteral("answer") + QChar(0x21B5) + QStringLiteral("line two"));
    EXPECT_EQ(model.data(model.index(0, 0), DatasetTableModel::FullOutputRole).toString(),
              QStringLiteral("answer\nline two"));

    model.setSearchText(QStringLiteral("zeb"));  // prefix of the last word
    EXPECT_TRUE(model.lastError().isEmpty()) << model.lastError().toStdString();
    EXPECT_EQ(model.matchingCount(), 12);
    EXPECT_EQ(model.rowCount(), 12);
    model.setSearchText(QStringLiteral("\"unbalanced AND ("));  // taken literally, no error
    EXPECT_TRUE(model.lastError().isEmpty()) << model.lastError().toStdString();
    EXPECT_EQ(model.matchingCount(), 0);
    model.setSearchText({});

    DatasetRepository repo(db());
    SplitParams params;
    params.evalFraction = 0.25;
    const qint64 split = createSplitVersion(repo, r.versionId, params);
    model.setVersion(split);
    model.setSplitFilter(Split::Eval);
    EXPECT_EQ(model.matchingCount(), 300);
    while (model.canFetchMore()) model.fetchMore();
    EXPECT_EQ(model.rowCount(), 300);
    for (int row = 0; row < model.rowCount(); ++row)
        ASSERT_EQ(model.data(model.index(row, DatasetTableModel::SplitColumn)).toString(),
                  QStringLiteral("eval"));
}

namespace {
// Examples whose words are drawn so that "alpha" is in about half of them, "rare" in a handful
// and "pairone"/"pairtwo" together in only a few, from a vocabulary of filler words.
QByteArray searchRows(int n, unsigned seed) {
    std::mt19937 random(seed);
    const QByteArrayList filler{"river", "stone", "cloud", "maple", "ember", "delta", "quartz",
                                "harbor", "lantern", "meadow", "alpine", "alto"};
    QByteArray bytes;
    for (int i = 0; i < n; ++i) {
        QByteArrayList prompt, completion;
        for (int w = 0; w < 6; ++w) prompt << filler[random() % filler.size()];
        for (int w = 0; w < 8; ++w) completion << filler[random() % filler.size()];
        if (random() % 2 == 0) (random() % 2 ? prompt : completion) << "alpha";
        if (random() % 500 == 0) completion << "rare";
        if (random() % 40 == 0) prompt << "pairone";
        if (random() % 40 == 0) completion << "pairtwo";
        std::shuffle(prompt.begin(), prompt.end(), random);
        bytes += "{\"prompt\": \"" + prompt.join(' ') + "\", \"completion\": \"" +
                 completion.join(' ') + ".\"}\n";
    }
    return bytes;
}

// The brute-force answer: example ids of the version, in position order, whose input or output
// holds every search word as a whole word (the last one as a word prefix), matched in C++ over
// the stored texts, not through the full-text index.
std::vector<qint64> bruteForceSearch(QSqlDatabase db, qint64 versionId, const QString& text,
                                     std::optional<Split> split = std::nullopt) {
    const QStringList wanted = text.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QRegularExpression separators(QStringLiteral("[^a-z0-9]+"));
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT ve.example_id, ve.split, e.input_text, e.output_text "
                             "FROM version_examples ve JOIN examples e ON e.id = ve.example_id "
                             "WHERE ve.version_id = ? ORDER BY ve.position"));
    q.addBindValue(versionId);
    EXPECT_TRUE(q.exec());
    std::vector<qint64> ids;
    while (q.next()) {
        if (split && q.value(1).toString() != splitName(*split)) continue;
        const QStringList words = (q.value(2).toString() + QLatin1Char(' ') + q.value(3).toString())
                                      .toLower()
                                      .split(separators, Qt::SkipEmptyParts);
        bool all = true;
        for (qsizetype i = 0; i < wanted.size() && all; ++i) {
            const bool prefix = i + 1 == wanted.size();
            all = std::any_of(words.begin(), words.end(), [&](const QString& w) {
                return prefix ? w.startsWith(wanted[i]) : w == wanted[i];
            });
        }
        if (all) ids.push_back(q.value(0).toLongLong());
    }
    return ids;
}

std::vector<qint64> allRowIds(DatasetTableModel& model) {
    while (model.canFetchMore()) model.fetchMore();
    std::vector<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.push_back(model.data(model.index(row, 0), DatasetTableModel::ExampleIdRole).toLongLong());
    return ids;
}
}  // namespace

DatasetTableModelTest::SearchVersions DatasetTableModelTest::importMainAndOther(int mainRows, int mainSeed,
                                                                              int otherRows, int otherSeed) {
    ImportOptions o;
    o.datasetName = QStringLiteral("main");
    SearchVersions versions;
    versions.imported = DatasetImporter(db())
                            .importFile(writeFile(QStringLiteral("main.jsonl"), searchRows(mainRows, unsigned(mainSeed))), o)
                            .versionId;
    o.datasetName = QStringLiteral("other");
    const qint64 other = DatasetImporter(db())
                             .importFile(writeFile(QStringLiteral("other.jsonl"), searchRows(otherRows, unsigned(otherSeed))), o)
                             .versionId;
    if (versions.imported <= 0 || other <= 0) return {};
    DatasetRepository repo(db());
    SplitParams splitParams;
    splitParams.evalFraction = 0.3;
    versions.split = createSplitVersion(repo, versions.imported, splitParams);
    return versions;
}

// Both page plans (from the index's matches, or walking positions) return exactly the rows and
// order of a brute-force filter, for rare and common words, prefixes and several words, with
// pages small enough that paging runs many times, and with a second dataset in the project whose
// matches must not leak in.
TEST_F(DatasetTableModelTest, SearchPlansAgreeWithBruteForce) {
    const SearchVersions versions = importMainAndOther(3000, 7, 800, 8);
    ASSERT_GT(versions.split, 0);

    DatasetTableModel model(db());
    model.setPageSize(37);
    const QStringList searches{QStringLiteral("rare"), QStringLiteral("alpha"),
                               QStringLiteral("alp"), QStringLiteral("pairone pairtwo"),
                               QStringLiteral("alpha rar"), QStringLiteral("nowhere")};
    for (const qint64 version : {versions.imported, versions.split}) {
        const auto split = version == versions.split ? std::optional<Split>(Split::Eval)
                                                   : std::nullopt;
        for (const QString& words : searches) {
            const std::vector<qint64> expected = bruteForceSearch(db(), version, words, split);
            for (const SearchPlan plan : {SearchPlan::FromMatches, SearchPlan::PositionWalk}) {
                SCOPED_TRACE(words.toStdString() + (plan == SearchPlan::FromMatches
                                                        ? " from matches" : " position walk"));
                model.setSearchPlan(plan);
                model.setVersion(version);
                model.setFilters(words, split, {});
                ASSERT_TRUE(model.lastError().isEmpty()) << model.lastError().toStdString();
                EXPECT_EQ(model.activeSearchPlan(), plan);
                EXPECT_EQ(model.matchingCount(), qint64(expected.size()));
                EXPECT_EQ(allRowIds(model), expected);
            }
        }
    }
    // The searches span rare to common, so both plans were tried on real work.
    EXPECT_LT(bruteForceSearch(db(), versions.imported, QStringLiteral("rare")).size(), 37u);
    EXPECT_GT(bruteForceSearch(db(), versions.imported, QStringLiteral("alpha")).size(), 1000u);
}

// Auto picks the plan by the index's match count against the cutoff, and either way the rows
// are those of the forced plans.
TEST_F(DatasetTableModelTest, AutoPlanFollowsTheCutoff) {
    ImportOptions o;
    o.datasetName = QStringLiteral("main");
    const ImportResult r = DatasetImporter(db()).importFile(
        writeFile(QStringLiteral("main.jsonl"), searchRows(3000, 11)), o);
    DatasetTableModel model(db());
    model.setPageSize(50);
    model.setVersion(r.versionId);
    model.setMatchDrivenCutoff(100);

    model.setSearchText(QStringLiteral("rare"));
    EXPECT_EQ(model.activeSearchPlan(), SearchPlan::FromMatches);
    EXPECT_LE(model.indexMatchCount(), 100);
    EXPECT_EQ(allRowIds(model), bruteForceSearch(db(), r.versionId, QStringLiteral("rare")));

    model.setSearchText(QStringLiteral("alpha"));
    EXPECT_GT(model.indexMatchCount(), 100);
    EXPECT_EQ(model.activeSearchPlan(), SearchPlan::PositionWalk);
    EXPECT_EQ(allRowIds(model), bruteForceSearch(db(), r.versionId, QStringLiteral("alpha")));

    // This version holds every example of the project, so its count is the index's count; the
    // rows and counts still agree with brute force under both plans.
    for (const SearchPlan plan : {SearchPlan::FromMatches, SearchPlan::PositionWalk}) {
        model.setSearchPlan(plan);
        for (const QString& words : {QStringLiteral("alpha"), QStringLiteral("rare"),
                                     QStringLiteral("pairone pairt"), QStringLiteral("nowhere")}) {
            const auto expected = bruteForceSearch(db(), r.versionId, words);
            model.setSearchText(words);
            EXPECT_EQ(model.matchingCount(), qint64(expected.size())) << words.toStdString();
            EXPECT_EQ(allRowIds(model), expected) << words.toStdString();
        }
    }
    model.setSearchPlan(SearchPlan::Auto);
    model.setMatchDrivenCutoff(DatasetTableModel::kDefaultMatchDrivenCutoff);
    model.setSearchText(QStringLiteral("alpha"));
    EXPECT_EQ(model.activeSearchPlan(), SearchPlan::FromMatches);
    model.setSearchText({});
    EXPECT_EQ(model.activeSearchPlan(), SearchPlan::Auto);
    EXPECT_EQ(model.matchingCount(), 3000);
}

// Above the cutoff, in a version that is not every example of the project (here: a split
// filter, and a second dataset in the project), the count runs in the background: the pages are
// there at once, walking to the end loads exactly the brute-force rows, and the count that
// arrives is theirs. A search changed before its count arrives never shows the old count.
TEST_F(DatasetTableModelTest, ManyMatchesInPartOfTheProjectAreCountedInTheBackground) {
    const SearchVersions versions = importMainAndOther(3000, 13, 500, 14);
    ASSERT_GT(versions.split, 0);

    DatasetTableModel model(db());
    model.setPageSize(40);
    model.setMatchDrivenCutoff(100);
    QSignalSpy counted(&model, &DatasetTableModel::matchingCountChanged);
    for (const auto& [version, split] :
         {std::pair{versions.imported, std::optional<Split>()}, std::pair{versions.split,
                                                                    std::optional(Split::Eval)}}) {
        for (const QString& words : {QStringLiteral("alpha"), QStringLiteral("alp"),
                                     QStringLiteral("alpha pairon")}) {
            SCOPED_TRACE(words.toStdString() + (split ? " (eval split)" : ""));
            const std::vector<qint64> expected = bruteForceSearch(db(), version, words, split);
            model.setVersion(version);
            model.setFilters(words, split, {});
            ASSERT_TRUE(model.lastError().isEmpty()) << model.lastError().toStdString();
            if (model.indexMatchCount() <= 100) {  // few matches: counted at once
                EXPECT_TRUE(model.isMatchingCountExact());
                EXPECT_EQ(model.matchingCount(), qint64(expected.size()));
                continue;
            }
            ASSERT_FALSE(model.isMatchingCountExact());
            EXPECT_EQ(model.rowCount(), std::min<int>(40, int(expected.size())));
            counted.clear();
            ASSERT_TRUE(counted.wait(30000));
            EXPECT_TRUE(model.isMatchingCountExact());
            EXPECT_EQ(model.matchingCount(), qint64(expected.size()));
            EXPECT_EQ(allRowIds(model), expected);

            // Walking to the end before the count arrives makes the count exact on its own.
            model.setFilters(QString(), split, {});
            model.setFilters(words, split, {});
            ASSERT_FALSE(model.isMatchingCountExact());
            counted.clear();
            EXPECT_EQ(allRowIds(model), expected);
            EXPECT_TRUE(model.isMatchingCountExact());
            EXPECT_EQ(model.matchingCount(), qint64(expected.size()));
            EXPECT_EQ(counted.size(), 1);
        }
    }

    // A count overtaken by a new search is dropped.
    model.setVersion(versions.imported);
    model.setFilters(QStringLiteral("alpha"), std::nullopt, {});
    ASSERT_FALSE(model.isMatchingCountExact());
    model.setFilters(QStringLiteral("alp"), std::nullopt, {});
    ASSERT_FALSE(model.isMatchingCountExact());
    counted.clear();
    ASSERT_TRUE(counted.wait(30000));
    QTest::qWait(200);  // room for a stale result to (wrongly) arrive
    EXPECT_EQ(counted.size(), 1);
    EXPECT_EQ(model.matchingCount(),
              qint64(bruteForceSearch(db(), versions.imported, QStringLiteral("alp")).size()));
}

// The walk asks each chunk of positions only for the filtered split's rows; chunks holding none
// of them (here the eval rows are the last 300 of 3000) are stepped over, not taken for the end.
TEST_F(DatasetTableModelTest, WalkStepsOverChunksWithoutTheSplitsRows) {
    ImportOptions o;
    o.datasetName = QStringLiteral("main");
    const ImportResult r = DatasetImporter(db()).importFile(
        writeFile(QStringLiteral("main.jsonl"), searchRows(3000, 17)), o);
    DatasetRepository repo(db());
    std::vector<VersionMember> members;
    for (const VersionMemberRow& m : repo.loadMembers(r.versionId))
        members.push_back({m.exampleId, m.position >= 2700 ? Split::Eval : Split::Train});
    const qint64 clustered =
        repo.createDerivedVersion(r.versionId, VersionSource::Split, QStringLiteral("t"), members);
    DatasetTableModel model(db());
    model.setPageSize(20);
    model.setSearchPlan(SearchPlan::PositionWalk);
    model.setVersion(clustered);
    for (const QString& words : {QStringLiteral("alpha"), QStringLiteral("rare")}) {
        model.setFilters(words, Split::Eval, {});
        const auto expected = bruteForceSearch(db(), clustered, words, Split::Eval);
        EXPECT_EQ(model.matchingCount(), qint64(expected.size())) << words.toStdString();
        EXPECT_EQ(allRowIds(model), expected) << words.toStdString();
    }
    EXPECT_GT(bruteForceSearch(db(), clustered, QStringLiteral("alpha"), Split::Eval).size(), 20u);
}
