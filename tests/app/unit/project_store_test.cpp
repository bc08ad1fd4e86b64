// SPDX-License-Identifier: GPL-3.0-or-later
// ProjectStore::open on real files: a fresh project, re-open, upgrade, every kind of bad input
// (each must leave the file byte-identical), and the schema's behaviour through the store.
#include "app/store/project_store.h"
#include "store_test_support.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <thread>
#include <unistd.h>

namespace ts {
namespace {

using test::RawConnection;

QList<Migration> withExtraStep(QStringList statements) {
    QList<Migration> migrations = projectMigrations();
    migrations.append({latestSchemaVersion() + 1, QStringLiteral("extra step"),
                       std::move(statements)});
    return migrations;
}

QStringList schemaHistory(RawConnection& c) {
    QSqlQuery query(c.db());
    QStringList rows;
    if (!query.exec(QStringLiteral(
            "SELECT version, name, applied_at FROM schema_history ORDER BY version"))) {
        return {QStringLiteral("error: ") + query.lastError().text()};
    }
    while (query.next()) {
        rows << QStringLiteral("%1|%2|%3").arg(query.value(0).toString(),
                                               query.value(1).toString(),
                                               query.value(2).toString());
    }
    return rows;
}

std::string str(const QString& s) { return s.toStdString(); }

class ProjectStoreTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(dir_.isValid()); }
    QString path(const QString& name = QStringLiteral("demo.tsproj")) const {
        return dir_.filePath(name);
    }
    // A closed, freshly created project on disk.
    void createProject(const QString& file) {
        ProjectStore store;
        const OpenResult result = store.open(file, OpenMode::CreateNew);
        ASSERT_TRUE(result.ok) << str(result.error);
    }
    static bool hasSidecars(const QString& file) {
        return QFileInfo::exists(file + QStringLiteral("-wal")) ||
               QFileInfo::exists(file + QStringLiteral("-shm")) ||
               QFileInfo::exists(file + QStringLiteral("-journal"));
    }
    // Opening `file` must fail with `failure`, name the file, and leave its bytes as they were.
    void expectRefusedUntouched(const QString& file, OpenMode mode, OpenFailure failure,
                                const QString& phrase) {
        const QByteArray before = test::fileBytes(file);
        ProjectStore store;
        store.setBusyTimeoutMs(100);
        const OpenResult result = store.open(file, mode);
        EXPECT_FALSE(result.ok);
        EXPECT_FALSE(store.isOpen());
        EXPECT_EQ(result.failure, failure) << str(result.error);
        EXPECT_TRUE(result.error.contains(QDir::toNativeSeparators(file))) << str(result.error);
        EXPECT_TRUE(result.error.contains(phrase)) << str(result.error);
        EXPECT_EQ(test::fileBytes(file), before);
    }
    QTemporaryDir dir_;
};

