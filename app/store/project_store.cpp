// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/store/project_store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <atomic>

namespace ts {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("ts::ProjectStore", text); }

// Every SQLite database starts with these 16 bytes. Checking them ourselves means a file that is
// not a database is refused before SQLite opens it (and perhaps creates -wal/-shm files beside it).
constexpr char kSqliteHeader[] = "SQLite format 3";  // 15 characters + the terminating zero = 16

// The sidecar files SQLite may keep next to a database.
const char* const kSidecarSuffixes[] = {"-wal", "-shm", "-journal"};

QString nextConnectionName() {
    static std::atomic<int> counter{0};
    return QStringLiteral("ts_project_%1").arg(++counter);
}

QString nativePath(const QString& path) { return QDir::toNativeSeparators(path); }

// SQLite's primary result code; Qt reports the extended code (e.g. 261 = SQLITE_BUSY_RECOVERY).
int primaryCode(const QSqlError& error) { return error.nativeErrorCode().toInt() & 0xff; }

enum SqliteCode { kBusy = 5, kLocked = 6, kReadOnly = 8, kCorrupt = 11, kCantOpen = 14,
                  kNotADatabase = 26 };

struct Failure {
    OpenFailure kind = OpenFailure::None;
    QString message;
};

// Turns an SQLite error met while opening into the failure the user should see.
Failure classify(const QString& file, const QSqlError& error) {
    const QString path = nativePath(file);
    QString detail = error.databaseText().trimmed();  // SQLite's words, without Qt's suffix
    if (detail.isEmpty()) detail = error.text().trimmed();
    switch (primaryCode(error)) {
    case kBusy:
    case kLocked:
        return {OpenFailure::Locked,
                tr("Cannot open project %1: it is locked by another program. Close the other "
                   "program (or the other Tuning Studio window) and try again.").arg(path)};
    case kCorrupt:
    case kNotADatabase:
        return {OpenFailure::Corrupt,
                tr("Cannot open project %1: the file is damaged (%2).").arg(path, detail)};
    case kReadOnly:
        return {OpenFailure::ReadOnly,
                tr("Cannot open project %1: it is read-only (%2). Tuning Studio needs to write "
                   "to the project file and its folder.").arg(path, detail)};
    case kCantOpen:
        return {OpenFailure::Other,
                tr("Cannot open project %1: SQLite cannot open the file (%2).").arg(path, detail)};
    default:
        return {OpenFailure::Other,
                tr("Cannot open project %1: %2.").arg(path, detail)};
    }
}

bool querySingle(QSqlDatabase& db, const QString& sql, QVariant* value, QSqlError* error) {
    QSqlQuery query(db);
    if (!query.exec(sql)) {
        *error = query.lastError();
        return false;
    }
    if (!query.next()) {
        *error = query.lastError();
        // A statement that returns no row is not an error of its own (e.g. a fresh database).
        *value = QVariant();
        return !error->isValid();
    }
    *value = query.value(0);
    return true;
}

// SQLite's quick_check: `verdict` is empty when the file is intact, else its first findings.
bool runQuickCheck(QSqlDatabase& db, QString* verdict, QSqlError* error) {
    QSqlQuery check(db);
    if (!check.exec(QStringLiteral("PRAGMA quick_check(5)"))) {
        *error = check.lastError();
        return false;
    }
    QStringList findings;
    while (check.next()) findings << check.value(0).toString();
    // The check may report some findings and then fail on a page it cannot read: the findings
    // say more than the error.
    if (check.lastError().isValid() && findings.isEmpty()) {
        *error = check.lastError();
        return false;
    }
    if (findings != QStringList{QStringLiteral("ok")}) {
        *verdict = findings.isEmpty() ? check.lastError().text() : findings.join(QStringLiteral("; "));
    }
    return true;
}

void removeProjectFiles(const QString& file) {
    for (const char* suffix : kSidecarSuffixes) QFile::remove(file + QLatin1String(suffix));
    QFile::remove(file);
}

