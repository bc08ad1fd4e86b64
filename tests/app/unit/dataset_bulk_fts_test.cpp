// SPDX-License-Identifier: GPL-3.0-or-later
// Schema 2 (bulk imports defer full-text indexing): upgrading a version-1 project keeps its rows
// searchable, imports index their rows at the end, cancelled and interrupted imports leave the
// index consistent. Also: the source's meta object becomes flags and tags, the table model's
// tag / flag / label / length filters, and the reviewer's "keep all" for near-duplicate clusters.
#include "dataset_test_support.h"

#include "app/datasets/curation.h"
#include "app/datasets/dataset_importer.h"
#include "app/datasets/dataset_repository.h"
#include "app/datasets/dataset_table_model.h"
#include "app/store/migrations.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace ts;
using ts::test::ftsIntact;
using ts::test::scalar;

namespace {

// Example ids of `versionId` whose text matches `words`, through the browser's model.
qint64 searchCount(QSqlDatabase db, qint64 versionId, const QString& words) {
    DatasetTableModel model(db);
    model.setVersion(versionId);
    model.setSearchText(words);
    EXPECT_TRUE(model.lastError().isEmpty()) << model.lastError().toStdString();
    return model.matchingCount();
}

QByteArray promptLines(const char* word, int n) {
    QByteArray bytes;
    for (int i = 0; i < n; ++i)
        bytes += "{\"prompt\": \"" + QByteArray(word) + " question " + QByteArray::number(i) +
                 "\", \"completion\": \"answer " + QByteArray::number(i) + "\"}\n";
    return bytes;
}

}  // namespace

class BulkFts : public test::ProjectFixture {};

TEST_F(BulkFts, ImportedRowsAreSearchableAndTheIndexIsConsistent) {
    const QString path = writeFile(QStringLiteral("a.jsonl"), promptLines("walrus", 30));
    ImportOptions o;
    o.datasetName = QStringLiteral("a");
    o.batchSize = 7;  // several batch transactions with the triggers standing down
    const ImportResult r = DatasetImporter(db()).importFile(path, o);
    EXPECT_EQ(searchCount(db(), r.versionId, QStringLiteral("walrus")), 30);
    EXPECT_EQ(searchCount(db(), r.versionId, QStringLiteral("question 17")), 1);
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT count(*) FROM fts_bulk_mode")).toInt(), 0);
    QString why;
    EXPECT_TRUE(ftsIntact(db(), &why)) << why.toStdString();
    // Rows written outside an import are still indexed by the trigger.
    QSqlQuery q(db());
    ASSERT_TRUE(q.exec(QStringLiteral(
        "INSERT INTO examples (kind, prompt, completion, input_text, output_text, content_hash) "
        "VALUES ('prompt_completion', 'p', 'c', 'narwhal tusk', 'c', 'h')")));
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT count(*) FROM examples_fts "
                                          "WHERE examples_fts MATCH 'narwhal'")).toInt(), 1);
}

TEST_F(BulkFts, CancelledImportLeavesNoRowsAndAConsistentIndex) {
    const QString first = writeFile(QStringLiteral("a.jsonl"), promptLines("walrus", 5));
    ImportOptions o;
    o.datasetName = QStringLiteral("a");
    DatasetImporter(db()).importFile(first, o);
    const QString second = writeFile(QStringLiteral("b.jsonl"), promptLines("otter", 40));
    o.datasetName = QStringLiteral("b");
    o.batchSize = 10;
    int batches = 0;
    o.progress = [&](qint64, qint64) { return ++batches < 3; };
    const ImportResult r = DatasetImporter(db()).importFile(second, o);
    EXPECT_TRUE(r.cancelled);
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT count(*) FROM examples")).toInt(), 5);
    QString why;
    EXPECT_TRUE(ftsIntact(db(), &why)) << why.toStdString();
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT count(*) FROM examples_fts "
                                          "WHERE examples_fts MATCH 'otter'")).toInt(), 0);
}