TEST_F(ProjectStoreTest, CreateNewBuildsTheWholeSchema) {
    ProjectStore store;
    const OpenResult result = store.open(path(), OpenMode::CreateNew);
    ASSERT_TRUE(result.ok) << str(result.error);
    EXPECT_EQ(result.failure, OpenFailure::None);
    EXPECT_EQ(result.schema, SchemaStatus::Created);
    EXPECT_EQ(result.fromVersion, 0);
    EXPECT_EQ(result.toVersion, latestSchemaVersion());
    EXPECT_EQ(store.schemaVersion(), latestSchemaVersion());
    EXPECT_EQ(store.path(), QFileInfo(path()).absoluteFilePath());

    QSqlDatabase db = store.database();
    ASSERT_TRUE(db.isOpen());
    const QStringList expectedTables = {
        QStringLiteral("project_meta"), QStringLiteral("datasets"),
        QStringLiteral("dataset_versions"), QStringLiteral("examples"),
        QStringLiteral("version_examples"), QStringLiteral("examples_fts"),
        QStringLiteral("labels"), QStringLiteral("tags"), QStringLiteral("example_tags"),
        QStringLiteral("example_flags"), QStringLiteral("annotators"),
        QStringLiteral("annotations"), QStringLiteral("recipes"), QStringLiteral("runs"),
        QStringLiteral("run_metrics"), QStringLiteral("adapter_versions"),
        QStringLiteral("adapter_stage_history"), QStringLiteral("eval_suites"),
        QStringLiteral("eval_runs"), QStringLiteral("eval_metric_results"),
        QStringLiteral("eval_example_results"), QStringLiteral("production_logs"),
        QStringLiteral("schema_history")};
    const QStringList tables = db.tables(QSql::Tables);
    for (const QString& table : expectedTables) {
        EXPECT_TRUE(tables.contains(table)) << "missing table " << str(table);
    }

    QSqlQuery query(db);
    auto scalar = [&](const QString& sql) {
        EXPECT_TRUE(query.exec(sql) && query.next()) << str(sql);
        return query.value(0);
    };
    EXPECT_EQ(scalar(QStringLiteral("PRAGMA user_version")).toInt(), latestSchemaVersion());
    EXPECT_EQ(scalar(QStringLiteral("PRAGMA application_id")).toInt(), kProjectApplicationId);
    EXPECT_EQ(scalar(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    EXPECT_EQ(scalar(QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM schema_history")).toInt(),
              latestSchemaVersion());
    EXPECT_EQ(scalar(QStringLiteral("SELECT name FROM schema_history WHERE version = 1")).toString(),
              projectMigrations().first().name);
}

TEST_F(ProjectStoreTest, ReopenIsCurrentAndWritesNothing) {
    createProject(path());
    QStringList historyBefore;
    {
        RawConnection c(path());
        historyBefore = schemaHistory(c);
    }
    ASSERT_EQ(historyBefore.size(), latestSchemaVersion());
    const QByteArray before = test::fileBytes(path());
    ASSERT_FALSE(before.isEmpty());
    {
        ProjectStore store;
        const OpenResult result = store.open(path(), OpenMode::OpenExisting);
        ASSERT_TRUE(result.ok) << str(result.error);
        EXPECT_EQ(result.schema, SchemaStatus::Current);
        EXPECT_EQ(result.fromVersion, latestSchemaVersion());
    }
    EXPECT_EQ(test::fileBytes(path()), before);
    EXPECT_FALSE(hasSidecars(path()));
    RawConnection c(path());
    EXPECT_EQ(schemaHistory(c), historyBefore);
}

TEST_F(ProjectStoreTest, NewerProjectIsRefusedUntouched) {
    createProject(path());
    {
        RawConnection c(path());
        ASSERT_TRUE(c.exec(QStringLiteral("PRAGMA user_version = %1").arg(latestSchemaVersion() + 4)));
    }
    const QString expected = QStringLiteral(
        "created by a newer version of Tuning Studio (schema %1, this version knows up to %2)")
        .arg(latestSchemaVersion() + 4).arg(latestSchemaVersion());
    expectRefusedUntouched(path(), OpenMode::OpenExisting, OpenFailure::NewerSchema, expected);

    ProjectStore store;
    EXPECT_EQ(store.open(path(), OpenMode::OpenExisting).schema, SchemaStatus::NewerIncompatible);
}

TEST_F(ProjectStoreTest, FailingUpgradeStepRollsBackAndLeavesTheFileAsItWas) {
    createProject(path());
    const QByteArray before = test::fileBytes(path());
    {
        ProjectStore store;
        const OpenResult result = store.open(
            path(), OpenMode::OpenExisting,
            withExtraStep({QStringLiteral("CREATE TABLE added_by_step_two (x INTEGER)"),
                           QStringLiteral("INSERT INTO no_such_table VALUES (1)")}));
        EXPECT_FALSE(result.ok);
        EXPECT_FALSE(store.isOpen());
        EXPECT_EQ(result.failure, OpenFailure::MigrationFailed);
        EXPECT_EQ(result.schema, SchemaStatus::Failed);
        EXPECT_TRUE(result.error.contains(QStringLiteral("statement 2 of 2"))) << str(result.error);
        EXPECT_TRUE(result.error.contains(QDir::toNativeSeparators(path()))) << str(result.error);
    }
    EXPECT_EQ(test::fileBytes(path()), before);
    RawConnection c(path());
    EXPECT_EQ(c.scalar(QStringLiteral("PRAGMA user_version")).toInt(), latestSchemaVersion());
    EXPECT_EQ(c.scalar(QStringLiteral(
                  "SELECT count(*) FROM sqlite_master WHERE name = 'added_by_step_two'")).toInt(), 0);
}

TEST_F(ProjectStoreTest, UpgradeRunsTheNewStep) {
    createProject(path());
    ProjectStore store;
    const OpenResult result = store.open(
        path(), OpenMode::OpenExisting,
        withExtraStep({QStringLiteral("CREATE TABLE added_by_step_two (x INTEGER)"),
                       QStringLiteral("INSERT INTO project_meta VALUES ('upgraded', 'yes')")}));
    ASSERT_TRUE(result.ok) << str(result.error);
    EXPECT_EQ(result.schema, SchemaStatus::Upgraded);
    EXPECT_EQ(result.fromVersion, latestSchemaVersion());
    EXPECT_EQ(result.toVersion, latestSchemaVersion() + 1);
    EXPECT_EQ(store.schemaVersion(), latestSchemaVersion() + 1);
    EXPECT_EQ(store.meta(QStringLiteral("upgraded")), QStringLiteral("yes"));
    EXPECT_TRUE(store.database().tables().contains(QStringLiteral("added_by_step_two")));
    QSqlQuery query(store.database());
    ASSERT_TRUE(query.exec(QStringLiteral("SELECT name FROM schema_history ORDER BY version DESC")));
    ASSERT_TRUE(query.next());
    EXPECT_EQ(query.value(0).toString(), QStringLiteral("extra step"));
}

TEST_F(ProjectStoreTest, FailedCreateRemovesThePartialFile) {
    ProjectStore store;
    const OpenResult result =
        store.open(path(), OpenMode::CreateNew,
                   withExtraStep({QStringLiteral("CREATE TABLE fine (x)"),
                                  QStringLiteral("THIS IS NOT SQL")}));
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.failure, OpenFailure::MigrationFailed);
    EXPECT_TRUE(result.error.startsWith(QStringLiteral("Cannot create project"))) << str(result.error);
    EXPECT_FALSE(QFileInfo::exists(path()));
    EXPECT_FALSE(hasSidecars(path()));
}

TEST_F(ProjectStoreTest, MissingFileIsNotCreatedByOpenExisting) {
    ProjectStore store;
    const OpenResult result = store.open(path(), OpenMode::OpenExisting);
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.failure, OpenFailure::NotFound);
    EXPECT_TRUE(result.error.contains(QDir::toNativeSeparators(path()))) << str(result.error);
    EXPECT_TRUE(result.error.contains(QStringLiteral("does not exist"))) << str(result.error);
    EXPECT_FALSE(QFileInfo::exists(path()));
    EXPECT_FALSE(hasSidecars(path()));
}

TEST_F(ProjectStoreTest, CreateNewOverAnExistingFileIsRefused) {
    createProject(path());
    expectRefusedUntouched(path(), OpenMode::CreateNew, OpenFailure::AlreadyExists,
                           QStringLiteral("already exists"));
    const QString text = path(QStringLiteral("notes.tsproj"));
    ASSERT_TRUE(test::writeBytes(text, "my notes\n"));
    expectRefusedUntouched(text, OpenMode::CreateNew, OpenFailure::AlreadyExists,
                           QStringLiteral("already exists"));
}

TEST_F(ProjectStoreTest, FilesThatAreNotSqliteAreRefusedBeforeSqliteSeesThem) {
    struct Case { const char* name; QByteArray bytes; const char* phrase; };
    const Case cases[] = {
        {"text.tsproj", QByteArray("This is a text file, long enough to have a header.\n"),
         "not an SQLite database"},
        {"short.tsproj", QByteArray("SQLite"), "not an SQLite database"},
        {"empty.tsproj", QByteArray(), "empty"},
        // The header without its terminating zero byte.
        {"almost.tsproj", QByteArray("SQLite format 3!and more bytes after it"),
         "not an SQLite database"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        const QString file = path(QString::fromUtf8(c.name));
        ASSERT_TRUE(test::writeBytes(file, c.bytes));
        expectRefusedUntouched(file, OpenMode::OpenExisting, OpenFailure::NotAProject,
                               QString::fromUtf8(c.phrase));
        EXPECT_FALSE(hasSidecars(file));
    }
    expectRefusedUntouched(dir_.path(), OpenMode::OpenExisting, OpenFailure::NotAProject,
                           QStringLiteral("folder"));
}

TEST_F(ProjectStoreTest, SqliteDatabaseOfAnotherProgramIsRefused) {
    const QString file = path(QStringLiteral("other.db"));
    {
        RawConnection c(file);
        ASSERT_TRUE(c.exec(QStringLiteral("CREATE TABLE contacts (name TEXT)")));
        ASSERT_TRUE(c.exec(QStringLiteral("INSERT INTO contacts VALUES ('Ada')")));
    }
    expectRefusedUntouched(file, OpenMode::OpenExisting, OpenFailure::NotAProject,
                           QStringLiteral("another program"));
    // Another program's id, even with no tables yet.
    const QString claimed = path(QStringLiteral("claimed.db"));
    {
        RawConnection c(claimed);
        ASSERT_TRUE(c.exec(QStringLiteral("PRAGMA application_id = 1234")));
    }
    expectRefusedUntouched(claimed, OpenMode::OpenExisting, OpenFailure::NotAProject,
                           QStringLiteral("another program"));
}

TEST_F(ProjectStoreTest, CorruptProjectIsRefusedUntouched) {
    createProject(path());
    {
        ProjectStore store;  // add rows so that the file has several pages
        ASSERT_TRUE(store.open(path(), OpenMode::OpenExisting).ok);
        for (int i = 0; i < 50; ++i) {
            ASSERT_TRUE(store.setMeta(QStringLiteral("key%1").arg(i), QString(200, QLatin1Char('x'))));
        }
    }
    const QByteArray good = test::fileBytes(path());
    ASSERT_GT(good.size(), 8192);
    const int pageSize = (static_cast<unsigned char>(good[16]) << 8) |
                         static_cast<unsigned char>(good[17]);
    ASSERT_GE(pageSize, 512);

    auto garbage = [](QByteArray bytes, int from) {
        for (int i = from; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 131 + 7) & 0xff);
        return bytes;
    };
    // Page 1 (the schema) destroyed after the 100-byte header: the first query fails.
    const QString page1 = path(QStringLiteral("page1.tsproj"));
    ASSERT_TRUE(test::writeBytes(page1, garbage(good, 100)));
    expectRefusedUntouched(page1, OpenMode::OpenExisting, OpenFailure::Corrupt,
                           QStringLiteral("damaged"));
    // Every page after the first destroyed: the schema (several pages) no longer reads.
    const QString rest = path(QStringLiteral("rest.tsproj"));
    ASSERT_TRUE(test::writeBytes(rest, garbage(good, pageSize)));
    expectRefusedUntouched(rest, OpenMode::OpenExisting, OpenFailure::Corrupt,
                           QStringLiteral("damaged"));
    // Only the data of one table destroyed: the schema reads, the integrity check fails.
    int rootPage = 0;
    {
        RawConnection c(path());
        rootPage = c.scalar(QStringLiteral(
            "SELECT rootpage FROM sqlite_master WHERE name = 'project_meta'")).toInt();
    }
    ASSERT_GT(rootPage, 1);
    QByteArray dataPage = good;
    const QByteArray smashed = garbage(QByteArray(pageSize, '\0'), 0);
    dataPage.replace((rootPage - 1) * pageSize, pageSize, smashed);
    const QString table = path(QStringLiteral("table.tsproj"));
    ASSERT_TRUE(test::writeBytes(table, dataPage));
    expectRefusedUntouched(table, OpenMode::OpenExisting, OpenFailure::Corrupt,
                           QStringLiteral("integrity check"));
}

TEST_F(ProjectStoreTest, ProjectLockedByAnotherProgramIsRefused) {
    createProject(path());
    const QByteArray before = test::fileBytes(path());
    {
        RawConnection other(path());
        ASSERT_TRUE(other.exec(QStringLiteral("BEGIN EXCLUSIVE"))) << str(other.lastError());
        expectRefusedUntouched(path(), OpenMode::OpenExisting, OpenFailure::Locked,
                               QStringLiteral("locked by another program"));
        ASSERT_TRUE(other.exec(QStringLiteral("ROLLBACK")));
    }
    EXPECT_EQ(test::fileBytes(path()), before);
    ProjectStore store;
    EXPECT_TRUE(store.open(path(), OpenMode::OpenExisting).ok);
}

// Even root cannot create files in /proc, so this runs (and can fail) as any user.
TEST_F(ProjectStoreTest, FolderThatCannotBeWrittenIsReported) {
    const QString file = QStringLiteral("/proc/tuning-studio-store-test.tsproj");
    ASSERT_FALSE(QFileInfo::exists(file));
    ProjectStore store;
    const OpenResult result = store.open(file, OpenMode::CreateNew);
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.failure, OpenFailure::ReadOnly) << str(result.error);
    EXPECT_TRUE(result.error.contains(file)) << str(result.error);
    EXPECT_TRUE(result.error.contains(QStringLiteral("/proc"))) << str(result.error);
    EXPECT_FALSE(QFileInfo::exists(file));

    const OpenResult missing = store.open(QStringLiteral("/proc/no-such-folder/x.tsproj"),
                                          OpenMode::CreateNew);
    EXPECT_EQ(missing.failure, OpenFailure::NotFound) << str(missing.error);
    EXPECT_TRUE(missing.error.contains(QStringLiteral("folder"))) << str(missing.error);
}

