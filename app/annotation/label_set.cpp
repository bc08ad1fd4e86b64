// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/annotation/label_set.h"

#include "app/annotation/annotation_sql.h"
#include "engine/core/error.h"

#include <QSqlQuery>

namespace ts {

using annotation_sql::run;
using annotation_sql::scalar;
using annotation_sql::Transaction;

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

namespace {
void checkName(const QSqlDatabase& db, const QString& name, qint64 exceptId) {
    if (name.trimmed().isEmpty())
        throw Error("a label needs a name", db.databaseName().toStdString(), "labels.name");
    const QVariant other = scalar(db, QStringLiteral("SELECT id FROM labels WHERE name = ?"),
                                  {name.trimmed()}, "labels.name");
    if (other.isValid() && other.toLongLong() != exceptId)
        throw Error("there is already a label named '" + name.trimmed().toStdString() + "'",
                    db.databaseName().toStdString(), "labels.name");
}
void checkExists(const QSqlDatabase& db, qint64 labelId) {
    if (!scalar(db, QStringLiteral("SELECT 1 FROM labels WHERE id = ?"), {labelId}, "labels.id")
             .isValid())
        throw Error("no label with id " + std::to_string(labelId), db.databaseName().toStdString(),
                    "labels.id");
}
}  // namespace

qint64 LabelSet::add(const QString& name, const QString& color) {
    checkName(db_, name, 0);
    QSqlQuery q = run(db_,
                      QStringLiteral("INSERT INTO labels (name, color, position) VALUES "
                                     "(?, ?, (SELECT coalesce(max(position), -1) + 1 FROM labels))"),
                      {name.trimmed(), color}, "labels");
    return q.lastInsertId().toLongLong();
}

void LabelSet::rename(qint64 labelId, const QString& newName) {
    checkExists(db_, labelId);
    checkName(db_, newName, labelId);
    run(db_, QStringLiteral("UPDATE labels SET name = ? WHERE id = ?"), {newName.trimmed(), labelId},
        "labels.name");
}

int LabelSet::merge(qint64 fromLabelId, qint64 intoLabelId) {
    if (fromLabelId == intoLabelId)
        throw Error("cannot merge a label into itself", db_.databaseName().toStdString(),
                    "labels.id");
    Transaction tx(db_, "labels (merge)");
    checkExists(db_, fromLabelId);
    checkExists(db_, intoLabelId);
    QSqlQuery moved = run(db_, QStringLiteral("UPDATE annotations SET label_id = ?, updated = "
                                              "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                                              "WHERE label_id = ?"),
                          {intoLabelId, fromLabelId}, "annotations.label_id");
    const int count = moved.numRowsAffected();
    run(db_, QStringLiteral("DELETE FROM labels WHERE id = ?"), {fromLabelId}, "labels");
    tx.commit();
    return count;
}

}  // namespace ts
