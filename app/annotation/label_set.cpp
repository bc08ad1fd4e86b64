// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/annotation/label_set.h"

#include "app/annotation/annotation_sql.h"
#include "engine/core/error.h"

#include <QSqlQuery>

namespace ts {

using annotation_sql::run;
using annotation_sql::scalar;
using annotation_sql::Transaction;

namespace {
const char* kNow = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

AliasSnapshot snapshotAliases(const QSqlDatabase& db, const QStringList& names) {
    AliasSnapshot snapshot;
    for (const QString& name : names) {
        const QVariant id = scalar(db, QStringLiteral("SELECT label_id FROM label_aliases WHERE name = ?"),
                                   {name}, "label_aliases");
        snapshot.emplace_back(name, id.isValid() ? std::optional<qint64>(id.toLongLong()) : std::nullopt);
    }
    return snapshot;
}

void setAlias(const QSqlDatabase& db, const QString& name, std::optional<qint64> labelId) {
    if (labelId)
        run(db, QStringLiteral("INSERT OR REPLACE INTO label_aliases (name, label_id) VALUES (?, ?)"),
            {name, *labelId}, "label_aliases");
    else
        run(db, QStringLiteral("DELETE FROM label_aliases WHERE name = ?"), {name}, "label_aliases");
}

void restoreAliases(const QSqlDatabase& db, const AliasSnapshot& snapshot) {
    for (const auto& [name, labelId] : snapshot) setAlias(db, name, labelId);
}
}  // namespace

LabelSet::LabelSet(QSqlDatabase db) : db_(std::move(db)) {}

std::vector<LabelInfo> LabelSet::labels() const {
    std::vector<LabelInfo> result;
    QSqlQuery q = run(db_, QStringLiteral("SELECT id, name, color, position FROM labels "
                                          "ORDER BY position, id"),
                      {}, "labels");
    while (q.next())
        result.push_back({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                          q.value(3).toInt()});
    return result;
}

LabelInfo LabelSet::label(qint64 labelId) const {
    QSqlQuery q = run(db_, QStringLiteral("SELECT id, name, color, position FROM labels WHERE id = ?"),
                      {labelId}, "labels.id");
    if (!q.next())
        throw Error("no label with id " + std::to_string(labelId), db_.databaseName().toStdString(),
                    "labels.id");
    return {q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toInt()};
}

std::vector<std::pair<qint64, int>> LabelSet::exampleCounts() const {
    std::vector<std::pair<qint64, int>> counts;
    // An example carries a label when someone labelled it so, or when its own label text (in the
    // newest version of its dataset) is the label's name or a former name of it.
    QSqlQuery q = run(db_, QStringLiteral(R"sql(
WITH newest AS (SELECT max(id) AS id FROM dataset_versions GROUP BY dataset_id),
own AS (SELECT ve.example_id, e.label AS text FROM version_examples ve
        JOIN examples e ON e.id = ve.example_id
        WHERE ve.version_id IN (SELECT id FROM newest) AND coalesce(e.label, '') <> ''),
carried AS (SELECT own.example_id, coalesce(l.id, a.label_id) AS label_id FROM own
            LEFT JOIN labels l ON l.name = own.text
            LEFT JOIN label_aliases a ON a.name = own.text
            UNION
            SELECT example_id, label_id FROM annotations
            WHERE kind = 'label' AND superseded_by IS NULL)
SELECT label_id, count(DISTINCT example_id) FROM carried WHERE label_id IS NOT NULL
GROUP BY label_id)sql"),
                      {}, "annotations.label_id");
    while (q.next()) counts.emplace_back(q.value(0).toLongLong(), q.value(1).toInt());
    return counts;
}

void LabelSet::checkName(const QString& name, qint64 exceptLabelId) const {
    if (name.trimmed().isEmpty())
        throw Error("a label needs a name", db_.databaseName().toStdString(), "labels.name");
    const QVariant other = scalar(db_, QStringLiteral("SELECT id FROM labels WHERE name = ?"),
                                  {name.trimmed()}, "labels.name");
    if (other.isValid() && other.toLongLong() != exceptLabelId)
        throw Error("there is already a label named '" + name.trimmed().toStdString() + "'",
                    db_.databaseName().toStdString(), "labels.name");
}

qint64 LabelSet::add(const QString& name, const QString& color) {
    checkName(name, 0);
    QSqlQuery q = run(db_,
                      QStringLiteral("INSERT INTO labels (name, color, position) VALUES "
                                     "(?, ?, (SELECT coalesce(max(position), -1) + 1 FROM labels))"),
                      {name.trimmed(), color}, "labels");
    return q.lastInsertId().toLongLong();
}

void LabelSet::restore(const LabelInfo& l) {
    run(db_, QStringLiteral("INSERT INTO labels (id, name, color, position) VALUES (?, ?, ?, ?)"),
        {l.id, l.name, l.color, l.position}, "labels");
}

void LabelSet::remove(qint64 labelId) {
    label(labelId);  // throws when absent
    const int uses = scalar(db_, QStringLiteral("SELECT count(*) FROM annotations WHERE label_id = ?"),
                            {labelId}, "annotations.label_id")
                         .toInt();
    if (uses > 0)
        throw Error("the label is used by " + std::to_string(uses) +
                        " annotation(s); merge it into another label instead",
                    db_.databaseName().toStdString(), "labels.id");
    run(db_, QStringLiteral("DELETE FROM labels WHERE id = ?"), {labelId}, "labels");
}

LabelRename LabelSet::rename(qint64 labelId, const QString& newName) {
    Transaction tx(db_, "labels (rename)");
    LabelRename result;
    result.labelId = labelId;
    result.oldName = label(labelId).name;  // throws when absent
    result.newName = newName.trimmed();
    checkName(newName, labelId);
    result.aliasesBefore = snapshotAliases(db_, {result.oldName, result.newName});
    run(db_, QStringLiteral("UPDATE labels SET name = ? WHERE id = ?"), {result.newName, labelId},
        "labels.name");
    // Examples that say the old name now mean this label; the new name needs no alias.
    if (result.oldName != result.newName) setAlias(db_, result.oldName, labelId);
    setAlias(db_, result.newName, std::nullopt);
    tx.commit();
    return result;
}

void LabelSet::unrename(const LabelRename& rename) {
    Transaction tx(db_, "labels (undo rename)");
    run(db_, QStringLiteral("UPDATE labels SET name = ? WHERE id = ?"), {rename.oldName, rename.labelId},
        "labels.name");
    restoreAliases(db_, rename.aliasesBefore);
    tx.commit();
}

LabelMerge LabelSet::merge(qint64 fromLabelId, qint64 intoLabelId) {
    if (fromLabelId == intoLabelId)
        throw Error("cannot merge a label into itself", db_.databaseName().toStdString(),
                    "labels.id");
    Transaction tx(db_, "labels (merge)");
    LabelMerge result;
    result.removed = label(fromLabelId);
    label(intoLabelId);  // throws when absent
    result.intoLabelId = intoLabelId;
    // Superseded rows move too: the history must not name a label that no longer exists.
    QSqlQuery moved = run(db_, QStringLiteral("SELECT id FROM annotations WHERE label_id = ? ORDER BY id"),
                          {fromLabelId}, "annotations.label_id");
    while (moved.next()) result.movedAnnotationIds.push_back(moved.value(0).toLongLong());
    // The merged label's name and former names now mean the kept label.
    QStringList names{result.removed.name};
    QSqlQuery aliases = run(db_, QStringLiteral("SELECT name FROM label_aliases WHERE label_id = ?"),
                            {fromLabelId}, "label_aliases");
    while (aliases.next()) names << aliases.value(0).toString();
    result.aliasesBefore = snapshotAliases(db_, names);
    for (const QString& name : names) setAlias(db_, name, intoLabelId);
    run(db_,
        QStringLiteral("UPDATE annotations SET label_id = ?, updated = %1 WHERE label_id = ?")
            .arg(QLatin1String(kNow)),
        {intoLabelId, fromLabelId}, "annotations.label_id");
    run(db_, QStringLiteral("DELETE FROM labels WHERE id = ?"), {fromLabelId}, "labels");
    tx.commit();
    return result;
}

void LabelSet::unmerge(const LabelMerge& merge) {
    Transaction tx(db_, "labels (undo merge)");
    restore(merge.removed);
    restoreAliases(db_, merge.aliasesBefore);
    for (qint64 id : merge.movedAnnotationIds)
        run(db_,
            QStringLiteral("UPDATE annotations SET label_id = ?, updated = %1 WHERE id = ? "
                           "AND label_id = ?")
                .arg(QLatin1String(kNow)),
            {merge.removed.id, id, merge.intoLabelId}, "annotations.label_id");
    tx.commit();
}

QHash<QString, QString> LabelSet::renamedLabels() const {
    QHash<QString, QString> renamed;
    QSqlQuery q = run(db_,
                      QStringLiteral("SELECT a.name, l.name FROM label_aliases a JOIN labels l "
                                     "ON l.id = a.label_id WHERE a.name NOT IN (SELECT name FROM labels)"),
                      {}, "label_aliases");
    while (q.next()) renamed.insert(q.value(0).toString(), q.value(1).toString());
    return renamed;
}

}  // namespace ts
