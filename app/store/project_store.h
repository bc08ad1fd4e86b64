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
    int fromVersion = 0;  // schema version found in the file (0 for a new project)
    int toVersion = 0;    // schema version the file has now
};

// The current time as the schema stores timestamps: ISO-8601 UTC with milliseconds,
// "2024-05-01T12:00:00.123Z" (the same form as the SQL column defaults, so both sort together).
QString utcTimestampNow();

class ProjectStore {
public:
    ProjectStore();
    ~ProjectStore();
    ProjectStore(const ProjectStore&) = delete;
    ProjectStore& operator=(const ProjectStore&) = delete;

    // Opens or creates the project at `path` and brings its schema up to date. On a failure the
    // store stays closed and an existing file is left byte-identical (a new one is removed);
    // the one exception is an upgrade over several steps that fails at step k: the steps before
    // k stay committed (each step is its own transaction), so the file is at version k-1.
    OpenResult open(const QString& path, OpenMode mode);
    // Same, with an explicit migration list (tests inject failing steps).
    OpenResult open(const QString& path, OpenMode mode, const QList<Migration>& migrations);
    // Closes the connection of the opening thread. Every QSqlQuery on it must be gone by then.
    void close();

    // How long a statement waits for another connection's lock before failing (default 5 s).
    // Applies to the next open() and to connections made by openConnectionForThisThread().
    void setBusyTimeoutMs(int ms) { busyTimeoutMs_ = ms; }
    int busyTimeoutMs() const { return busyTimeoutMs_; }

    bool isOpen() const;
    QString path() const { return path_; }
    QString projectName() const;  // stored name, or the file's base name
    QSqlDatabase database() const;  // the connection of the opening thread
    int schemaVersion() const;

    // A second connection to the same file for the calling thread (worker threads), with the
    // same settings (foreign keys on, busy timeout). The caller closes it and removes it with
    // QSqlDatabase::removeDatabase(name) when done. If the store is closed or the file cannot be
    // opened, the returned connection is not open (isOpen() false; lastError() says why).
    QSqlDatabase openConnectionForThisThread(const QString& connectionName) const;

    // Small key/value settings stored in the project (name, guided-check answer, cadence…).
    // setMeta returns false (nothing written) when the store is closed or the write fails.
    QString meta(const QString& key, const QString& fallback = {}) const;
    bool setMeta(const QString& key, const QString& value);

    // Files up to this size get a full PRAGMA quick_check on open; larger ones only through
    // checkIntegrity() (it reads every page), otherwise damage shows as a failing query.
    static constexpr qint64 kOpenCheckMaxBytes = qint64(512) << 20;
    // SQLite's quick_check on the open project: empty when intact, else what is wrong.
    QString checkIntegrity() const;

    static QString fileSuffix() { return QStringLiteral("tsproj"); }

    // Whether open(path, OpenExisting) would migrate the file: one of our projects at an older
    // schema. Reads only (a read-only connection of the calling thread); false when the file is
    // missing, unreadable or not a project (open() then says why). Lets the GUI run a long
    // upgrade (a step may rebuild the full-text index) on a worker thread first.
    static bool needsUpgrade(const QString& path,
                             const QList<Migration>& migrations = projectMigrations());

private:
    QString path_;
    QString connectionName_;
    int schemaVersion_ = 0;
    int busyTimeoutMs_ = 5000;
};

}  // namespace ts