// Permission bits only stop ordinary users; root passes them, so these cases need a non-root run.
TEST_F(ProjectStoreTest, ReadOnlyFolderAndFileAreReportedForOrdinaryUsers) {
    if (geteuid() == 0) GTEST_SKIP() << "running as root, which ignores permission bits";
    const QString folder = dir_.filePath(QStringLiteral("locked"));
    ASSERT_TRUE(QDir().mkdir(folder));
    ASSERT_TRUE(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));
    ProjectStore store;
    const OpenResult result = store.open(folder + QStringLiteral("/p.tsproj"), OpenMode::CreateNew);
    EXPECT_EQ(result.failure, OpenFailure::ReadOnly) << str(result.error);
    EXPECT_TRUE(result.error.contains(QStringLiteral("not writable"))) << str(result.error);
    QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    createProject(path());
    ASSERT_TRUE(QFile::setPermissions(path(), QFile::ReadOwner));
    expectRefusedUntouched(path(), OpenMode::OpenExisting, OpenFailure::ReadOnly,
                           QStringLiteral("read-only"));
    QFile::setPermissions(path(), QFile::ReadOwner | QFile::WriteOwner);
}

TEST_F(ProjectStoreTest, FullTextSearchFindsExamples) {
    ProjectStore store;
    ASSERT_TRUE(store.open(path(), OpenMode::CreateNew).ok);
    QSqlQuery query(store.database());
    ASSERT_TRUE(query.exec(QStringLiteral(
        "INSERT INTO examples (id, kind, prompt, completion, input_text, output_text, content_hash) "
        "VALUES (5, 'prompt_completion', 'Where is the café?', 'Around the corner.', "
        "'Where is the café?', 'Around the corner.', 'h5'), "
        "(6, 'prompt_completion', 'Unrelated', 'Nothing', 'Unrelated', 'Nothing', 'h6')")))
        << str(query.lastError().text());

    auto matches = [&](const QString& term) {
        QSqlQuery search(store.database());
        search.prepare(QStringLiteral("SELECT rowid FROM examples_fts WHERE examples_fts MATCH ? "
                                      "ORDER BY rowid"));
        search.addBindValue(term);
        QList<int> ids;
        if (!search.exec()) return QList<int>{-1};
        while (search.next()) ids << search.value(0).toInt();
        return ids;
    };
    EXPECT_EQ(matches(QStringLiteral("corner")), QList<int>{5});
    EXPECT_EQ(matches(QStringLiteral("cafe")), QList<int>{5});  // diacritics folded
    EXPECT_EQ(matches(QStringLiteral("output_text:where")), QList<int>{});
    EXPECT_EQ(matches(QStringLiteral("nothing")), QList<int>{6});
    ASSERT_TRUE(query.exec(QStringLiteral("DELETE FROM examples WHERE id = 5")));
    EXPECT_EQ(matches(QStringLiteral("corner")), QList<int>{});
}

