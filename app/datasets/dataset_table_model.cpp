// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/dataset_table_model.h"

#include <QFutureWatcher>
#include <QHash>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <limits>

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
    : QAbstractTableModel(parent), db_(std::move(db)), countPool_(new QThreadPool(this)) {
    countPool_->setMaxThreadCount(1);
}

DatasetTableModel::~DatasetTableModel() {
    generation_->fetch_add(1);  // queued counts return at once
    countPool_->waitForDone();
}

qint64 DatasetTableModel::matchingCount() const {
    return countExact_ ? matchingCount_ : qint64(rows_.size());
}

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

void DatasetTableModel::setFilter(const ExampleFilter& filter) {
    filter_ = filter;
    reload();
}

void DatasetTableModel::setFilters(const QString& searchText, std::optional<Split> split,
                                   const ExampleFilter& filter) {
    search_ = searchText.trimmed();
    split_ = split;
    filter_ = filter;
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

DatasetTableModel::Conditions DatasetTableModel::conditions(SearchPlan plan,
                                                            const IdRange* idRange) const {
    Conditions c;
    const bool search = !search_.isEmpty();
    if (search && plan == SearchPlan::FromMatches) {
        // Used with "FROM examples_fts CROSS JOIN version_examples ve": the CROSS JOIN keeps the
        // index as the outer loop, each match one primary-key lookup (version_id, example_id).
        c.sql = QStringLiteral(" WHERE examples_fts MATCH ? AND ve.version_id = ? "
                               "AND ve.example_id = examples_fts.rowid");
        c.values << ftsQuery(search_) << versionId_;
    } else {
        c.sql = QStringLiteral(" WHERE ve.version_id = ?");
        c.values << versionId_;
    }
    if (split_) {
        c.sql += QStringLiteral(" AND ve.split = ?");
        c.values << splitName(*split_);
    }
    if (!filter_.tag.isEmpty()) {
        c.sql += QStringLiteral(" AND ve.example_id IN (SELECT et.example_id FROM example_tags et "
                                "JOIN tags t ON t.id = et.tag_id WHERE t.name = ?)");
        c.values << filter_.tag;
    }
    if (!filter_.label.isEmpty()) {
        c.sql += QStringLiteral(" AND (SELECT x.label FROM examples x WHERE x.id = ve.example_id) = ?");
        c.values << filter_.label;
    }
    if (filter_.flag) {
        c.sql += QStringLiteral(" AND ve.example_id IN "
                                "(SELECT example_id FROM example_flags WHERE flag = ?)");
        c.values << exampleFlagName(*filter_.flag);
    }
    if (filter_.minChars > 0 || filter_.maxChars > 0) {
        c.sql += QStringLiteral(" AND (SELECT length(x.input_text) + length(x.output_text) "
                                "FROM examples x WHERE x.id = ve.example_id) BETWEEN ? AND ?");
        c.values << filter_.minChars
                 << (filter_.maxChars > 0 ? filter_.maxChars : std::numeric_limits<qint64>::max());
    }
    if (filter_.minTokens > 0 || filter_.maxTokens > 0) {
        c.sql += QStringLiteral(" AND (SELECT x.token_count FROM examples x WHERE x.id = ve.example_id) "
                                "BETWEEN ? AND ?");
        c.values << filter_.minTokens
                 << (filter_.maxTokens > 0 ? filter_.maxTokens : std::numeric_limits<qint64>::max());
    }
    if (search && plan != SearchPlan::FromMatches) {
        c.sql += QStringLiteral(" AND ve.example_id IN "
                                "(SELECT rowid FROM examples_fts WHERE examples_fts MATCH ?");
        c.values << ftsQuery(search_);
        if (idRange) {
            c.sql += QStringLiteral(" AND rowid BETWEEN ? AND ?");
            c.values << idRange->first << idRange->second;
        }
        c.sql += QLatin1Char(')');
    }
    return c;
}

SearchPlan DatasetTableModel::choosePlan(qint64 versionRows) const {
    if (searchPlan_ != SearchPlan::Auto) return searchPlan_;
    if (indexMatchCount_ <= matchDrivenCutoff_) return SearchPlan::FromMatches;
    // Rows the walk reads to fill one page if the matches are spread evenly; few matches in this
    // version (the rest in other datasets) make the walk long however common the word is.
    const double walkRows = matchingCount_ > 0
                                ? double(versionRows) * pageSize_ / double(matchingCount_)
                                : double(versionRows);
    return double(indexMatchCount_) < std::min(walkRows, double(versionRows))
               ? SearchPlan::FromMatches
               : SearchPlan::PositionWalk;
}

namespace {
// Prepares, binds and runs; the driver's message on failure, empty on success.
QString execute(QSqlQuery& query, const QString& sql, const QVariantList& values) {
    query.setForwardOnly(true);
    if (!query.prepare(sql)) return query.lastError().text();
    for (const auto& value : values) query.addBindValue(value);
    if (!query.exec()) return query.lastError().text();
    return {};
}
}  // namespace

void DatasetTableModel::reload() {
    beginResetModel();
    generation_->fetch_add(1);
    rows_.clear();
    matchingCount_ = 0;
    countExact_ = true;
    exhausted_ = false;
    indexMatchCount_ = 0;
    versionRows_ = 0;
    lastPosition_ = -1;
    activePlan_ = SearchPlan::Auto;
    lastError_.clear();
    if (versionId_ > 0) {
        qint64 versionRows = 0;
        qint64 projectIdSpan = 0;
        bool counted = false;
        if (!search_.isEmpty()) {
            // Counting the index's matches reads only its doclists: cheap even for common words.
            QSqlQuery q(db_);
            lastError_ = execute(q, QStringLiteral("SELECT count(*) FROM examples_fts "
                                                   "WHERE examples_fts MATCH ?"),
                                 {ftsQuery(search_)});
            if (lastError_.isEmpty() && q.next()) indexMatchCount_ = q.value(0).toLongLong();
            QSqlQuery v(db_);
            if (execute(v, QStringLiteral("SELECT example_count, (SELECT max(position) FROM "
                                          "version_examples WHERE version_id = ?), "
                                          // two subqueries: min and max in one scan all rows
                                          "(SELECT max(id) FROM examples) - "
                                          "(SELECT min(id) FROM examples) + 1 "
                                          "FROM dataset_versions WHERE id = ?"),
                        {versionId_, versionId_}).isEmpty() && v.next()) {
                versionRows = v.value(0).toLongLong();
                lastPosition_ = v.value(1).isNull() ? -1 : v.value(1).toLongLong();
                projectIdSpan = v.value(2).toLongLong();
                // N distinct example ids of a version that fit in an id span of N are every
                // example of the project (the usual one-dataset project): then each index match
                // is a row of this version and counting them again through the version, which
                // costs a lookup per match, can be skipped.
                const bool holdsEveryExample =
                    versionRows > 0 && v.value(2).toLongLong() == versionRows;
                if (holdsEveryExample && !split_ && filter_ == ExampleFilter{}) {
                    matchingCount_ = indexMatchCount_;
                    counted = true;
                }
            }
        }
        const QString file = db_.databaseName();
        const bool fileBacked = !file.isEmpty() && file != QLatin1String(":memory:");
        if (lastError_.isEmpty() && !counted && !search_.isEmpty() &&
            indexMatchCount_ > matchDrivenCutoff_ && fileBacked) {
            // Many matches: counting them in the version is the slow part (a lookup each), so it
            // runs in the background. Until it arrives the plan and the walk's step work with the
            // share of the project this version holds, ignoring the other filters.
            countExact_ = false;
            matchingCount_ =
                projectIdSpan > 0
                    ? std::max<qint64>(1, indexMatchCount_ * versionRows / projectIdSpan)
                    : indexMatchCount_;
            counted = true;
        }
        if (lastError_.isEmpty() && !counted) {
            // Few matches: one primary-key lookup per match (the CROSS JOIN keeps the index as the
            // outer loop; with a split filter SQLite would otherwise walk the split's rows).
            // Without a search: the version's rows through its indexes.
            const SearchPlan plan =
                search_.isEmpty() ? SearchPlan::PositionWalk : SearchPlan::FromMatches;
            const Conditions c = conditions(plan);
            QSqlQuery count(db_);
            lastError_ =
                execute(count,
                        (plan == SearchPlan::FromMatches
                             ? QStringLiteral("SELECT count(*) FROM examples_fts "
                                              "CROSS JOIN version_examples ve")
                             : QStringLiteral("SELECT count(*) FROM version_examples ve")) +
                            c.sql,
                        c.values);
            if (lastError_.isEmpty() && count.next()) matchingCount_ = count.value(0).toLongLong();
        }
        if (!search_.isEmpty() && lastError_.isEmpty()) activePlan_ = choosePlan(versionRows);
        versionRows_ = versionRows;
    }
    endResetModel();
    if (!countExact_) startBackgroundCount();
    if (canFetchMore()) fetchMore();
}

void DatasetTableModel::startBackgroundCount() {
    const Conditions c = conditions(SearchPlan::PositionWalk);
    const QString sql = QStringLiteral("SELECT count(*) FROM version_examples ve") + c.sql;
    const QString file = db_.databaseName();
    const quint64 generation = generation_->load();
    auto live = generation_;
    auto* watcher = new QFutureWatcher<qint64>(this);
    connect(watcher, &QFutureWatcher<qint64>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        // The filters changed meanwhile, or the pages already reached the last match.
        if (generation != generation_->load() || countExact_) return;
        qint64 count = watcher->result();
        if (count < 0) {  // no second connection (or it failed): count here after all
            const Conditions here = conditions(SearchPlan::PositionWalk);
            QSqlQuery q(db_);
            lastError_ =
                execute(q, QStringLiteral("SELECT count(*) FROM version_examples ve") + here.sql,
                        here.values);
            count = lastError_.isEmpty() && q.next() ? q.value(0).toLongLong()
                                                     : qint64(rows_.size());
        }
        matchingCount_ = std::max(count, qint64(rows_.size()));
        countExact_ = true;
        emit matchingCountChanged();
    });
    watcher->setFuture(QtConcurrent::run(countPool_, [file, sql, values = c.values, generation,
                                                      live]() -> qint64 {
        if (generation != live->load()) return 0;  // superseded before it started
        // One connection per thread (SQLite and QtSql both want it so), read-only: the count
        // never holds a write lock, and in WAL mode it does not block the writers either.
        const QString name = QStringLiteral("ts_dataset_count_%1")
                                 .arg(quintptr(QThread::currentThreadId()));
        qint64 count = -1;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(file);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
            if (db.open()) {
                QSqlQuery q(db);
                if (execute(q, sql, values).isEmpty() && q.next()) count = q.value(0).toLongLong();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return count;
    }));
}

void DatasetTableModel::refreshTokenCounts() {
    if (rows_.empty()) return;
    // In chunks: SQLite limits the number of bound values per statement.
    constexpr size_t kChunk = 500;
    int firstChanged = -1, lastChanged = -1;
    for (size_t start = 0; start < rows_.size(); start += kChunk) {
        const size_t end = std::min(rows_.size(), start + kChunk);
        QHash<qint64, size_t> rowOf;
        QStringList marks;
        QSqlQuery q(db_);
        for (size_t i = start; i < end; ++i) {
            rowOf.insert(rows_[i].exampleId, i);
            marks << QStringLiteral("?");
        }
        q.prepare(QStringLiteral("SELECT id, token_count FROM examples WHERE id IN (%1)")
                      .arg(marks.join(QLatin1Char(','))));
        for (size_t i = start; i < end; ++i) q.addBindValue(rows_[i].exampleId);
        if (!q.exec()) {
            lastError_ = q.lastError().text();
            return;
        }
        while (q.next()) {
            const size_t i = rowOf.value(q.value(0).toLongLong());
            const int tokens = q.value(1).isNull() ? -1 : q.value(1).toInt();
            if (rows_[i].tokens == tokens) continue;
            rows_[i].tokens = tokens;
            if (firstChanged < 0 || int(i) < firstChanged) firstChanged = int(i);
            lastChanged = std::max(lastChanged, int(i));
        }
    }
    if (firstChanged >= 0)
        emit dataChanged(index(firstChanged, TokensColumn), index(lastChanged, TokensColumn),
                         {Qt::DisplayRole});
}

int DatasetTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int DatasetTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

bool DatasetTableModel::canFetchMore(const QModelIndex& parent) const {
    if (parent.isValid() || exhausted_) return false;
    return countExact_ ? qint64(rows_.size()) < matchingCount_ : true;
}

void DatasetTableModel::fetchMore(const QModelIndex& parent) {
    if (!canFetchMore(parent)) return;
    // The page's members first (sorted and limited on narrow rows), then their texts and tags:
    // so a plan that sorts every match never carries the texts through the sort.
    const bool fromMatches = activePlan_ == SearchPlan::FromMatches;
    const QString memberTable = fromMatches
                                    ? QStringLiteral("examples_fts CROSS JOIN version_examples ve")
                                    : QStringLiteral("version_examples ve");
    auto readMembers = [&](const Conditions& c, const QString& positions, const QVariantList& values,
                           std::vector<Row>& page) {
        QSqlQuery q(db_);
        const QString error = execute(
            q,
            QStringLiteral("SELECT p.example_id, p.position, p.split, e.kind, "
                           "e.input_text, e.output_text, e.label, e.token_count, "
                           "(SELECT group_concat(t.name, ', ') FROM example_tags et "
                           " JOIN tags t ON t.id = et.tag_id WHERE et.example_id = e.id), "
                           "(SELECT group_concat(f.flag, ', ') FROM example_flags f "
                           " WHERE f.example_id = e.id) "
                           "FROM (SELECT ve.example_id, ve.position, ve.split FROM ") +
                memberTable + c.sql + positions +
                QStringLiteral(" ORDER BY ve.position LIMIT ?) p "
                               "JOIN examples e ON e.id = p.example_id ORDER BY p.position"),
            c.values + values);
        while (error.isEmpty() && q.next()) {
            Row r;
            r.exampleId = q.value(0).toLongLong();
            r.position = q.value(1).toLongLong();
            r.split = q.value(2).toString();
            r.kind = q.value(3).toString();
            r.input = q.value(4).toString();
            r.output = q.value(5).toString();
            r.label = q.value(6).toString();
            r.tokens = q.value(7).isNull() ? -1 : q.value(7).toInt();
            r.tags = q.value(8).toString();
            r.flags = q.value(9).toString();
            page.push_back(std::move(r));
        }
        return error;
    };

    const qint64 after = rows_.empty() ? -1 : rows_.back().position;
    std::vector<Row> page;
    QString error;
    if (activePlan_ != SearchPlan::PositionWalk) {
        error = readMembers(conditions(activePlan_), QStringLiteral(" AND ve.position > ?"),
                            {after, pageSize_}, page);
    } else {
        // Walks the positions in chunks sized for a page at the matches' density, and asks the
        // index only for the chunk's example-id range: materializing every match of a common
        // word for the IN list would cost as much as reading them all. Ids follow positions in
        // imported and curated versions, so the range stays narrow; where it does not, the
        // query is still right, only slower.
        const qint64 density =
            std::max<qint64>(1, versionRows_ / std::max<qint64>(1, matchingCount_));
        qint64 span = 2 * qint64(pageSize_) * density + pageSize_;
        qint64 walked = 0;
        for (qint64 from = after;
             error.isEmpty() && qint64(page.size()) < pageSize_ && from < lastPosition_;) {
            // With a split filter only that split's rows count (and its index, which holds the
            // example ids, reads a tenth of the entries for an eval split).
            QSqlQuery range(db_);
            QVariantList rangeValues{versionId_, from, from + span};
            if (split_) rangeValues << splitName(*split_);
            error = execute(range,
                            QStringLiteral("SELECT min(example_id), max(example_id) "
                                           "FROM version_examples WHERE version_id = ? "
                                           "AND position > ? AND position <= ?") +
                                (split_ ? QStringLiteral(" AND split = ?") : QString()),
                            rangeValues);
            if (!error.isEmpty() || !range.next()) break;
            if (!range.value(0).isNull()) {  // else none of the split's rows are in this chunk
                const IdRange ids{range.value(0).toLongLong(), range.value(1).toLongLong()};
                error = readMembers(conditions(activePlan_, &ids),
                                    QStringLiteral(" AND ve.position > ? AND ve.position <= ?"),
                                    {from, from + span, pageSize_ - qint64(page.size())}, page);
            }
            from += span;
            walked += span;
            // The next chunk: what the density met so far says the rest of the page needs, with
            // a margin (the first guess ignores filters such as the split); double while nothing
            // was found.
            const qint64 found = qint64(page.size());
            span = found > 0
                       ? std::max<qint64>(pageSize_, (pageSize_ - found) * walked / found * 3 / 2)
                       : span * 2;
        }
    }
    if (!error.isEmpty()) {
        lastError_ = error;
        exhausted_ = true;  // stop asking for more
        return;
    }
    // Fewer rows than asked for: the last match is in. (With an exact count this only happens
    // when the version changed under us; stop rather than loop.)
    if (qint64(page.size()) < pageSize_) exhausted_ = true;
    if (!page.empty()) {
        const int first = int(rows_.size());
        beginInsertRows({}, first, first + int(page.size()) - 1);
        for (auto& r : page) rows_.push_back(std::move(r));
        endInsertRows();
    }
    if (exhausted_ && !countExact_) {  // every match is loaded: that is the count
        matchingCount_ = qint64(rows_.size());
        countExact_ = true;
        emit matchingCountChanged();
    }
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
        case TagsColumn: return r.tags;
        case StatusColumn: return r.flags;
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
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole && section == TokensColumn)
        return tr("Length in the model's tokens: the sequence training makes of the example, "
                  "chat template included (empty until counted)");
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case PositionColumn: return tr("#");
    case SplitColumn: return tr("Split");
    case KindColumn: return tr("Kind");
    case InputColumn: return tr("Input");
    case OutputColumn: return tr("Output");
    case LabelColumn: return tr("Label");
    case TagsColumn: return tr("Tags");
    case StatusColumn: return tr("Status");
    case TokensColumn: return tr("Tokens");
    }
    return {};
}

}  // namespace ts
