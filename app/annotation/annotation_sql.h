// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Small helpers the annotation code shares: run a statement with bound values and turn any
// failure into a ts::Error naming the project file and what was being done; a transaction guard
// that rolls back unless committed.
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <QVariantList>

namespace ts::annotation_sql {

// Prepares, binds positionally and executes; throws ts::Error (file = the project, field = what).
QSqlQuery run(const QSqlDatabase& db, const QString& sql, const QVariantList& values,
              const char* what);
// First column of the first row, or an invalid QVariant when there is no row.
QVariant scalar(const QSqlDatabase& db, const QString& sql, const QVariantList& values,
                const char* what);

// BEGIN IMMEDIATE on construction (so a writer never fails half-way on a lock upgrade);
// ROLLBACK on destruction unless commit() ran. Throws ts::Error when BEGIN or COMMIT fails.
class Transaction {
public:
    explicit Transaction(QSqlDatabase db, const char* what);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    QSqlDatabase db_;
    const char* what_;
    bool open_ = false;
};

}  // namespace ts::annotation_sql