// Filesystem checks that need no SQLite. For CreateNew it also creates the empty file, which
// claims the name atomically (QIODevice::NewOnly) so two windows cannot create the same project.
Failure checkFileSystem(const QString& file, OpenMode mode, bool* createdFile) {
    const QString path = nativePath(file);
    const QFileInfo info(file);
    const QFileInfo folder(info.absolutePath());

    if (mode == OpenMode::CreateNew) {
        if (info.exists() || info.isSymLink()) {
            return {OpenFailure::AlreadyExists,
                    tr("Cannot create project %1: a file with that name already exists.")
                        .arg(path)};
        }
        for (const char* suffix : kSidecarSuffixes) {
            const QString sidecar = file + QLatin1String(suffix);
            // A stale -wal file would be replayed into the new database: refuse instead.
            if (QFileInfo::exists(sidecar)) {
                return {OpenFailure::AlreadyExists,
                        tr("Cannot create project %1: a leftover file %2 is in the way. Move or "
                           "delete it first.").arg(path, nativePath(sidecar))};
            }
        }
        if (!folder.isDir()) {
            return {OpenFailure::NotFound,
                    tr("Cannot create project %1: the folder %2 does not exist.")
                        .arg(path, nativePath(folder.absoluteFilePath()))};
        }
        if (!folder.isWritable()) {
            return {OpenFailure::ReadOnly,
                    tr("Cannot create project %1: the folder %2 is not writable.")
                        .arg(path, nativePath(folder.absoluteFilePath()))};
        }
        QFile created(file);
        if (!created.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            if (QFileInfo::exists(file)) {
                return {OpenFailure::AlreadyExists,
                        tr("Cannot create project %1: a file with that name already exists.")
                            .arg(path)};
            }
            return {OpenFailure::ReadOnly,
                    tr("Cannot create project %1: cannot write in the folder %2 (%3).")
                        .arg(path, nativePath(folder.absoluteFilePath()), created.errorString())};
        }
        *createdFile = true;
        return {};
    }

    if (!info.exists()) {
        return {OpenFailure::NotFound,
                tr("Cannot open project %1: the file does not exist.").arg(path)};
    }
    if (info.isDir()) {
        return {OpenFailure::NotAProject,
                tr("Cannot open %1: it is a folder, not a Tuning Studio project file.").arg(path)};
    }
    QFile probe(file);
    if (!probe.open(QIODevice::ReadOnly)) {
        return {OpenFailure::Other,
                tr("Cannot open project %1: the file cannot be read (%2).")
                    .arg(path, probe.errorString())};
    }
    const QByteArray header = probe.read(sizeof kSqliteHeader);
    if (header.isEmpty() && probe.size() == 0) {
        return {OpenFailure::NotAProject,
                tr("Cannot open %1: the file is empty, not a Tuning Studio project.").arg(path)};
    }
    if (header != QByteArray(kSqliteHeader, sizeof kSqliteHeader)) {
        return {OpenFailure::NotAProject,
                tr("Cannot open %1: it is not a Tuning Studio project (the file is not an SQLite "
                   "database).").arg(path)};
    }
    // SQLite writes beside the database (-wal, -shm), so the folder must be writable too. Root
    // passes these checks regardless of permission bits; SQLite's own errors catch that case.
    if (!info.isWritable()) {
        return {OpenFailure::ReadOnly,
                tr("Cannot open project %1: the file is read-only. Tuning Studio needs to write "
                   "to it.").arg(path)};
    }
    if (!folder.isWritable()) {
        return {OpenFailure::ReadOnly,
                tr("Cannot open project %1: its folder %2 is not writable. Tuning Studio keeps "
                   "its write-ahead log (-wal, -shm files) next to the project.")
                    .arg(path, nativePath(folder.absoluteFilePath()))};
    }
    return {};
}

