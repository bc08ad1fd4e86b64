// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/adapters/adapter_registry.h"

#include "engine/core/error.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <functional>

namespace ts {
namespace {

QVariant nullIfZero(qint64 id) { return id ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong)); }
// A null QString binds as SQL NULL; NOT NULL text columns need an empty, non-null string.
QString notNull(const QString& text) { return text.isNull() ? QStringLiteral("") : text; }
QVariant nullIfEmpty(const QString& text) {
    return text.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(text);
}

const char* kSelectColumns =
    "SELECT id, run_id, parent_version_id, dataset_version_id, name, stage, path, sha256, base_model, "
    "recipe_snapshot, created, notes FROM adapter_versions ";

AdapterVersion readVersion(const QSqlQuery& q) {
    AdapterVersion v;
    v.id = q.value(0).toLongLong();
    v.runId = q.value(1).toLongLong();
    v.parentVersionId = q.value(2).toLongLong();
    v.datasetVersionId = q.value(3).toLongLong();
    v.name = q.value(4).toString();
    v.stage = adapterStageFromName(q.value(5).toString()).value_or(AdapterStage::Candidate);
    v.path = q.value(6).toString();
    v.sha256 = q.value(7).toString();
    v.baseModel = q.value(8).toString();
    v.recipeSnapshot = q.value(9).toString();
    v.created = q.value(10).toString();
    v.notes = q.value(11).toString();
    return v;
}

}  // namespace

QString adapterStageName(AdapterStage stage) {
    switch (stage) {
    case AdapterStage::Candidate: return QStringLiteral("candidate");
    case AdapterStage::Production: return QStringLiteral("production");
    case AdapterStage::Archived: return QStringLiteral("archived");
    }
    return {};
}

std::optional<AdapterStage> adapterStageFromName(const QString& name) {
    for (auto stage : {AdapterStage::Candidate, AdapterStage::Production, AdapterStage::Archived})
        if (adapterStageName(stage) == name) return stage;
    return std::nullopt;
}

AdapterRegistry::AdapterRegistry(QSqlDatabase db) : db_(std::move(db)) {}

void AdapterRegistry::fail(const QString& what, const QString& driverMessage) const {
    throw Error((what + (driverMessage.isEmpty() ? QString() : QStringLiteral(": ") + driverMessage)).toStdString(),
                db_.databaseName().toStdString(), "adapter_versions");
}

QString AdapterRegistry::adapterWeightsFile(const QString& folder) {
    return QDir(folder).filePath(QStringLiteral("adapter_model.safetensors"));
}

QString AdapterRegistry::sha256OfFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error("cannot read the adapter weights: " + file.errorString().toStdString(), path.toStdString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file)) throw Error("reading the adapter weights failed", path.toStdString());
    return QString::fromLatin1(hash.result().toHex());
}

