// SPDX-License-Identifier: GPL-3.0-or-later
// migrate() on plain SQLite files: every outcome (Created, Upgraded, Current, NewerIncompatible,
// Failed), and properties of the real schema (enumerations checked, foreign keys indexed).
#include "app/store/migrations.h"
#include "app/store/project_store.h"
#include "store_test_support.h"

#include <gtest/gtest.h>

#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>

namespace ts {
namespace {

using test::RawConnection;

Migration step(int version, const QString& name, QStringList statements) {
    return {version, name, std::move(statements)};
}

QList<Migration> twoSteps() {
    return {step(1, QStringLiteral("first"), {QStringLiteral("CREATE TABLE one (x INTEGER)")}),
            step(2, QStringLiteral("second"), {QStringLiteral("CREATE TABLE two (y TEXT)"),
                                               QStringLiteral("INSERT INTO two VALUES ('a')")})};
}

int intOf(RawConnection& c, const QString& sql) { return c.scalar(sql).toInt(); }

bool tableExists(RawConnection& c, const QString& name) {
    QSqlQuery query(c.db());
    query.prepare(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = ?"));
    query.addBindValue(name);
    return query.exec() && query.next() && query.value(0).toInt() == 1;
}

class MigrationsTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(dir_.isValid()); }
    QString file(const QString& name = QStringLiteral("db.sqlite")) const {
        return dir_.filePath(name);
    }
    QTemporaryDir dir_;
};

TEST_F(MigrationsTest, FreshDatabaseIsCreatedAndStamped) {
    RawConnection c(file());
    ASSERT_TRUE(c.isOpen());
    QSqlDatabase db = c.db();
    const MigrationResult result = migrate(db, twoSteps());
    EXPECT_EQ(result.status, SchemaStatus::Created) << result.error.toStdString();
    EXPECT_EQ(result.fromVersion, 0);
    EXPECT_EQ(result.toVersion, 2);
    EXPECT_EQ(intOf(c, QStringLiteral("PRAGMA user_version")), 2);
    EXPECT_EQ(intOf(c, QStringLiteral("PRAGMA application_id")), kProjectApplicationId);
    EXPECT_TRUE(tableExists(c, QStringLiteral("one")));
    EXPECT_EQ(intOf(c, QStringLiteral("SELECT count(*) FROM two")), 1);

    QSqlQuery history(db);
    ASSERT_TRUE(history.exec(
        QStringLiteral("SELECT version, name, applied_at FROM schema_history ORDER BY version")));
    const QRegularExpression iso(
        QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"));
    QStringList names;
    while (history.next()) {
        EXPECT_EQ(history.value(0).toInt(), names.size() + 1);
        names << history.value(1).toString();
        EXPECT_TRUE(iso.match(history.value(2).toString()).hasMatch())
            << history.value(2).toString().toStdString();
    }
    EXPECT_EQ(names, (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
}

TEST_F(MigrationsTest, CurrentDatabaseIsNotWritten) {
    {
        RawConnection c(file());
        QSqlDatabase db = c.db();
        ASSERT_EQ(migrate(db, twoSteps()).status, SchemaStatus::Created);
    }
    const QByteArray before = test::fileBytes(file());
    ASSERT_FALSE(before.isEmpty());
    {
        RawConnection c(file());
        QSqlDatabase db = c.db();
        const MigrationResult result = migrate(db, twoSteps());
        EXPECT_EQ(result.status, SchemaStatus::Current);
        EXPECT_EQ(result.fromVersion, 2);
        EXPECT_EQ(result.toVersion, 2);
        EXPECT_TRUE(result.error.isEmpty());
    }
    EXPECT_EQ(test::fileBytes(file()), before);
}

TEST_F(MigrationsTest, OlderDatabaseIsUpgradedStepByStep) {
    {
        RawConnection c(file());
        QSqlDatabase db = c.db();
        ASSERT_EQ(migrate(db, twoSteps().mid(0, 1)).status, SchemaStatus::Created);
        ASSERT_FALSE(tableExists(c, QStringLiteral("two")));
    }
    RawConnection c(file());
    QSqlDatabase db = c.db();
    const MigrationResult result = migrate(db, twoSteps());
    EXPECT_EQ(result.status, SchemaStatus::Upgraded) << result.error.toStdString();
    EXPECT_EQ(result.fromVersion, 1);
    EXPECT_EQ(result.toVersion, 2);
    EXPECT_TRUE(tableExists(c, QStringLiteral("two")));
    EXPECT_EQ(intOf(c, QStringLiteral("SELECT count(*) FROM schema_history")), 2);
    EXPECT_EQ(intOf(c, QStringLiteral("PRAGMA user_version")), 2);
}

TEST_F(MigrationsTest, NewerDatabaseIsRefusedUntouched) {
    {
        RawConnection c(file());
        ASSERT_TRUE(c.exec(QStringLiteral("CREATE TABLE t (x)")));
        ASSERT_TRUE(c.exec(QStringLiteral("PRAGMA user_version = 7")));
    }
    const QByteArray before = test::fileBytes(file());
    {
        RawConnection c(file());
        QSqlDatabase db = c.db();
        const MigrationResult result = migrate(db, twoSteps());
        EXPECT_EQ(result.status, SchemaStatus::NewerIncompatible);
        EXPECT_EQ(result.fromVersion, 7);
        EXPECT_TRUE(result.error.contains(QStringLiteral(
            "created by a newer version of Tuning Studio (schema 7, this version knows up to 2)")))
            << result.error.toStdString();
        EXPECT_FALSE(tableExists(c, QStringLiteral("schema_history")));
    }
    EXPECT_EQ(test::fileBytes(file()), before);
}

TEST_F(MigrationsTest, FailingStepRollsBackToThePreviousVersion) {
    QList<Migration> migrations = twoSteps();
    // A good statement, then one that fails: the good one must be undone too.
    migrations[1].statements = {QStringLiteral("CREATE TABLE two (y TEXT)"),
                                QStringLiteral("INSERT INTO no_such_table VALUES (1)")};
    RawConnection c(file());
    QSqlDatabase db = c.db();
    const MigrationResult result = migrate(db, migrations);
    EXPECT_EQ(result.status, SchemaStatus::Failed);
    EXPECT_EQ(result.fromVersion, 0);
    EXPECT_EQ(result.toVersion, 1);
    EXPECT_TRUE(result.error.contains(QStringLiteral("migration 2 (second) statement 2 of 2")))
        << result.error.toStdString();
    EXPECT_TRUE(result.error.contains(QStringLiteral("no_such_table")))
        << result.error.toStdString();
    EXPECT_EQ(intOf(c, QStringLiteral("PRAGMA user_version")), 1);
    EXPECT_TRUE(tableExists(c, QStringLiteral("one")));
    EXPECT_FALSE(tableExists(c, QStringLiteral("two")));
    EXPECT_EQ(intOf(c, QStringLiteral("SELECT max(version) FROM schema_history")), 1);
    // The connection is usable afterwards: no transaction was left open.
    EXPECT_TRUE(c.exec(QStringLiteral("BEGIN"))) << c.lastError().toStdString();
    EXPECT_TRUE(c.exec(QStringLiteral("ROLLBACK")));
}

TEST_F(MigrationsTest, GapInNumberingIsRefusedBeforeWriting) {
    QList<Migration> migrations = twoSteps();
    migrations[1].version = 3;
    RawConnection c(file());
    QSqlDatabase db = c.db();
    const MigrationResult result = migrate(db, migrations);
    EXPECT_EQ(result.status, SchemaStatus::Failed);
    EXPECT_TRUE(result.error.contains(QStringLiteral("not numbered"))) << result.error.toStdString();
    EXPECT_EQ(intOf(c, QStringLiteral("SELECT count(*) FROM sqlite_master")), 0);
    EXPECT_EQ(intOf(c, QStringLiteral("PRAGMA user_version")), 0);
}

TEST_F(MigrationsTest, StepLeavingBrokenForeignKeyFailsAndForeignKeysStayOn) {
    const QList<Migration> migrations = {
        step(1, QStringLiteral("parent"),
             {QStringLiteral("CREATE TABLE parent (id INTEGER PRIMARY KEY)")}),
        step(2, QStringLiteral("orphan"),
             {QStringLiteral("CREATE TABLE child (p INTEGER REFERENCES parent(id))"),
              QStringLiteral("INSERT INTO child VALUES (42)")})};
    RawConnection c(file());
    ASSERT_TRUE(c.exec(QStringLiteral("PRAGMA foreign_keys = ON")));
    QSqlDatabase db = c.db();
    const MigrationResult result = migrate(db, migrations);
    EXPECT_EQ(result.status, SchemaStatus::Failed);
    EXPECT_TRUE(result.error.contains(QStringLiteral("foreign key"))) << result.error.toStdString();
    EXPECT_FALSE(tableExists(c, QStringLiteral("child")));
    EXPECT_EQ(intOf(c, QStringLiteral("PRAGMA foreign_keys")), 1);
}

// --- The real schema ---------------------------------------------------------------------

class ProjectSchemaTest : public MigrationsTest {
protected:
    void SetUp() override {
        MigrationsTest::SetUp();
        c_ = std::make_unique<RawConnection>(file());
        ASSERT_TRUE(c_->exec(QStringLiteral("PRAGMA foreign_keys = ON")));
        QSqlDatabase db = c_->db();
        const MigrationResult result = migrate(db);
        ASSERT_EQ(result.status, SchemaStatus::Created) << result.error.toStdString();
    }
    bool exec(const QString& sql) { return c_->exec(sql); }
    std::unique_ptr<RawConnection> c_;
};

TEST_F(ProjectSchemaTest, LatestVersionMatchesTheList) {
    EXPECT_EQ(latestSchemaVersion(), projectMigrations().size());
    EXPECT_EQ(intOf(*c_, QStringLiteral("PRAGMA user_version")), latestSchemaVersion());
    EXPECT_EQ(intOf(*c_, QStringLiteral("PRAGMA foreign_keys")), 1);
    EXPECT_EQ(c_->scalar(QStringLiteral("PRAGMA quick_check")).toString(), QStringLiteral("ok"));
}

// Deleting a parent row scans the child table unless the child's key column leads an index.
TEST_F(ProjectSchemaTest, EveryForeignKeyColumnLeadsAnIndex) {
    QSqlQuery tables(c_->db());
    ASSERT_TRUE(tables.exec(QStringLiteral(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
        "AND name NOT LIKE 'examples_fts%'")));
    int foreignKeys = 0;
    while (tables.next()) {
        const QString table = tables.value(0).toString();
        QSet<QString> leading;  // first column of each index, including primary keys
        QSqlQuery indexes(c_->db());
        ASSERT_TRUE(indexes.exec(QStringLiteral("SELECT name FROM pragma_index_list('%1')").arg(table)));
        while (indexes.next()) {
            QSqlQuery info(c_->db());
            ASSERT_TRUE(info.exec(QStringLiteral("SELECT name FROM pragma_index_info('%1') "
                                                 "WHERE seqno = 0").arg(indexes.value(0).toString())));
            if (info.next()) leading.insert(info.value(0).toString());
        }
        QSqlQuery pk(c_->db());
        ASSERT_TRUE(pk.exec(QStringLiteral("SELECT name FROM pragma_table_info('%1') WHERE pk = 1")
                                .arg(table)));
        if (pk.next()) leading.insert(pk.value(0).toString());

        QSqlQuery keys(c_->db());
        ASSERT_TRUE(keys.exec(QStringLiteral("SELECT \"from\" FROM pragma_foreign_key_list('%1')")
                                  .arg(table)));
        while (keys.next()) {
            ++foreignKeys;
            EXPECT_TRUE(leading.contains(keys.value(0).toString()))
                << table.toStdString() << "." << keys.value(0).toString().toStdString()
                << " has no index";
        }
    }
    EXPECT_GE(foreignKeys, 20);
}

TEST_F(ProjectSchemaTest, EnumeratedColumnsRejectUnknownValues) {
    ASSERT_TRUE(exec(QStringLiteral("INSERT INTO datasets (id, name) VALUES (1, 'd')")));
    ASSERT_TRUE(exec(QStringLiteral(
        "INSERT INTO dataset_versions (id, dataset_id, version_number, content_hash, source) "
        "VALUES (1, 1, 1, 'h', 'import')")));
    ASSERT_TRUE(exec(QStringLiteral(
        "INSERT INTO examples (id, kind, prompt, completion, content_hash) "
        "VALUES (1, 'prompt_completion', 'p', 'c', 'h')")));
    ASSERT_TRUE(exec(QStringLiteral("INSERT INTO annotators (id, name) VALUES (1, 'ann')")));
    // The run uses its own version: using one freezes it against new members.
    ASSERT_TRUE(exec(QStringLiteral(
        "INSERT INTO dataset_versions (id, dataset_id, version_number, content_hash, source) "
        "VALUES (10, 1, 10, 'h', 'import')")));
    ASSERT_TRUE(exec(QStringLiteral(
        "INSERT INTO runs (id, name, recipe_snapshot, dataset_version_id, base_model) "
        "VALUES (1, 'r', '{}', 10, 'm')")));

    struct Case { const char* bad; const char* good; };
    const Case cases[] = {
        {"INSERT INTO datasets (name, kind) VALUES ('x', 'bogus')",
         "INSERT INTO datasets (name, kind) VALUES ('x', 'general_capability')"},
        {"INSERT INTO dataset_versions (dataset_id, version_number, content_hash, source) "
         "VALUES (1, 2, 'h', 'bogus')",
         "INSERT INTO dataset_versions (dataset_id, version_number, content_hash, source) "
         "VALUES (1, 2, 'h', 'curation')"},
        {"INSERT INTO examples (kind, content_hash) VALUES ('bogus', 'h')",
         "INSERT INTO examples (kind, text, label, content_hash) "
         "VALUES ('classification', 't', 'l', 'h')"},
        {"INSERT INTO version_examples VALUES (1, 1, 'bogus', 0)",
         "INSERT INTO version_examples VALUES (1, 1, 'train', 0)"},
        {"INSERT INTO example_flags (example_id, flag) VALUES (1, 'bogus')",
         "INSERT INTO example_flags (example_id, flag) VALUES (1, 'needs_review')"},
        {"INSERT INTO annotations (example_id, annotator_id, kind) VALUES (1, 1, 'bogus')",
         "INSERT INTO annotations (example_id, annotator_id, kind) VALUES (1, 1, 'accept')"},
        {"UPDATE runs SET status = 'bogus' WHERE id = 1",
         "UPDATE runs SET status = 'interrupted' WHERE id = 1"},
        {"INSERT INTO adapter_versions (name, stage, path, sha256, base_model) "
         "VALUES ('a', 'bogus', 'p', hex(zeroblob(32)), 'm')",
         "INSERT INTO adapter_versions (name, stage, path, sha256, base_model) "
         "VALUES ('a', 'archived', 'p', hex(zeroblob(32)), 'm')"},
        {"INSERT INTO eval_suites (name, dataset_version_id, split) VALUES ('s', 1, 'bogus')",
         "INSERT INTO eval_suites (name, dataset_version_id, split) VALUES ('s', 1, 'eval')"},
        {"INSERT INTO eval_runs (suite_id, verdict) VALUES (1, 'bogus')",
         "INSERT INTO eval_runs (suite_id, verdict) VALUES (1, 'no_go')"},
        {"INSERT INTO production_logs (source_file, line, input_text, status) "
         "VALUES ('f', 1, 'i', 'bogus')",
         "INSERT INTO production_logs (source_file, line, input_text, status) "
         "VALUES ('f', 1, 'i', 'approved')"},
        // A kind's required fields: a label annotation without a label.
        {"INSERT INTO annotations (example_id, annotator_id, kind) VALUES (1, 1, 'label')",
         "INSERT INTO annotations (example_id, annotator_id, kind, comment) "
         "VALUES (1, 1, 'comment', 'why')"},
        {"INSERT INTO recipes (name, recipe_json) VALUES ('r', '{not json')",
         "INSERT INTO recipes (name, recipe_json) VALUES ('r', '{\"lr\": 0.0002}')"},
    };
    for (const Case& c : cases) {
        EXPECT_FALSE(exec(QString::fromUtf8(c.bad))) << "accepted: " << c.bad;
        EXPECT_TRUE(c_->lastError().contains(QStringLiteral("CHECK constraint failed")))
            << c.bad << " -> " << c_->lastError().toStdString();
        EXPECT_TRUE(exec(QString::fromUtf8(c.good)))
            << c.good << " -> " << c_->lastError().toStdString();
    }
}

TEST_F(ProjectSchemaTest, AtMostOneProductionAdapter) {
    const QString insert = QStringLiteral(
        "INSERT INTO adapter_versions (name, stage, path, sha256, base_model) "
        "VALUES ('%1', '%2', 'p', hex(zeroblob(32)), 'm')");
    ASSERT_TRUE(exec(insert.arg(QStringLiteral("a"), QStringLiteral("production"))));
    EXPECT_FALSE(exec(insert.arg(QStringLiteral("b"), QStringLiteral("production"))));
    ASSERT_TRUE(exec(insert.arg(QStringLiteral("b"), QStringLiteral("candidate"))));
    // Promotion in the documented order: demote the old one, then promote.
    ASSERT_TRUE(exec(QStringLiteral("UPDATE adapter_versions SET stage = 'archived' WHERE name = 'a'")));
    EXPECT_TRUE(exec(QStringLiteral("UPDATE adapter_versions SET stage = 'production' WHERE name = 'b'")))
        << c_->lastError().toStdString();
}

TEST_F(ProjectSchemaTest, ExamplesAreImmutableExceptTheTokenCountCache) {
    ASSERT_TRUE(exec(QStringLiteral(
        "INSERT INTO examples (id, kind, messages_json, input_text, content_hash) "
        "VALUES (1, 'chat', '[{\"role\":\"user\",\"content\":\"hi\"}]', 'hi', 'h')")));
    EXPECT_FALSE(exec(QStringLiteral("UPDATE examples SET input_text = 'changed' WHERE id = 1")));
    EXPECT_TRUE(c_->lastError().contains(QStringLiteral("immutable")))
        << c_->lastError().toStdString();
    EXPECT_TRUE(exec(QStringLiteral("UPDATE examples SET token_count = 12 WHERE id = 1")))
        << c_->lastError().toStdString();
    EXPECT_FALSE(exec(QStringLiteral(
        "INSERT INTO examples (kind, messages_json, content_hash) VALUES ('chat', '[oops', 'h')")));
}

TEST_F(ProjectSchemaTest, DefaultTimestampsUseTheSameFormatAsTheApp) {
    ASSERT_TRUE(exec(QStringLiteral("INSERT INTO datasets (id, name) VALUES (7, 'd')")));
    const QString fromSql = c_->scalar(QStringLiteral("SELECT created FROM datasets WHERE id = 7")).toString();
    const QString fromApp = utcTimestampNow();
    const QRegularExpression iso(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"));
    EXPECT_TRUE(iso.match(fromSql).hasMatch()) << fromSql.toStdString();
    EXPECT_TRUE(iso.match(fromApp).hasMatch()) << fromApp.toStdString();
    EXPECT_LE(fromSql, fromApp);  // written first, and both sort as text
}

}  // namespace
}  // namespace ts
