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
    QSqlQuery q = run(db_,
                      QStringLiteral("SELECT label_id, count(DISTINCT example_id) FROM annotations "
                                     "WHERE kind = 'label' AND superseded_by IS NULL "
                                     "GROUP BY label_id"),
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

void LabelSet::rename(qint64 labelId, const QString& newName) {
    label(labelId);  // throws when absent
    checkName(newName, labelId);
    run(db_, QStringLiteral("UPDATE labels SET name = ? WHERE id = ?"), {newName.trimmed(), labelId},
        "labels.name");
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
    for (qint64 id : merge.movedAnnotationIds)
        run(db_,
            QStringLiteral("UPDATE annotations SET label_id = ?, updated = %1 WHERE id = ? "
                           "AND label_id = ?")
                .arg(QLatin1String(kNow)),
            {merge.removed.id, id, merge.intoLabelId}, "annotations.label_id");
    tx.commit();
}

}  // namespace ts
