// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the dataset tests: a QCoreApplication (Qt finds the QSQLITE plugin through it) and a
// fresh project in a temporary folder.
#include "app/store/project_store.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QVariant>

#include <memory>

namespace ts::test {

// The first column of the first row of `sql` (a test failure when there is none).
inline QVariant scalar(QSqlDatabase db, const QString& sql) {
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next()) {
        ADD_FAILURE() << sql.toStdString() << ": " << q.lastError().text().toStdString();
        return {};
    }
    return q.value(0);
}

// What an import killed midway leaves behind: two examples (ids firstId and firstId + 1, with
// these input texts) written while the full-text triggers stood down, so not in the index, and
// the journal entry that says so. True when every statement ran.
inline bool writeKilledImport(QSqlDatabase db, qint64 firstId, const QString& firstInput,
                              const QString& secondInput) {
    QSqlQuery q(db);
    if (!db.transaction()) return false;
    const bool ok =
        q.exec(QStringLiteral("INSERT INTO fts_bulk_mode VALUES (1)")) &&
        q.exec(QStringLiteral("INSERT INTO examples (id, kind, prompt, completion, input_text, "
                              "output_text, content_hash) VALUES (%1, 'prompt_completion', 'p', "
                              "'c', '%2', 'c', 'h1'), (%3, 'prompt_completion', 'p', 'c', '%4', "
                              "'c', 'h2')")
                   .arg(firstId)
                   .arg(firstInput)
                   .arg(firstId + 1)
                   .arg(secondInput)) &&
        q.exec(QStringLiteral("DELETE FROM fts_bulk_mode")) &&
        q.exec(QStringLiteral("INSERT INTO project_meta (key, value) VALUES "
                              "('dataset_import.pending.x', '1|%1-%2|unindexed')")
                   .arg(firstId)
                   .arg(firstId + 1));
    if (!ok) {
        ADD_FAILURE() << q.lastError().text().toStdString();
        db.rollback();
        return false;
    }
    return db.commit();
}

// FTS5's own check that the index matches the external content table (examples).
inline bool ftsIntact(QSqlDatabase db, QString* why) {
    QSqlQuery q(db);
    const bool ok = q.exec(QStringLiteral(
        "INSERT INTO examples_fts(examples_fts, rank) VALUES ('integrity-check', 1)"));
    if (!ok) *why = q.lastError().text();
    return ok;
}

class DatasetQtEnvironment : public ::testing::Environment {
public:
    void SetUp() override {
        static int argc = 1;
        static char name[] = "dataset_test";
        static char* argv[] = {name, nullptr};
        app_ = std::make_unique<QCoreApplication>(argc, argv);
    }
    void TearDown() override { app_.reset(); }

private:
    std::unique_ptr<QCoreApplication> app_;
};

inline ::testing::Environment* const datasetQtEnvironment =
    ::testing::AddGlobalTestEnvironment(new DatasetQtEnvironment);

class ProjectFixture : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(dir_.isValid());
        projectPath_ = dir_.filePath(QStringLiteral("test.tsproj"));
        const OpenResult result = store_.open(projectPath_, OpenMode::CreateNew);
        ASSERT_TRUE(result.ok) << result.error.toStdString();
    }
    void TearDown() override { store_.close(); }

    QSqlDatabase db() const { return store_.database(); }
    QString tempPath(const QString& name) const { return dir_.filePath(name); }
    QString writeFile(const QString& name, const QByteArray& bytes) const {
        const QString path = tempPath(name);
        QFile f(path);
        EXPECT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(bytes);
        return path;
    }
    qint64 count(const QString& sql) const {
        QSqlQuery q(db());
        EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
        return q.next() ? q.value(0).toLongLong() : -1;
    }

    QTemporaryDir dir_;
    QString projectPath_;
    ProjectStore store_;
};

}  // namespace ts::test
