// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The project schema's whole history, in one place. Each migration is numbered, runs inside one
// transaction, and records itself in PRAGMA user_version and the schema_history table.
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace ts {

enum class SchemaStatus {
    Created,             // empty database brought to the latest version
    Upgraded,            // an older project was migrated forward
    Current,             // already at the latest version: nothing was written
    NewerIncompatible,   // written by a newer Tuning Studio: refused, nothing written
    Failed               // a step failed: rolled back, file as it was
};

struct Migration {
    int version;          // 1, 2, 3… in order, no gaps
    QString name;         // what it does, recorded in schema_history
    QStringList statements;
};

struct MigrationResult {
    SchemaStatus status = SchemaStatus::Failed;
    int fromVersion = 0;
    int toVersion = 0;
    QString error;  // for Failed / NewerIncompatible: which step and why
};

// The application id stamped into every project file ('TSPR'), to tell our databases apart from
// other SQLite files.
constexpr int kProjectApplicationId = 0x54535052;

const QList<Migration>& projectMigrations();
int latestSchemaVersion(const QList<Migration>& migrations = projectMigrations());

// Brings `db` to the newest version in `migrations`. Every step is its own transaction: a failing
// step is rolled back and leaves the database at the previous version. Writes nothing when the
// database is current or newer. migrate() itself creates schema_history (version, name,
// applied_at) and stamps kProjectApplicationId with the first step; foreign keys are switched
// off while steps run (so a step may rebuild a table) and checked before each commit.
MigrationResult migrate(QSqlDatabase& db, const QList<Migration>& migrations = projectMigrations());

}  // namespace ts
