// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/annotation/annotation_sql.h"

#include "engine/core/error.h"

#include <QSqlError>

namespace ts::annotation_sql {
namespace {

[[noreturn]] void fail(const QSqlDatabase& db, const char* what, const QSqlError& error) {
    QString why = error.databaseText().trimmed();
    if (why.isEmpty()) why = error.text().trimmed();
    throw Error(why.toStdString(), db.databaseName().toStdString(), what);
}

}  // namespace

QSqlQuery run(const QSqlDatabase& db, const QString& sql, const QVariantList& values,
              const char* what) {
    QSqlQuery query(db);
    if (!query.prepare(sql)) fail(db, what, query.lastError());
    for (int i = 0; i < values.size(); ++i) query.bindValue(i, values[i]);
    if (!query.exec()) fail(db, what, query.lastError());
    return query;
}

QVariant scalar(const QSqlDatabase& db, const QString& sql, const QVariantList& values,
                const char* what) {
    QSqlQuery query = run(db, sql, values, what);
    return query.next() ? query.value(0) : QVariant();
}

Transaction::Transaction(QSqlDatabase db, const char* what) : db_(std::move(db)), what_(what) {
    QSqlQuery query(db_);
    if (!query.exec(QStringLiteral("BEGIN IMMEDIATE"))) fail(db_, what_, query.lastError());
    open_ = true;
}

Transaction::~Transaction() {
    if (!open_) return;
    QSqlQuery query(db_);
    query.exec(QStringLiteral("ROLLBACK"));
}

void Transaction::commit() {
    QSqlQuery query(db_);
    if (!query.exec(QStringLiteral("COMMIT"))) {
        const QSqlError error = query.lastError();
        fail(db_, what_, error);  // the destructor rolls back
    }
    open_ = false;
}

}  // namespace ts::annotation_sql