TEST_F(ProjectStoreTest, ForeignKeysCascadeOrRefuseAsDesigned) {
    ProjectStore store;
    ASSERT_TRUE(store.open(path(), OpenMode::CreateNew).ok);
    QSqlQuery q(store.database());
    auto run = [&](const char* sql) {
        const bool ok = q.exec(QString::fromUtf8(sql));
        return ok ? std::string() : str(q.lastError().text());
    };
    auto count = [&](const char* sql) {
        return q.exec(QString::fromUtf8(sql)) && q.next() ? q.value(0).toInt() : -1;
    };
    ASSERT_EQ(run("INSERT INTO datasets (id, name) VALUES (1, 'scratch'), (2, 'trained')"), "");
    ASSERT_EQ(run("INSERT INTO dataset_versions (id, dataset_id, version_number, content_hash, "
                  "source) VALUES (1, 1, 1, 'a', 'import'), (2, 2, 1, 'b', 'import')"), "");
    ASSERT_EQ(run("INSERT INTO examples (id, kind, text, label, content_hash) VALUES "
                  "(1, 'classification', 't', 'l', 'h')"), "");
    ASSERT_EQ(run("INSERT INTO version_examples VALUES (1, 1, 'train', 0), (2, 1, 'eval', 0)"), "");

    // A dataset nobody trained on goes with its versions and their membership rows.
    ASSERT_EQ(run("DELETE FROM datasets WHERE id = 1"), "");
    EXPECT_EQ(count("SELECT count(*) FROM dataset_versions WHERE dataset_id = 1"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM version_examples WHERE version_id = 1"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM examples"), 1);  // examples are shared, never cascaded

    // A version a run used is frozen and keeps its dataset alive.
    ASSERT_EQ(run("INSERT INTO runs (name, recipe_snapshot, dataset_version_id, base_model) "
                  "VALUES ('r', '{}', 2, 'smollm2')"), "");
    EXPECT_EQ(count("SELECT frozen_at IS NOT NULL FROM dataset_versions WHERE id = 2"), 1);
    EXPECT_NE(run("DELETE FROM datasets WHERE id = 2").find("FOREIGN KEY"), std::string::npos);
    EXPECT_EQ(count("SELECT count(*) FROM dataset_versions WHERE id = 2"), 1);
    ASSERT_EQ(run("INSERT INTO examples (id, kind, text, label, content_hash) VALUES "
                  "(2, 'classification', 'u', 'l', 'h2')"), "");
    EXPECT_NE(run("INSERT INTO version_examples VALUES (2, 2, 'train', 1)").find("frozen"),
              std::string::npos);
    // An example still in a version cannot be deleted; a missing parent cannot be referenced.
    EXPECT_NE(run("DELETE FROM examples WHERE id = 1").find("FOREIGN KEY"), std::string::npos);
    EXPECT_NE(run("INSERT INTO example_tags (example_id, tag_id) VALUES (1, 99)").find("FOREIGN KEY"),
              std::string::npos);
}

