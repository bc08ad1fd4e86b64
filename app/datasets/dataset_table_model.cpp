// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/dataset_table_model.h"

#include <QSqlError>
#include <QRegularExpression>
#include <QSqlQuery>

namespace ts {

namespace {
// Table cells show one line of a long text; the detail pane shows it whole.
QString cellText(const QString& text) {
    constexpr qsizetype kMaxChars = 200;
    QString line = text.left(kMaxChars + 1);
    line.replace(QLatin1Char('\n'), QChar(0x21B5));  // ↵
    if (line.size() > kMaxChars) {
        line.truncate(kMaxChars);
        line += QChar(0x2026);  // …
    }
    return line;
}
}  // namespace

DatasetTableModel::DatasetTableModel(QSqlDatabase db, QObject* parent)
    : QAbstractTableModel(parent), db_(std::move(db)) {}

void DatasetTableModel::setVersion(qint64 versionId) {
    versionId_ = versionId;
    reload();
}

void DatasetTableModel::setSearchText(const QString& text) {
    search_ = text.trimmed();
    reload();
}

void DatasetTableModel::setSplitFilter(std::optional<Split> split) {
    split_ = split;
    reload();
}

QString DatasetTableModel::ftsQuery(const QString& text) {
    QStringList terms;
    const QStringList words = text.split(QRegularExpression(QStringLiteral("\\s+")),
                                         Qt::SkipEmptyParts);
    for (qsizetype i = 0; i < words.size(); ++i) {
        QString word = words[i];
        word.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        terms << QLatin1Char('"') + word + QLatin1Char('"') +
                     (i + 1 == words.size() ? QStringLiteral("*") : QString());
    }
    return terms.join(QLatin1Char(' '));
}

QString DatasetTableModel::whereClause() const {
    QString where = QStringLiteral(" WHERE ve.version_id = ?");
    if (split_) where += QStringLiteral(" AND ve.split = ?");
    if (!search_.isEmpty())
        where += QStringLiteral(" AND ve.example_id IN "
                                "(SELECT rowid FROM examples_fts WHERE examples_fts MATCH ?)");
    return where;
}

void DatasetTableModel::bindFilters(QSqlQuery& query) const {
    query.addBindValue(versionId_);
    if (split_) query.addBindValue(splitName(*split_));
    if (!search_.isEmpty()) query.addBindValue(ftsQuery(search_));
}

void DatasetTableModel::reload() {
    beginResetModel();
    rows_.clear();
    matchingCount_ = 0;
    lastError_.clear();
    if (versionId_ > 0) {
        QSqlQuery count(db_);
        if (count.prepare(QStringLiteral("SELECT count(*) FROM version_examples ve") +
                          whereClause())) {
            bindFilters(count);
            if (count.exec() && count.next()) matchingCount_ = count.value(0).toLongLong();
        }
        if (count.lastError().isValid()) lastError_ = count.lastError().text();
    }
    endResetModel();
    if (canFetchMore()) fetchMore();
}

int DatasetTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int DatasetTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

bool DatasetTableModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && qint64(rows_.size()) < matchingCount_;
}

void DatasetTableModel::fetchMore(const QModelIndex& parent) {
    if (!canFetchMore(parent)) return;
    QSqlQuery q(db_);
    q.setForwardOnly(true);
    const qint64 after = rows_.empty() ? -1 : rows_.back().position;
    if (!q.prepare(QStringLiteral("SELECT ve.example_id, ve.position, ve.split, e.kind, "
                                  "e.input_text, e.output_text, e.label, e.token_count "
                                  "FROM version_examples ve JOIN examples e ON e.id = ve.example_id") +
                   whereClause() + QStringLiteral(" AND ve.position > ? ORDER BY ve.position LIMIT ?"))) {
        lastError_ = q.lastError().text();
        matchingCount_ = qint64(rows_.size());
        return;
    }
    bindFilters(q);
    q.addBindValue(after);
    q.addBindValue(pageSize_);
    if (!q.exec()) {
        lastError_ = q.lastError().text();
        matchingCount_ = qint64(rows_.size());  // stop asking for more
        return;
    }
    std::vector<Row> page;
    while (q.next()) {
        Row r;
        r.exampleId = q.value(0).toLongLong();
        r.position = q.value(1).toLongLong();
        r.split = q.value(2).toString();
        r.kind = q.value(3).toString();
        r.input = q.value(4).toString();
        r.output = q.value(5).toString();
        r.label = q.value(6).toString();
        r.tokens = q.value(7).isNull() ? -1 : q.value(7).toInt();
        page.push_back(std::move(r));
    }
    if (page.empty()) {  // the version changed under us: stop rather than loop
        matchingCount_ = qint64(rows_.size());
        return;
    }
    const int first = int(rows_.size());
    beginInsertRows({}, first, first + int(page.size()) - 1);
    for (auto& r : page) rows_.push_back(std::move(r));
    endInsertRows();
}

QVariant DatasetTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() < 0 || size_t(index.row()) >= rows_.size()) return {};
    const Row& r = rows_[size_t(index.row())];
    switch (role) {
    case ExampleIdRole: return r.exampleId;
    case FullInputRole: return r.input;
    case FullOutputRole: return r.output;
    case Qt::DisplayRole:
        switch (index.column()) {
        case PositionColumn: return r.position + 1;
        case SplitColumn: return r.split;
        case KindColumn: return r.kind;
        case InputColumn: return cellText(r.input);
        case OutputColumn: return cellText(r.output);
        case LabelColumn: return r.label;
        case TokensColumn: return r.tokens < 0 ? QVariant() : QVariant(r.tokens);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == InputColumn) return r.input.left(2000);
        if (index.column() == OutputColumn) return r.output.left(2000);
        return {};
    }
    return {};
}

QVariant DatasetTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case PositionColumn: return tr("#");
    case SplitColumn: return tr("Split");
    case KindColumn: return tr("Kind");
    case InputColumn: return tr("Input");
    case OutputColumn: return tr("Output");
    case LabelColumn: return tr("Label");
    case TokensColumn: return tr("Tokens");
    }
    return {};
}

}  // namespace ts
