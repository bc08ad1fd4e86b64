// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The examples of one dataset version as a table, fetched lazily in pages from SQLite so a
// version of a million rows costs one page of memory until the view scrolls (canFetchMore /
// fetchMore). Filters: full-text search (FTS5 over input and output) and split. Pages are read by
// position (keyset pagination), so every page costs the same however deep the view scrolls.
// Lives on the thread that owns the connection (the GUI thread).
#include "app/datasets/dataset_repository.h"

#include <QAbstractTableModel>
#include <QSqlDatabase>

#include <optional>
#include <vector>

namespace ts {

class DatasetTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { PositionColumn, SplitColumn, KindColumn, InputColumn, OutputColumn,
                  LabelColumn, TokensColumn, ColumnCount };
    enum Role { ExampleIdRole = Qt::UserRole + 1, FullInputRole, FullOutputRole };

    explicit DatasetTableModel(QSqlDatabase db, QObject* parent = nullptr);

    void setVersion(qint64 versionId);  // 0 = empty table
    qint64 versionId() const { return versionId_; }
    // Words to find in input or output (all of them; the last one as a prefix). Empty = all.
    void setSearchText(const QString& text);
    void setSplitFilter(std::optional<Split> split);
    void setPageSize(int rows) { pageSize_ = std::max(1, rows); }

    // Rows matching the filters, loaded or not.
    qint64 matchingCount() const { return matchingCount_; }
    QString lastError() const { return lastError_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent = {}) const override;
    void fetchMore(const QModelIndex& parent = {}) override;

    // FTS5 query for the search box: each word quoted (so FTS operators in user text are taken
    // literally), the last one as a prefix.
    static QString ftsQuery(const QString& text);

private:
    struct Row {
        qint64 exampleId = 0;
        qint64 position = 0;
        QString split, kind, input, output, label;
        int tokens = -1;
    };
    void reload();
    QString whereClause() const;
    void bindFilters(class QSqlQuery& query) const;

    QSqlDatabase db_;
    qint64 versionId_ = 0;
    QString search_;
    std::optional<Split> split_;
    int pageSize_ = 500;
    qint64 matchingCount_ = 0;
    std::vector<Row> rows_;
    QString lastError_;
};

}  // namespace ts