// Everything done through SQLite, in an order that writes nothing until the file is known to be
// one of our projects, at a version we understand, intact, and not locked.
Failure openAndMigrate(QSqlDatabase& db, const QString& file, int busyTimeoutMs,
                       const QList<Migration>& migrations, OpenResult* result) {
    const QString path = nativePath(file);
    if (!db.isValid()) {
        return {OpenFailure::Other,
                tr("Cannot open project %1: Qt's SQLite driver (QSQLITE) is not available.")
                    .arg(path)};
    }
    db.setDatabaseName(file);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs));
    if (!db.open()) return classify(file, db.lastError());

    QVariant value;
    QSqlError error;
    // Reading the schema is the first real access: a damaged page 1 or a lock shows up here.
    if (!querySingle(db, QStringLiteral("SELECT count(*) FROM sqlite_master"), &value, &error)) {
        return classify(file, error);
    }
    const int objectCount = value.toInt();
    if (!querySingle(db, QStringLiteral("PRAGMA application_id"), &value, &error)) {
        return classify(file, error);
    }
    const int applicationId = value.toInt();
    if (!querySingle(db, QStringLiteral("PRAGMA user_version"), &value, &error)) {
        return classify(file, error);
    }
    const int fileVersion = value.toInt();
    result->fromVersion = fileVersion;

    // An empty database (no tables, no id) may become a project; anything else must carry our id.
    if (applicationId != kProjectApplicationId && (applicationId != 0 || objectCount > 0)) {
        return {OpenFailure::NotAProject,
                tr("Cannot open %1: it is an SQLite database of another program, not a Tuning "
                   "Studio project.").arg(path)};
    }
    const int latest = latestSchemaVersion(migrations);
    if (fileVersion > latest) {
        result->schema = SchemaStatus::NewerIncompatible;
        result->toVersion = fileVersion;
        return {OpenFailure::NewerSchema,
                tr("Cannot open project %1: it was created by a newer version of Tuning Studio "
                   "(schema %2, this version knows up to %3). Install a newer Tuning Studio to "
                   "open it.").arg(path).arg(fileVersion).arg(latest)};
    }
    // quick_check reads every page (about 1 s per 100 MB on a busy machine), so very large
    // projects skip it here; damage there still surfaces as a query error (SQLITE_CORRUPT).
    if (objectCount > 0 && QFileInfo(file).size() <= ProjectStore::kOpenCheckMaxBytes) {
        QString verdict;
        if (!runQuickCheck(db, &verdict, &error)) return classify(file, error);
        if (!verdict.isEmpty()) {
            return {OpenFailure::Corrupt,
                    tr("Cannot open project %1: the file is damaged (integrity check: %2).")
                        .arg(path, verdict)};
        }
    }

    // In WAL mode readers are never blocked, so a writer elsewhere only shows when we ask for
    // the write lock ourselves. BEGIN IMMEDIATE takes it without writing anything.
    {
        QSqlQuery probe(db);
        if (!probe.exec(QStringLiteral("BEGIN IMMEDIATE"))) return classify(file, probe.lastError());
        probe.exec(QStringLiteral("ROLLBACK"));
    }

    // journal_mode is stored in the file: for a project it is already 'wal' and nothing changes.
    if (!querySingle(db, QStringLiteral("PRAGMA journal_mode = WAL"), &value, &error)) {
        return classify(file, error);
    }
    if (value.toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        return {OpenFailure::Other,
                tr("Cannot open project %1: SQLite cannot use a write-ahead log here (journal "
                   "mode stays '%2'); is the folder on a network drive?")
                    .arg(path, value.toString())};
    }
    // NORMAL is durable in WAL mode except for the last commits before a power loss, and much
    // faster than FULL for the many small writes of metrics and annotations.
    querySingle(db, QStringLiteral("PRAGMA synchronous = NORMAL"), &value, &error);
    if (!querySingle(db, QStringLiteral("PRAGMA foreign_keys = ON"), &value, &error) ||
        !querySingle(db, QStringLiteral("PRAGMA foreign_keys"), &value, &error) ||
        value.toInt() != 1) {
        return {OpenFailure::Other,
                tr("Cannot open project %1: SQLite refuses to enforce foreign keys.").arg(path)};
    }

    const MigrationResult migration = migrate(db, migrations);
    result->schema = migration.status;
    result->toVersion = migration.toVersion;
    switch (migration.status) {
    case SchemaStatus::Created:
    case SchemaStatus::Upgraded:
    case SchemaStatus::Current:
        return {};
    case SchemaStatus::NewerIncompatible:
        return {OpenFailure::NewerSchema,
                tr("Cannot open project %1: it was %2.").arg(path, migration.error)};
    case SchemaStatus::Failed:
        break;
    }
    if (fileVersion == 0) {
        return {OpenFailure::MigrationFailed,
                tr("Cannot create project %1: %2.").arg(path, migration.error)};
    }
    return {OpenFailure::MigrationFailed,
            tr("Cannot upgrade project %1 from schema %2: %3. The project is still at schema %4.")
                .arg(path).arg(fileVersion).arg(migration.error).arg(migration.toVersion)};
}

// Connection settings that live per connection, not in the file.
void configureConnection(QSqlDatabase& db) {
    QSqlQuery query(db);
    query.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
    query.exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
}

}  // namespace

