// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/table_counts.h"

#include <QSqlQuery>
#include <QVariant>

namespace ts::ui {

std::optional<qint64> countTableRows(const QSqlDatabase& db, const QString& table) {
    if (!db.isOpen()) return std::nullopt;
    QSqlQuery exists(db);
    exists.prepare(
        QStringLiteral("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?"));
    exists.addBindValue(table);
    if (!exists.exec() || !exists.next()) return std::nullopt;

    QString quoted = table;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    QSqlQuery count(db);
    if (!count.exec(QStringLiteral("SELECT count(*) FROM \"%1\"").arg(quoted)) || !count.next())
        return std::nullopt;
    return count.value(0).toLongLong();
}

}  // namespace ts::ui
