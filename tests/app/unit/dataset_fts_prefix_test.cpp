// SPDX-License-Identifier: GPL-3.0-or-later
// Schema 3 (full-text prefix indexes): a project written at schema 2, with imported datasets and
// an import that was interrupted, upgrades without losing a row or a version, finds the same
// examples for every kind of search before and after, keeps the index consistent through the
// cleanup of the interrupted import, and keeps indexing new rows (bulk imports and the triggers).
#include "dataset_test_support.h"

#include "app/datasets/dataset_importer.h"
#include "app/datasets/dataset_table_model.h"
#include "app/store/migrations.h"

#include <QSqlError>
#include <QSqlQuery>

#include <map>
#include <tuple>

using namespace ts;
using ts::test::ftsIntact;
using ts::test::scalar;

namespace {

// The example ids of `versionId` the browser's model lists for `words`, in order.
QList<qint64> searchIds(QSqlDatabase db, qint64 versionId, const QString& words) {
    DatasetTableModel model(db);
    model.setPageSize(7);  // several pages, so fetching more is part of what is compared
    model.setVersion(versionId);
    model.setSearchText(words);
    EXPECT_TRUE(model.lastError().isEmpty()) << model.lastError().toStdString();
    while (model.canFetchMore()) model.fetchMore();
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.data(model.index(row, 0), DatasetTableModel::ExampleIdRole).toLongLong();
    EXPECT_EQ(ids.size(), model.matchingCount()) << words.toStdString();
    return ids;
}

// Rows of three shapes, so each prefix length has its own answer: "apple question" (a, ap, app,
// q), "apricot" (a, ap, apr), "banana split" (b, s); every row has "reply". Every fifth row adds
// accented and Greek words (a prefix index counts characters, not bytes).
QByteArray fruitLines(int n, const char* tag) {
    QByteArray bytes;
    for (int i = 0; i < n; ++i) {
        QByteArray prompt;
        switch (i % 3) {
        case 0: prompt = "apple question " + QByteArray::number(i); break;
        case 1: prompt = "apricot " + QByteArray::number(i); break;
        default: prompt = "banana split " + QByteArray::number(i); break;
        }
        if (i % 5 == 0) prompt += " crème brûlée αβγ";
        bytes += "{\"prompt\": \"" + prompt + " " + tag + "\", \"completion\": \"reply " +
                 QByteArray::number(i) + "\"}\n";
    }
    return bytes;
}

const QStringList kSearches = {
    QStringLiteral("a"),      QStringLiteral("ap"),          QStringLiteral("apr"),
    QStringLiteral("appl"),   QStringLiteral("apple q"),     QStringLiteral("b"),
    QStringLiteral("banana spl"), QStringLiteral("r"),       QStringLiteral("reply 1"),
    QStringLiteral("cre"),    QStringLiteral("crè"),         QStringLiteral("brûlée"),
    QStringLiteral("\u03b1"), QStringLiteral("\u03b1\u03b2"), QStringLiteral("zebra"),
    QStringLiteral("second"), QStringLiteral("pending"),
};

}  // namespace

