// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A project is one SQLite database (WAL, foreign keys on) in a `.tsproj` file. ProjectStore owns
// the connection of the thread that opened it; other threads open their own with
// openConnectionForThisThread(). The engine never touches SQLite.
#include "app/store/migrations.h"

#include <QSqlDatabase>
#include <QString>

namespace ts {

enum class OpenMode { OpenExisting, CreateNew };

// Why opening failed, for callers that react differently (e.g. offer a newer app version).
enum class OpenFailure { None, NotFound, AlreadyExists, NotAProject, Corrupt, Locked,
                         ReadOnly, NewerSchema, MigrationFailed, Other };

struct OpenResult {
    bool ok = false;
    OpenFailure failure = OpenFailure::None;
    SchemaStatus schema = SchemaStatus::Failed;
    QString error;  // complete sentence: what went wrong and where (the file path)
};

class ProjectStore {
public:
    ProjectStore();
    ~ProjectStore();
    ProjectStore(const ProjectStore&) = delete;
    ProjectStore& operator=(const ProjectStore&) = delete;

    // Opens or creates the project at `path` and brings its schema up to date. On any failure
    // the file on disk is left exactly as it was and the store stays closed.
    OpenResult open(const QString& path, OpenMode mode);
    // Same, with an explicit migration list (tests inject failing steps).
    OpenResult open(const QString& path, OpenMode mode, const QList<Migration>& migrations);
    void close();

    bool isOpen() const;
    QString path() const { return path_; }
    QString projectName() const;  // stored name, or the file's base name
    QSqlDatabase database() const;  // the connection of the opening thread
    int schemaVersion() const;

    // A second connection to the same file for the calling thread (worker threads).
    // The caller removes it with QSqlDatabase::removeDatabase(name) when done.
    QSqlDatabase openConnectionForThisThread(const QString& connectionName) const;

    // Small key/value settings stored in the project (name, guided-check answer, cadence…).
    QString meta(const QString& key, const QString& fallback = {}) const;
    bool setMeta(const QString& key, const QString& value);

    static QString fileSuffix() { return QStringLiteral("tsproj"); }

private:
    QString path_;
    QString connectionName_;
};

}  // namespace ts