TEST_F(BulkFts, InterruptedImportIsRecoveredWithoutTouchingTheIndex) {
    const QString first = writeFile(QStringLiteral("a.jsonl"), promptLines("walrus", 5));
    ImportOptions o;
    o.datasetName = QStringLiteral("a");
    const ImportResult kept = DatasetImporter(db()).importFile(first, o);
    // What a killed import leaves: rows written with the triggers standing down and a journal.
    ASSERT_TRUE(test::writeKilledImport(db(), 100, QStringLiteral("otter"), QStringLiteral("otter 2")));
    EXPECT_EQ(DatasetImporter::recoverInterruptedImports(db(), 0), 1);
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT count(*) FROM examples")).toInt(), 5);
    QString why;
    EXPECT_TRUE(ftsIntact(db(), &why)) << why.toStdString();
    EXPECT_EQ(searchCount(db(), kept.versionId, QStringLiteral("walrus")), 5);
}

TEST(BulkFtsMigration, UpgradesAVersion1ProjectWithDataAndOldRowsStaySearchable) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("old.tsproj"));
    qint64 versionId = 0;
    {
        ProjectStore v1;
        const QList<Migration> firstOnly = {projectMigrations().first()};
        const OpenResult opened = v1.open(path, OpenMode::CreateNew, firstOnly);
        ASSERT_TRUE(opened.ok) << opened.error.toStdString();
        ASSERT_EQ(v1.schemaVersion(), 1);
        // Rows as a version-1 build wrote them: the insert trigger indexes each one.
        QSqlQuery q(v1.database());
        ASSERT_TRUE(q.exec(QStringLiteral("INSERT INTO datasets (id, name) VALUES (1, 'old')")));
        ASSERT_TRUE(q.exec(QStringLiteral(
            "INSERT INTO dataset_versions (id, dataset_id, version_number, content_hash, "
            "example_count, source) VALUES (1, 1, 1, 'v', 3, 'import')")));
        for (int i = 1; i <= 3; ++i) {
            ASSERT_TRUE(q.exec(QStringLiteral(
                "INSERT INTO examples (id, kind, text, label, input_text, output_text, "
                "content_hash) VALUES (%1, 'classification', 'pelican %1', 'l', 'pelican %1', "
                "'l', 'h%1')").arg(i))) << q.lastError().text().toStdString();
            ASSERT_TRUE(q.exec(QStringLiteral("INSERT INTO version_examples (version_id, "
                                              "example_id, position) VALUES (1, %1, %2)")
                                   .arg(i).arg(i - 1)));
        }
        versionId = 1;
        v1.close();
    }
    ProjectStore store;
    const OpenResult opened = store.open(path, OpenMode::OpenExisting);
    ASSERT_TRUE(opened.ok) << opened.error.toStdString();
    EXPECT_EQ(opened.schema, SchemaStatus::Upgraded);
    EXPECT_EQ(opened.fromVersion, 1);
    EXPECT_EQ(opened.toVersion, latestSchemaVersion());
    EXPECT_EQ(store.schemaVersion(), latestSchemaVersion());
    EXPECT_EQ(searchCount(store.database(), versionId, QStringLiteral("pelican")), 3);
    EXPECT_EQ(searchCount(store.database(), versionId, QStringLiteral("pelican 2")), 1);

    // A new import into the upgraded project is searchable next to the old rows.
    QTemporaryDir files;
    const QString file = files.filePath(QStringLiteral("new.jsonl"));
    {
        QFile f(file);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("{\"text\": \"pelican new\", \"label\": \"l\"}\n{\"text\": \"heron\", \"label\": \"m\"}\n");
    }
    ImportOptions o;
    o.target = ImportTarget::AppendToDataset;
    o.datasetName = QStringLiteral("old");
    const ImportResult r = DatasetImporter(store.database()).importFile(file, o);
    EXPECT_EQ(searchCount(store.database(), r.versionId, QStringLiteral("pelican")), 4);
    EXPECT_EQ(searchCount(store.database(), r.versionId, QStringLiteral("heron")), 1);
    QString why;
    EXPECT_TRUE(ftsIntact(store.database(), &why)) << why.toStdString();
    store.close();
}

using DatasetMeta = test::ProjectFixture;

