// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Row counts of project tables, for the overview that each page shows.
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace ts::ui {

// Rows in `table` of `db`, or nullopt when the project's schema has no such table (an older
// schema, or a table that a later version adds). `table` is one of our own identifiers, never
// user input; it is still quoted so an odd name cannot change the statement.
std::optional<qint64> countTableRows(const QSqlDatabase& db, const QString& table);

}  // namespace ts::ui