TEST(FtsPrefixMigration, Schema2ProjectUpgradesWithEverythingAndSearchesStayRight) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("v2.tsproj"));
    const QString first = dir.filePath(QStringLiteral("first.jsonl"));
    const QString second = dir.filePath(QStringLiteral("second.jsonl"));
    for (const auto& [file, tag, n] : {std::tuple{first, "first", 60},
                                       std::tuple{second, "second", 25}}) {
        QFile f(file);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(fruitLines(n, tag));
    }

    const QStringList facts = {
        QStringLiteral("SELECT count(*) FROM examples"),
        QStringLiteral("SELECT count(*) FROM datasets"),
        QStringLiteral("SELECT count(*) FROM version_examples"),
        QStringLiteral("SELECT group_concat(content_hash) FROM "
                       "(SELECT content_hash FROM dataset_versions ORDER BY id)"),
        QStringLiteral("SELECT group_concat(content_hash) FROM "
                       "(SELECT content_hash FROM examples ORDER BY id)"),
    };
    std::map<QString, QVariant> before;
    std::map<QString, QList<qint64>> found;
    qint64 firstVersion = 0, appendedVersion = 0;
    {
        ProjectStore v2;
        const QList<Migration> upToTwo = projectMigrations().mid(0, 2);
        const OpenResult opened = v2.open(path, OpenMode::CreateNew, upToTwo);
        ASSERT_TRUE(opened.ok) << opened.error.toStdString();
        ASSERT_EQ(v2.schemaVersion(), 2);
        ImportOptions o;
        o.datasetName = QStringLiteral("fruit");
        o.batchSize = 9;
        firstVersion = DatasetImporter(v2.database()).importFile(first, o).versionId;
        o.target = ImportTarget::AppendToDataset;
        appendedVersion = DatasetImporter(v2.database()).importFile(second, o).versionId;
        // What a killed import leaves behind at schema 2: rows written while the triggers stood
        // down (so not in the index) and a journal that says so.
        ASSERT_TRUE(test::writeKilledImport(v2.database(), 1000, QStringLiteral("apple pending"),
                                            QStringLiteral("pending again")));
        for (const QString& sql : facts) before[sql] = scalar(v2.database(), sql);
        for (const QString& words : kSearches) {
            found[QStringLiteral("v1 ") + words] = searchIds(v2.database(), firstVersion, words);
            found[QStringLiteral("v2 ") + words] = searchIds(v2.database(), appendedVersion, words);
        }
        v2.close();
    }
    // The data answers what it should at schema 2, so the comparison below means something.
    EXPECT_EQ(found[QStringLiteral("v1 a")].size(), 40);
    EXPECT_EQ(found[QStringLiteral("v1 apr")].size(), 20);
    EXPECT_EQ(found[QStringLiteral("v2 apple q")].size(), 20 + 9);
    EXPECT_EQ(found[QStringLiteral("v2 \u03b1")].size(), 12 + 5);
    EXPECT_EQ(found[QStringLiteral("v1 crè")], found[QStringLiteral("v1 cre")]);
    EXPECT_EQ(found[QStringLiteral("v1 second")].size(), 0);
    EXPECT_EQ(found[QStringLiteral("v2 second")].size(), 25);
    EXPECT_EQ(found[QStringLiteral("v2 pending")].size(), 0);

    ProjectStore store;
    const OpenResult opened = store.open(path, OpenMode::OpenExisting);
    ASSERT_TRUE(opened.ok) << opened.error.toStdString();
    EXPECT_EQ(opened.schema, SchemaStatus::Upgraded);
    EXPECT_EQ(opened.fromVersion, 2);
    EXPECT_EQ(opened.toVersion, latestSchemaVersion());
    QSqlDatabase db = store.database();
    EXPECT_TRUE(scalar(db, QStringLiteral("SELECT sql FROM sqlite_master WHERE name = 'examples_fts'"))
                    .toString().contains(QStringLiteral("prefix = '1 2 3'")));
    EXPECT_EQ(scalar(db, QStringLiteral("SELECT v FROM examples_fts_config WHERE k = 'hashsize'"))
                  .toLongLong(), 67108864);
    for (const QString& sql : facts) EXPECT_EQ(scalar(db, sql), before[sql]) << sql.toStdString();
    for (const QString& words : kSearches) {
        EXPECT_EQ(searchIds(db, firstVersion, words), found[QStringLiteral("v1 ") + words])
            << words.toStdString();
        EXPECT_EQ(searchIds(db, appendedVersion, words), found[QStringLiteral("v2 ") + words])
            << words.toStdString();
    }
    QString why;
    EXPECT_TRUE(ftsIntact(db, &why)) << why.toStdString();

    // The interrupted import's rows went into the rebuilt index; cleaning them up must take them
    // out of it again.
    EXPECT_EQ(DatasetImporter::recoverInterruptedImports(db, 0), 1);
    EXPECT_EQ(scalar(db, QStringLiteral("SELECT count(*) FROM examples WHERE id >= 1000")).toInt(),
              0);
    EXPECT_TRUE(ftsIntact(db, &why)) << why.toStdString();
    EXPECT_EQ(scalar(db, QStringLiteral("SELECT count(*) FROM examples_fts "
                                        "WHERE examples_fts MATCH 'pending'")).toInt(), 0);

    // New rows are indexed: an import (triggers standing down, indexed at the end) and a row
    // written directly (the insert trigger); a deleted row leaves the index (the delete trigger).
    QTemporaryDir files;
    const QString third = files.filePath(QStringLiteral("third.jsonl"));
    {
        QFile f(third);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(fruitLines(10, "third"));
    }
    ImportOptions o;
    o.datasetName = QStringLiteral("more");
    o.batchSize = 4;
    const ImportResult more = DatasetImporter(db).importFile(third, o);
    EXPECT_EQ(searchIds(db, more.versionId, QStringLiteral("a")).size(), 7);
    EXPECT_EQ(searchIds(db, more.versionId, QStringLiteral("thi")).size(), 10);
    QSqlQuery q(db);
    ASSERT_TRUE(q.exec(QStringLiteral(
        "INSERT INTO examples (id, kind, prompt, completion, input_text, output_text, "
        "content_hash) VALUES (5000, 'prompt_completion', 'p', 'c', 'zebra crossing', 'c', 'z')")));
    EXPECT_EQ(scalar(db, QStringLiteral("SELECT count(*) FROM examples_fts "
                                        "WHERE examples_fts MATCH 'z*'")).toInt(), 1);
    ASSERT_TRUE(q.exec(QStringLiteral("DELETE FROM examples WHERE id = 5000")));
    EXPECT_EQ(scalar(db, QStringLiteral("SELECT count(*) FROM examples_fts "
                                        "WHERE examples_fts MATCH 'z*'")).toInt(), 0);
    EXPECT_TRUE(ftsIntact(db, &why)) << why.toStdString();
    store.close();
}

TEST(FtsPrefixMigration, NewProjectHasThePrefixIndexes) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    ProjectStore store;
    const OpenResult opened = store.open(dir.filePath(QStringLiteral("new.tsproj")),
                                         OpenMode::CreateNew);
    ASSERT_TRUE(opened.ok) << opened.error.toStdString();
    const QString sql =
        scalar(store.database(),
               QStringLiteral("SELECT sql FROM sqlite_master WHERE name = 'examples_fts'"))
            .toString();
    EXPECT_TRUE(sql.contains(QStringLiteral("prefix = '1 2 3'"))) << sql.toStdString();
    // The triggers of migrations 1 and 2 survive the table being made again.
    EXPECT_EQ(scalar(store.database(),
                     QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                    "AND name IN ('examples_fts_insert', 'examples_fts_delete', "
                                    "'examples_fts_update')")).toInt(), 3);
    store.close();
}