TEST_F(ProjectStoreTest, IntegrityCheckOnDemand) {
    ProjectStore store;
    EXPECT_FALSE(store.checkIntegrity().isEmpty());  // nothing open: says so
    ASSERT_TRUE(store.open(path(), OpenMode::CreateNew).ok);
    EXPECT_EQ(store.checkIntegrity(), QString());
}

TEST_F(ProjectStoreTest, MetaRoundTripsAndPersists) {
    {
        ProjectStore store;
        ASSERT_TRUE(store.open(path(), OpenMode::CreateNew).ok);
        EXPECT_EQ(store.meta(QStringLiteral("cadence"), QStringLiteral("none")), QStringLiteral("none"));
        EXPECT_EQ(store.projectName(), QStringLiteral("demo"));
        EXPECT_TRUE(store.setMeta(QStringLiteral("cadence"), QStringLiteral("weekly")));
        EXPECT_TRUE(store.setMeta(QStringLiteral("cadence"), QStringLiteral("daily")));
        EXPECT_TRUE(store.setMeta(QStringLiteral("name"), QStringLiteral("Support bot ✓")));
        EXPECT_TRUE(store.setMeta(QStringLiteral("empty"), QString()));
        EXPECT_FALSE(store.setMeta(QString(), QStringLiteral("keys are not empty")));
    }
    ProjectStore store;
    EXPECT_EQ(store.meta(QStringLiteral("cadence"), QStringLiteral("closed")), QStringLiteral("closed"));
    EXPECT_FALSE(store.setMeta(QStringLiteral("cadence"), QStringLiteral("x")));
    ASSERT_TRUE(store.open(path(), OpenMode::OpenExisting).ok);
    EXPECT_EQ(store.meta(QStringLiteral("cadence")), QStringLiteral("daily"));
    EXPECT_EQ(store.projectName(), QStringLiteral("Support bot ✓"));
    EXPECT_EQ(store.meta(QStringLiteral("empty"), QStringLiteral("fallback")), QString());
}

