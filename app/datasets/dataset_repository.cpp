// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/dataset_repository.h"

#include "engine/core/error.h"

#include <QCryptographicHash>
#include <QSqlQuery>
#include <QVariant>

namespace ts {

QString splitName(Split split) {
    switch (split) {
    case Split::Train: return QStringLiteral("train");
    case Split::Eval: return QStringLiteral("eval");
    case Split::General: return QStringLiteral("general");
    case Split::Unassigned: return QStringLiteral("unassigned");
    }
    return {};
}

std::optional<Split> splitFromName(const QString& name) {
    for (auto split : {Split::Train, Split::Eval, Split::General, Split::Unassigned})
        if (splitName(split) == name) return split;
    return std::nullopt;
}

QString versionSourceName(VersionSource source) {
    switch (source) {
    case VersionSource::Import: return QStringLiteral("import");
    case VersionSource::Curation: return QStringLiteral("curation");
    case VersionSource::Annotation: return QStringLiteral("annotation");
    case VersionSource::Production: return QStringLiteral("production");
    case VersionSource::Split: return QStringLiteral("split");
    }
    return {};
}

QString exampleFlagName(ExampleFlag flag) {
    switch (flag) {
    case ExampleFlag::EdgeCase: return QStringLiteral("edge_case");
    case ExampleFlag::GeneralCapability: return QStringLiteral("general_capability");
    case ExampleFlag::NeedsReview: return QStringLiteral("needs_review");
    case ExampleFlag::FromProduction: return QStringLiteral("from_production");
    }
    return {};
}

struct VersionHasher::Impl {
    QCryptographicHash hash{QCryptographicHash::Sha256};
};
VersionHasher::VersionHasher() : impl_(new Impl) {}
VersionHasher::~VersionHasher() { delete impl_; }
void VersionHasher::addExampleHash(const QString& exampleContentHash) {
    impl_->hash.addData(exampleContentHash.toLatin1());
    impl_->hash.addData(QByteArrayView("\n", 1));
}
QString VersionHasher::hexResult() { return QString::fromLatin1(impl_->hash.result().toHex()); }

DatasetRepository::DatasetRepository(QSqlDatabase db) : db_(std::move(db)) {}

void DatasetRepository::fail(const QString& what, const QString& driverMessage) const {
    throw Error((what + QStringLiteral(": ") + driverMessage).toStdString(),
                db_.databaseName().toStdString());
}

namespace {
QSqlQuery run(const DatasetRepository& repo, const QString& sql, const QVariantList& values = {}) {
    QSqlQuery query(repo.database());
    query.setForwardOnly(true);
    if (!query.prepare(sql)) repo.fail(QStringLiteral("cannot prepare '%1'").arg(sql),
                                       query.lastError().text());
    for (const auto& value : values) query.addBindValue(value);
    if (!query.exec()) repo.fail(QStringLiteral("query failed '%1'").arg(sql),
                                 query.lastError().text());
    return query;
}

const QString kDatasetColumns = QStringLiteral(
    "SELECT d.id, d.name, d.description, "
    "(SELECT count(*) FROM dataset_versions v WHERE v.dataset_id = d.id), "
    "(SELECT v.id FROM dataset_versions v WHERE v.dataset_id = d.id "
    " ORDER BY v.version_number DESC LIMIT 1), d.kind FROM datasets d");

DatasetInfo readDataset(const QSqlQuery& q) {
    DatasetInfo info;
    info.id = q.value(0).toLongLong();
    info.name = q.value(1).toString();
    info.description = q.value(2).toString();
    info.versionCount = q.value(3).toInt();
    info.latestVersionId = q.value(4).toLongLong();
    info.generalCapability = q.value(5).toString() == QLatin1String("general_capability");
    return info;
}

const QString kVersionColumns = QStringLiteral(
    "SELECT v.id, v.dataset_id, d.name, v.version_number, v.parent_version_id, v.content_hash, "
    "v.example_count, v.source, v.note, v.frozen_at, v.created "
    "FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id");

DatasetVersionInfo readVersion(const QSqlQuery& q) {
    DatasetVersionInfo v;
    v.id = q.value(0).toLongLong();
    v.datasetId = q.value(1).toLongLong();
    v.datasetName = q.value(2).toString();
    v.versionNumber = q.value(3).toInt();
    v.parentVersionId = q.value(4).toLongLong();
    v.contentHash = q.value(5).toString();
    v.exampleCount = q.value(6).toLongLong();
    v.source = q.value(7).toString();
    v.note = q.value(8).toString();
    v.frozenAt = q.value(9).toString();
    v.created = q.value(10).toString();
    return v;
}
}  // namespace

QList<DatasetInfo> DatasetRepository::datasets() const {
    QList<DatasetInfo> list;
    auto q = run(*this, kDatasetColumns + QStringLiteral(" ORDER BY d.name"));
    while (q.next()) list << readDataset(q);
    return list;
}

std::optional<DatasetInfo> DatasetRepository::datasetByName(const QString& name) const {
    auto q = run(*this, kDatasetColumns + QStringLiteral(" WHERE d.name = ?"), {name});
    if (!q.next()) return std::nullopt;
    return readDataset(q);
}

std::optional<DatasetInfo> DatasetRepository::dataset(qint64 datasetId) const {
    auto q = run(*this, kDatasetColumns + QStringLiteral(" WHERE d.id = ?"), {datasetId});
    if (!q.next()) return std::nullopt;
    return readDataset(q);
}

void DatasetRepository::setGeneralCapabilitySet(qint64 datasetId, bool on) {
    auto q = run(*this, QStringLiteral("UPDATE datasets SET kind = ? WHERE id = ?"),
                 {on ? QStringLiteral("general_capability") : QStringLiteral("task"), datasetId});
    if (q.numRowsAffected() != 1)
        fail(QStringLiteral("dataset %1 does not exist").arg(datasetId), QString());
}

QList<DatasetVersionInfo> DatasetRepository::versions(qint64 datasetId) const {
    QList<DatasetVersionInfo> list;
    auto q = run(*this, kVersionColumns +
                            QStringLiteral(" WHERE v.dataset_id = ? ORDER BY v.version_number"),
                 {datasetId});
    while (q.next()) list << readVersion(q);
    return list;
}

DatasetVersionInfo DatasetRepository::version(qint64 versionId) const {
    auto q = run(*this, kVersionColumns + QStringLiteral(" WHERE v.id = ?"), {versionId});
    if (!q.next())
        throw Error("no dataset version with id " + std::to_string(versionId),
                    db_.databaseName().toStdString(), "dataset_versions.id");
    return readVersion(q);
}

std::vector<VersionMemberRow> DatasetRepository::loadMembers(qint64 versionId,
                                                             CancelFlag cancel) const {
    constexpr size_t kCancelCheckEvery = 4096;  // rows between looks at the flag
    std::vector<VersionMemberRow> rows;
    {
        auto count = run(*this, QStringLiteral("SELECT count(*) FROM version_examples "
                                               "WHERE version_id = ?"), {versionId});
        if (count.next()) rows.reserve(size_t(count.value(0).toLongLong()));
    }
    auto q = run(*this,
                 QStringLiteral(
                     "SELECT ve.example_id, ve.position, ve.split, e.kind, e.input_text, "
                     "e.output_text, e.label, e.content_hash, e.token_count, "
                     "EXISTS (SELECT 1 FROM example_flags f WHERE f.example_id = e.id "
                     "        AND f.flag = 'edge_case'), "
                     "EXISTS (SELECT 1 FROM example_flags f WHERE f.example_id = e.id "
                     "        AND f.flag = 'general_capability') "
                     "FROM version_examples ve JOIN examples e ON e.id = ve.example_id "
                     "WHERE ve.version_id = ? ORDER BY ve.position"),
                 {versionId});
    while (q.next()) {
        if (rows.size() % kCancelCheckEvery == 0) throwIfCancelled(cancel, "reading the version");
        VersionMemberRow row;
        row.exampleId = q.value(0).toLongLong();
        row.position = q.value(1).toLongLong();
        row.split = splitFromName(q.value(2).toString()).value_or(Split::Unassigned);
        row.kind = exampleKindFromName(q.value(3).toString()).value_or(ExampleKind::Chat);
        row.inputText = q.value(4).toString();
        row.outputText = q.value(5).toString();
        row.label = q.value(6).toString();
        row.contentHash = q.value(7).toString();
        row.tokenCount = q.value(8).isNull() ? -1 : q.value(8).toInt();
        row.edgeCase = q.value(9).toBool();
        row.generalCapability = q.value(10).toBool();
        rows.push_back(std::move(row));
    }
    return rows;
}

ExampleRecord DatasetRepository::loadExample(qint64 exampleId) const {
    auto q = run(*this,
                 QStringLiteral("SELECT kind, messages_json, system_prompt, prompt, completion, "
                                "text, label, chosen, rejected, input_text, output_text, "
                                "source_line FROM examples WHERE id = ?"),
                 {exampleId});
    if (!q.next())
        throw Error("no example with id " + std::to_string(exampleId),
                    db_.databaseName().toStdString(), "examples.id");
    ExampleRecord r;
    r.kind = exampleKindFromName(q.value(0).toString()).value_or(ExampleKind::Chat);
    if (!q.value(1).isNull()) {
        auto messages = parseMessagesJson(q.value(1).toString().toUtf8());
        if (!messages)
            throw Error("stored messages are not a list of {role, content}",
                        db_.databaseName().toStdString(), "examples.messages_json",
                        exampleId);
        r.messages = *messages;
    }
    r.systemPrompt = q.value(2).toString();
    r.prompt = q.value(3).toString();
    r.completion = q.value(4).toString();
    r.text = q.value(5).toString();
    r.label = q.value(6).toString();
    r.chosen = q.value(7).toString();
    r.rejected = q.value(8).toString();
    r.inputText = q.value(9).toString();
    r.outputText = q.value(10).toString();
    r.sourceLine = q.value(11).toLongLong();
    return r;
}

qint64 DatasetRepository::createDerivedVersion(qint64 parentVersionId, VersionSource source,
                                               const QString& note,
                                               const std::vector<VersionMember>& members,
                                               CancelFlag cancel) {
    const DatasetVersionInfo parent = version(parentVersionId);
    qint64 newId = 0;
    inTransaction(db_, *this, [&] {
        // The version's hash needs the members' example hashes in the new order.
        QHash<qint64, QString> hashes;
        {
            auto q = run(*this, QStringLiteral("SELECT e.id, e.content_hash FROM examples e "
                                               "JOIN version_examples ve ON ve.example_id = e.id "
                                               "WHERE ve.version_id = ?"),
                         {parentVersionId});
            while (q.next()) hashes.insert(q.value(0).toLongLong(), q.value(1).toString());
        }
        VersionHasher hasher;
        for (const auto& m : members) {
            auto it = hashes.constFind(m.exampleId);
            if (it == hashes.constEnd()) {
                // Not from the parent (rare: curation never adds); read it directly.
                auto q = run(*this, QStringLiteral("SELECT content_hash FROM examples WHERE id = ?"),
                             {m.exampleId});
                if (!q.next())
                    throw Error("no example with id " + std::to_string(m.exampleId),
                                db_.databaseName().toStdString(), "examples.id");
                it = hashes.insert(m.exampleId, q.value(0).toString());
            }
            hasher.addExampleHash(*it);
        }
        auto next = run(*this, QStringLiteral("SELECT coalesce(max(version_number), 0) + 1 "
                                              "FROM dataset_versions WHERE dataset_id = ?"),
                        {parent.datasetId});
        next.next();
        auto insert = run(
            *this,
            QStringLiteral("INSERT INTO dataset_versions (dataset_id, version_number, "
                           "parent_version_id, content_hash, example_count, source, note) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)"),
            {parent.datasetId, next.value(0).toInt(), parentVersionId, hasher.hexResult(),
             qint64(members.size()), versionSourceName(source),
             note.isNull() ? QStringLiteral("") : note});
        newId = insert.lastInsertId().toLongLong();
        QSqlQuery add(db_);
        if (!add.prepare(QStringLiteral("INSERT INTO version_examples (version_id, example_id, "
                                        "split, position) VALUES (?, ?, ?, ?)")))
            fail(QStringLiteral("cannot prepare the member insert"), add.lastError().text());
        const QString splitNames[] = {splitName(Split::Train), splitName(Split::Eval),
                                      splitName(Split::General), splitName(Split::Unassigned)};
        qint64 position = 0;
        for (const auto& m : members) {
            if (position % 1024 == 0) throwIfCancelled(cancel, "writing the version");
            add.bindValue(0, newId);
            add.bindValue(1, m.exampleId);
            add.bindValue(2, splitNames[int(m.split)]);
            add.bindValue(3, position++);
            if (!add.exec())
                fail(QStringLiteral("cannot add example %1 to the new version").arg(m.exampleId),
                     add.lastError().text());
        }
        // Last look before the commit: after it the version exists and stays.
        throwIfCancelled(cancel, "writing the version");
    });
    return newId;
}

void DatasetRepository::setFlag(qint64 exampleId, ExampleFlag flag, bool on,
                                const QString& setBy) {
    if (on)
        run(*this, QStringLiteral("INSERT OR IGNORE INTO example_flags (example_id, flag, set_by) "
                                  "VALUES (?, ?, ?)"),
            {exampleId, exampleFlagName(flag), setBy.isEmpty() ? QStringLiteral("system") : setBy});
    else
        run(*this, QStringLiteral("DELETE FROM example_flags WHERE example_id = ? AND flag = ?"),
            {exampleId, exampleFlagName(flag)});
}

void DatasetRepository::freezeVersion(qint64 versionId) {
    run(*this, QStringLiteral("UPDATE dataset_versions SET frozen_at = "
                              "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                              "WHERE id = ? AND frozen_at IS NULL"),
        {versionId});
}

}  // namespace ts