qint64 AdapterRegistry::registerVersion(const AdapterRegistration& registration) {
    if (registration.name.trimmed().isEmpty())
        throw Error("an adapter version needs a name", db_.databaseName().toStdString(), "adapter_versions.name");
    AdapterRegistration r = registration;
    const QString sha = sha256OfFile(adapterWeightsFile(r.folder));
    if (r.runId) {
        QSqlQuery q(db_);
        q.prepare(QStringLiteral("SELECT recipe_snapshot, dataset_version_id, base_model FROM runs WHERE id = ?"));
        q.addBindValue(r.runId);
        if (!q.exec()) fail(QStringLiteral("cannot read run %1").arg(r.runId), q.lastError().text());
        if (!q.next()) fail(QStringLiteral("run %1 does not exist").arg(r.runId), {});
        if (r.recipeSnapshot.isEmpty()) r.recipeSnapshot = q.value(0).toString();
        if (!r.datasetVersionId) r.datasetVersionId = q.value(1).toLongLong();
        if (r.baseModel.isEmpty()) r.baseModel = q.value(2).toString();
    }
    if (r.baseModel.isEmpty())
        throw Error("an adapter version needs its base model", db_.databaseName().toStdString(),
                    "adapter_versions.base_model");

    if (!db_.transaction()) fail(QStringLiteral("cannot begin a transaction"), db_.lastError().text());
    QSqlQuery q(db_);
    q.prepare(QStringLiteral(
        "INSERT INTO adapter_versions (run_id, parent_version_id, name, stage, path, sha256, base_model, "
        "recipe_snapshot, dataset_version_id, notes) VALUES (?, ?, ?, 'candidate', ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(nullIfZero(r.runId));
    q.addBindValue(nullIfZero(r.parentVersionId));
    q.addBindValue(r.name.trimmed());
    q.addBindValue(QDir(r.folder).absolutePath());
    q.addBindValue(sha);
    q.addBindValue(r.baseModel);
    q.addBindValue(nullIfEmpty(r.recipeSnapshot));
    q.addBindValue(nullIfZero(r.datasetVersionId));
    q.addBindValue(notNull(r.notes));
    if (!q.exec()) {
        const QString why = q.lastError().text();
        db_.rollback();
        fail(QStringLiteral("cannot register adapter '%1'").arg(r.name), why);
    }
    const qint64 id = q.lastInsertId().toLongLong();
    QSqlQuery h(db_);
    h.prepare(QStringLiteral("INSERT INTO adapter_stage_history (adapter_version_id, from_stage, to_stage, reason) "
                             "VALUES (?, NULL, 'candidate', ?)"));
    h.addBindValue(id);
    h.addBindValue(QStringLiteral("registered"));
    if (!h.exec() || !db_.commit()) {
        const QString why = h.lastError().text() + db_.lastError().text();
        db_.rollback();
        fail(QStringLiteral("cannot record the registration of '%1'").arg(r.name), why);
    }
    return id;
}

QList<AdapterVersion> AdapterRegistry::versions() const {
    QSqlQuery q(db_);
    if (!q.exec(QString::fromLatin1(kSelectColumns) + QStringLiteral("ORDER BY id DESC")))
        fail(QStringLiteral("cannot list adapter versions"), q.lastError().text());
    QList<AdapterVersion> out;
    while (q.next()) out.append(readVersion(q));
    return out;
}

AdapterVersion AdapterRegistry::version(qint64 id) const {
    QSqlQuery q(db_);
    q.prepare(QString::fromLatin1(kSelectColumns) + QStringLiteral("WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec()) fail(QStringLiteral("cannot read adapter version %1").arg(id), q.lastError().text());
    if (!q.next()) fail(QStringLiteral("adapter version %1 does not exist").arg(id), {});
    return readVersion(q);
}

std::optional<AdapterVersion> AdapterRegistry::versionByName(const QString& name) const {
    QSqlQuery q(db_);
    q.prepare(QString::fromLatin1(kSelectColumns) + QStringLiteral("WHERE name = ? ORDER BY id DESC LIMIT 1"));
    q.addBindValue(name);
    if (!q.exec()) fail(QStringLiteral("cannot look up adapter '%1'").arg(name), q.lastError().text());
    if (!q.next()) return std::nullopt;
    return readVersion(q);
}

std::optional<AdapterVersion> AdapterRegistry::production() const {
    QSqlQuery q(db_);
    if (!q.exec(QString::fromLatin1(kSelectColumns) + QStringLiteral("WHERE stage = 'production'")))
        fail(QStringLiteral("cannot read the production adapter"), q.lastError().text());
    if (!q.next()) return std::nullopt;
    return readVersion(q);
}

QList<StageChange> AdapterRegistry::history(qint64 versionId) const {
    QSqlQuery q(db_);
    q.prepare(QStringLiteral("SELECT from_stage, to_stage, changed_at, reason FROM adapter_stage_history "
                             "WHERE adapter_version_id = ? ORDER BY id"));
    q.addBindValue(versionId);
    if (!q.exec()) fail(QStringLiteral("cannot read the stage history"), q.lastError().text());
    QList<StageChange> out;
    while (q.next()) {
        StageChange c;
        c.versionId = versionId;
        if (!q.value(0).isNull()) c.from = adapterStageFromName(q.value(0).toString());
        c.to = adapterStageFromName(q.value(1).toString()).value_or(AdapterStage::Candidate);
        c.changedAt = q.value(2).toString();
        c.reason = q.value(3).toString();
        out.append(c);
    }
    return out;
}

void AdapterRegistry::setStage(qint64 id, AdapterStage from, AdapterStage to, const QString& reason) {
    QSqlQuery q(db_);
    q.prepare(QStringLiteral("UPDATE adapter_versions SET stage = ? WHERE id = ? AND stage = ?"));
    q.addBindValue(adapterStageName(to));
    q.addBindValue(id);
    q.addBindValue(adapterStageName(from));
    if (!q.exec()) fail(QStringLiteral("cannot move adapter %1 to %2").arg(id).arg(adapterStageName(to)),
                        q.lastError().text());
    if (q.numRowsAffected() != 1)
        fail(QStringLiteral("adapter %1 is no longer %2").arg(id).arg(adapterStageName(from)), {});
    QSqlQuery h(db_);
    h.prepare(QStringLiteral("INSERT INTO adapter_stage_history (adapter_version_id, from_stage, to_stage, reason) "
                             "VALUES (?, ?, ?, ?)"));
    h.addBindValue(id);
    h.addBindValue(adapterStageName(from));
    h.addBindValue(adapterStageName(to));
    h.addBindValue(notNull(reason));
    if (!h.exec()) fail(QStringLiteral("cannot record the stage change"), h.lastError().text());
}

namespace {
template <typename Body>
void transaction(QSqlDatabase& db, Body&& body, const std::function<void(const QString&)>& failer) {
    if (!db.transaction()) failer(db.lastError().text());
    try {
        body();
    } catch (...) {
        db.rollback();
        throw;
    }
    if (!db.commit()) {
        const QString why = db.lastError().text();
        db.rollback();
        failer(why);
    }
}
}  // namespace

void AdapterRegistry::promote(qint64 id, const QString& reason) {
    const AdapterVersion target = version(id);
    if (target.stage == AdapterStage::Production) return;
    const auto failer = [this](const QString& why) { fail(QStringLiteral("promotion failed"), why); };
    transaction(db_, [&] {
        // Demote first: the unique index allows only one production row at any moment.
        if (auto current = production()) setStage(current->id, AdapterStage::Production, AdapterStage::Archived,
                                                  reason.isEmpty() ? QStringLiteral("replaced by %1").arg(target.name)
                                                                   : reason);
        setStage(id, target.stage, AdapterStage::Production, reason.isEmpty() ? QStringLiteral("promoted") : reason);
    }, failer);
}

qint64 AdapterRegistry::rollback(const QString& reason) {
    const auto current = production();
    if (!current) fail(QStringLiteral("nothing is in production to roll back"), {});
    // The version that was demoted when `current` was promoted: the latest production -> other
    // change of any other version that happened before current's promotion.
    QSqlQuery q(db_);
    q.prepare(QStringLiteral(
        "SELECT h.adapter_version_id FROM adapter_stage_history h "
        "WHERE h.from_stage = 'production' AND h.adapter_version_id <> :current "
        "  AND h.id < (SELECT max(id) FROM adapter_stage_history "
        "              WHERE adapter_version_id = :current AND to_stage = 'production') "
        "ORDER BY h.id DESC LIMIT 1"));
    q.bindValue(QStringLiteral(":current"), current->id);
    if (!q.exec()) fail(QStringLiteral("cannot read the stage history"), q.lastError().text());
    if (!q.next()) fail(QStringLiteral("'%1' has no earlier production version to roll back to").arg(current->name), {});
    const qint64 previousId = q.value(0).toLongLong();
    const AdapterVersion previous = version(previousId);
    const QString why = reason.isEmpty() ? QStringLiteral("rollback") : reason;
    const auto failer = [this](const QString& msg) { fail(QStringLiteral("rollback failed"), msg); };
    transaction(db_, [&] {
        setStage(current->id, AdapterStage::Production, AdapterStage::Candidate, why);
        setStage(previousId, previous.stage, AdapterStage::Production, why);
    }, failer);
    return previousId;
}

void AdapterRegistry::archive(qint64 id, const QString& reason) {
    const AdapterVersion target = version(id);
    if (target.stage == AdapterStage::Archived) return;
    const auto failer = [this](const QString& why) { fail(QStringLiteral("archiving failed"), why); };
    transaction(db_, [&] { setStage(id, target.stage, AdapterStage::Archived, reason); }, failer);
}

bool AdapterRegistry::verifyFile(qint64 id) const {
    const AdapterVersion v = version(id);
    try {
        return sha256OfFile(adapterWeightsFile(v.path)) == v.sha256;
    } catch (const Error&) {
        return false;
    }
}

}  // namespace ts