QString utcTimestampNow() {
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

ProjectStore::ProjectStore() = default;

ProjectStore::~ProjectStore() { close(); }

OpenResult ProjectStore::open(const QString& path, OpenMode mode) {
    return open(path, mode, projectMigrations());
}

OpenResult ProjectStore::open(const QString& path, OpenMode mode,
                              const QList<Migration>& migrations) {
    close();
    OpenResult result;
    if (path.trimmed().isEmpty()) {
        result.failure = OpenFailure::NotFound;
        result.error = tr("Cannot open a project: no file name was given.");
        return result;
    }
    const QString file = QFileInfo(path).absoluteFilePath();

    bool createdFile = false;
    Failure failure = checkFileSystem(file, mode, &createdFile);
    const QString name = nextConnectionName();
    if (failure.kind == OpenFailure::None) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        failure = openAndMigrate(db, file, busyTimeoutMs_, migrations, &result);
        if (failure.kind != OpenFailure::None) db.close();
    }
    if (failure.kind != OpenFailure::None) {
        if (QSqlDatabase::contains(name)) QSqlDatabase::removeDatabase(name);
        // A half-made new project is removed; an existing file was never written to.
        if (createdFile) removeProjectFiles(file);
        result.ok = false;
        result.failure = failure.kind;
        result.error = failure.message;
        if (result.schema != SchemaStatus::NewerIncompatible) result.schema = SchemaStatus::Failed;
        return result;
    }
    result.ok = true;
    path_ = file;
    connectionName_ = name;
    schemaVersion_ = result.toVersion;
    return result;
}

void ProjectStore::close() {
    if (connectionName_.isEmpty()) return;
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName_, /*open=*/false);
        if (db.isOpen()) db.close();
    }
    QSqlDatabase::removeDatabase(connectionName_);
    connectionName_.clear();
    path_.clear();
    schemaVersion_ = 0;
}

bool ProjectStore::needsUpgrade(const QString& path, const QList<Migration>& migrations) {
    const QString file = QFileInfo(path).absoluteFilePath();
    if (!QFileInfo(file).isFile()) return false;
    const QString name = nextConnectionName();
    bool older = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(file);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        QVariant applicationId, version;
        QSqlError error;
        if (db.open() &&
            querySingle(db, QStringLiteral("PRAGMA application_id"), &applicationId, &error) &&
            querySingle(db, QStringLiteral("PRAGMA user_version"), &version, &error)) {
            older = applicationId.toInt() == kProjectApplicationId && version.toInt() > 0 &&
                    version.toInt() < latestSchemaVersion(migrations);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return older;
}

bool ProjectStore::isOpen() const { return !connectionName_.isEmpty(); }

QSqlDatabase ProjectStore::database() const {
    if (connectionName_.isEmpty()) return {};
    return QSqlDatabase::database(connectionName_, /*open=*/false);
}

int ProjectStore::schemaVersion() const { return schemaVersion_; }

QString ProjectStore::projectName() const {
    const QString stored = meta(QStringLiteral("name"));
    if (!stored.isEmpty()) return stored;
    return QFileInfo(path_).completeBaseName();
}

QString ProjectStore::checkIntegrity() const {
    if (!isOpen()) return tr("no project is open");
    QSqlDatabase db = database();
    QString verdict;
    QSqlError error;
    if (!runQuickCheck(db, &verdict, &error)) return error.text();
    return verdict;
}

QSqlDatabase ProjectStore::openConnectionForThisThread(const QString& connectionName) const {
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
    if (path_.isEmpty()) return db;  // not open: the store is closed
    db.setDatabaseName(path_);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs_));
    if (db.open()) configureConnection(db);
    return db;
}

QString ProjectStore::meta(const QString& key, const QString& fallback) const {
    if (!isOpen()) return fallback;
    QSqlQuery query(database());
    query.prepare(QStringLiteral("SELECT value FROM project_meta WHERE key = ?"));
    query.addBindValue(key);
    if (!query.exec() || !query.next()) return fallback;
    return query.value(0).toString();
}

bool ProjectStore::setMeta(const QString& key, const QString& value) {
    if (!isOpen()) return false;
    QSqlQuery query(database());
    query.prepare(QStringLiteral(
        "INSERT INTO project_meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    query.addBindValue(key);
    query.addBindValue(value.isNull() ? QStringLiteral("") : value);  // NULL is not a value
    return query.exec();
}

}  // namespace ts