TEST_F(ProjectStoreTest, WorkerThreadConnectionSeesTheProject) {
    ProjectStore store;
    ASSERT_TRUE(store.open(path(), OpenMode::CreateNew).ok);
    ASSERT_TRUE(store.setMeta(QStringLiteral("written_by"), QStringLiteral("main thread")));

    QString seen;
    int foreignKeys = -1;
    bool workerWrote = false;
    std::thread worker([&] {
        const QString name = QStringLiteral("worker_connection");
        {
            QSqlDatabase db = store.openConnectionForThisThread(name);
            if (db.isOpen()) {
                QSqlQuery q(db);
                if (q.exec(QStringLiteral("SELECT value FROM project_meta WHERE key = 'written_by'")) &&
                    q.next()) {
                    seen = q.value(0).toString();
                }
                if (q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next()) {
                    foreignKeys = q.value(0).toInt();
                }
                workerWrote = q.exec(QStringLiteral(
                    "INSERT INTO project_meta VALUES ('from_worker', 'hello')"));
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    });
    worker.join();
    EXPECT_EQ(seen, QStringLiteral("main thread"));
    EXPECT_EQ(foreignKeys, 1);
    EXPECT_TRUE(workerWrote);
    EXPECT_EQ(store.meta(QStringLiteral("from_worker")), QStringLiteral("hello"));
}

}  // namespace
}  // namespace ts