TEST_F(DatasetMeta, MetaObjectBecomesFlagsAndTagsAndFiltersFindThem) {
    const QString path = writeFile(
        QStringLiteral("meta.jsonl"),
        "{\"text\": \"short\", \"label\": \"a\", \"meta\": {\"edge_case\": true, \"tags\": [\"billing\", \"vip\"]}}\n"
        "{\"text\": \"a much longer text here\", \"label\": \"b\", \"meta\": {\"edge_case\": false, \"tags\": [\"billing\"]}}\n"
        "{\"text\": \"general\", \"label\": \"a\", \"meta\": {\"general_capability\": true}}\n"
        "{\"text\": \"no meta\", \"label\": \"b\"}\n"
        "{\"text\": \"bad meta\", \"label\": \"b\", \"meta\": {\"edge_case\": \"yes\"}}\n"
        "{\"text\": \"bad tags\", \"label\": \"b\", \"meta\": {\"tags\": \"billing\"}}\n");
    ImportOptions o;
    o.datasetName = QStringLiteral("m");
    const ImportResult r = DatasetImporter(db()).importFile(path, o);
    EXPECT_EQ(r.mapping.meta, QStringLiteral("meta"));
    EXPECT_EQ(r.importedCount, 4);
    ASSERT_EQ(r.issues.size(), 2);
    EXPECT_EQ(r.issues[0].line, 5);
    EXPECT_TRUE(r.issues[0].reason.contains(QStringLiteral("meta.edge_case")));
    EXPECT_EQ(r.issues[1].line, 6);
    EXPECT_TRUE(r.issues[1].reason.contains(QStringLiteral("meta.tags")));

    const auto members = DatasetRepository(db()).loadMembers(r.versionId);
    ASSERT_EQ(members.size(), 4u);
    EXPECT_TRUE(members[0].edgeCase);
    EXPECT_FALSE(members[1].edgeCase);
    EXPECT_TRUE(members[2].generalCapability);
    EXPECT_FALSE(members[3].edgeCase || members[3].generalCapability);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM tags")), 2);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM example_tags")), 3);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM example_flags WHERE set_by = 'import'")), 2);

    DatasetTableModel model(db());
    model.setVersion(r.versionId);
    EXPECT_EQ(model.data(model.index(0, DatasetTableModel::TagsColumn)).toString(),
              QStringLiteral("billing, vip"));
    EXPECT_EQ(model.data(model.index(0, DatasetTableModel::StatusColumn)).toString(),
              QStringLiteral("edge_case"));
    ExampleFilter filter;
    filter.tag = QStringLiteral("billing");
    model.setFilter(filter);
    EXPECT_EQ(model.matchingCount(), 2);
    filter.flag = ExampleFlag::EdgeCase;
    model.setFilter(filter);
    EXPECT_EQ(model.matchingCount(), 1);
    filter = {};
    filter.label = QStringLiteral("b");
    model.setFilter(filter);
    EXPECT_EQ(model.matchingCount(), 2);
    // Lengths are input + output characters: "short" + "a" = 6, "general" + "a" = 8.
    filter = {};
    filter.minChars = 6;
    filter.maxChars = 8;
    model.setFilter(filter);
    EXPECT_EQ(model.matchingCount(), 3);  // short(6), general(8), no meta(7+1=8)
    filter.maxChars = 7;
    model.setFilter(filter);
    EXPECT_EQ(model.matchingCount(), 1);
}

TEST(CurationReview, KeepAllRestoresTheClusterAndKeepsOtherRemovals) {
    CurationReport report;
    report.examinedCount = 6;
    report.nearDuplicateClusters = {{{1, 3}}, {{2, 5}}};
    report.survivorIds = {1, 2, 4};
    report.removals = {{3, 2, RemovalReason::NearDuplicate, {}, 1},
                       {5, 4, RemovalReason::NearDuplicate, {}, 2},
                       {6, 5, RemovalReason::EmptyOutput, {}, 0}};
    keepNearDuplicateClusters(report, {1});
    EXPECT_EQ(report.survivorIds, (std::vector<qint64>{1, 2, 4, 5}));
    ASSERT_EQ(report.removals.size(), 2u);
    EXPECT_EQ(report.removals[0].exampleId, 3);
    EXPECT_EQ(report.removals[1].reason, RemovalReason::EmptyOutput);
}
