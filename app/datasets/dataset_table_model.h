// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The examples of one dataset version as a table, fetched lazily in pages from SQLite so a
// version of a million rows costs one page of memory until the view scrolls (canFetchMore /
// fetchMore). Filters: full-text search (FTS5 over input and output) and split. Pages are read by
// position (keyset pagination), so every page costs the same however deep the view scrolls.
// A search picks one of two page queries by how many examples the full-text index matches (see
// SearchPlan): rare words are looked up from the index, common ones found by walking positions.
// Lives on the thread that owns the connection (the GUI thread).
//
// Counting a search's rows in the version costs a lookup per match. When the index matches more
// than matchDrivenCutoff() examples and the version is not simply every example of the project
// (a curated subset, a split filter, another filter), that is 0.3-0.8 s on a million examples, so
// the count runs on a worker thread with a read-only connection of its own while the first pages
// are shown: isMatchingCountExact() is false until matchingCountChanged() brings it.
#include "app/datasets/dataset_repository.h"

#include <QAbstractTableModel>
#include <QSqlDatabase>
#include <QVariant>

#include <atomic>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QThreadPool;

namespace ts {

// Narrows the rows beyond search and split. Empty / 0 = no condition.
struct ExampleFilter {
    QString tag;                      // examples carrying this tag
    QString label;                    // classification label
    std::optional<ExampleFlag> flag;  // e.g. edge_case, general_capability
    qint64 minChars = 0, maxChars = 0;  // input + output length in characters (inclusive)
    // Length in the model's tokens (examples.token_count, see token_lengths.h), inclusive;
    // examples not counted yet do not match while either bound is set.
    qint64 minTokens = 0, maxTokens = 0;
    bool operator==(const ExampleFilter& o) const {
        return tag == o.tag && label == o.label && flag == o.flag && minChars == o.minChars &&
               maxChars == o.maxChars && minTokens == o.minTokens && maxTokens == o.maxTokens;
    }
};

// How a search's pages are read.
//  - FromMatches: from the FTS matches into version_examples, then sorted by position. Costs one
//    lookup per match in the whole project, whatever the version's size: right for rare words.
//  - PositionWalk: version_examples in position order, each row checked against the matches,
//    until a page is full. Costs about pageSize x versionSize / versionMatches rows: right for
//    common words, where sorting every match would be the slow part.
//  - Auto: FromMatches when the index matches at most matchDrivenCutoff() examples, or fewer than
//    the walk is expected to read; else PositionWalk.
enum class SearchPlan { Auto, FromMatches, PositionWalk };

class DatasetTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr qint64 kDefaultMatchDrivenCutoff = 50000;

    enum Column { PositionColumn, InputColumn, OutputColumn, LabelColumn, TagsColumn, SplitColumn,
                  StatusColumn, TokensColumn, KindColumn, ColumnCount };
    enum Role { ExampleIdRole = Qt::UserRole + 1, FullInputRole, FullOutputRole };

    explicit DatasetTableModel(QSqlDatabase db, QObject* parent = nullptr);
    ~DatasetTableModel() override;  // waits for a count still running (its result is dropped)

    void setVersion(qint64 versionId);  // 0 = empty table
    qint64 versionId() const { return versionId_; }
    // Words to find in input or output (all of them; the last one as a prefix). Empty = all.
    void setSearchText(const QString& text);
    void setSplitFilter(std::optional<Split> split);
    void setFilter(const ExampleFilter& filter);
    // All three at once, with one reload (each setter above reloads on its own).
    void setFilters(const QString& searchText, std::optional<Split> split,
                    const ExampleFilter& filter);
    const ExampleFilter& filter() const { return filter_; }
    void setPageSize(int rows) { pageSize_ = std::max(1, rows); }
    // Forces a search plan (Auto by default) and sets Auto's cutoff; both take effect at the
    // next reload (any setter above).
    void setSearchPlan(SearchPlan plan) { searchPlan_ = plan; }
    void setMatchDrivenCutoff(qint64 maxIndexMatches) { matchDrivenCutoff_ = maxIndexMatches; }
    qint64 matchDrivenCutoff() const { return matchDrivenCutoff_; }
    // The plan the current search reads its pages with (never Auto while a search is set; Auto
    // when there is no search) and the number of examples in the project the index matched.
    SearchPlan activeSearchPlan() const { return activePlan_; }
    qint64 indexMatchCount() const { return indexMatchCount_; }

    // Rows matching the filters, loaded or not; while the count runs in the background, the rows
    // found so far (a lower bound).
    qint64 matchingCount() const;
    bool isMatchingCountExact() const { return countExact_; }
    QString lastError() const { return lastError_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent = {}) const override;
    void fetchMore(const QModelIndex& parent = {}) override;

    // Re-reads the token counts of the loaded rows (a token count job wrote some, see
    // token_lengths.h) and repaints that column; rows, order and filters stay as they are.
    void refreshTokenCounts();

    // FTS5 query for the search box: each word quoted (so FTS operators in user text are taken
    // literally), the last one as a prefix.
    static QString ftsQuery(const QString& text);

signals:
    // matchingCount() became exact: the background count arrived, or the pages reached the last
    // match first. Emitted on the model's thread.
    void matchingCountChanged();

private:
    struct Row {
        qint64 exampleId = 0;
        qint64 position = 0;
        QString split, kind, input, output, label, tags, flags;
        int tokens = -1;
    };
    // SQL conditions with their values, in placeholder order.
    struct Conditions {
        QString sql;
        QVariantList values;
    };
    using IdRange = std::pair<qint64, qint64>;  // inclusive example ids
    void reload();
    // Counts the current filters' rows on a worker thread (see the class comment).
    void startBackgroundCount();
    SearchPlan choosePlan(qint64 versionRows) const;
    // The rows' conditions: " WHERE …" over `ve` (version_examples), plus the FTS join's
    // conditions when `plan` is FromMatches; `idRange` narrows the walk's index lookup.
    Conditions conditions(SearchPlan plan, const IdRange* idRange = nullptr) const;

    QSqlDatabase db_;
    qint64 versionId_ = 0;
    QString search_;
    std::optional<Split> split_;
    ExampleFilter filter_;
    int pageSize_ = 500;
    SearchPlan searchPlan_ = SearchPlan::Auto;
    qint64 matchDrivenCutoff_ = kDefaultMatchDrivenCutoff;
    SearchPlan activePlan_ = SearchPlan::Auto;
    qint64 indexMatchCount_ = 0;
    qint64 versionRows_ = 0;     // the version's example count, read with a search
    qint64 lastPosition_ = -1;   // its highest position, read with a search
    qint64 matchingCount_ = 0;   // exact when countExact_, else the expected count (for the plan)
    bool countExact_ = true;
    bool exhausted_ = false;     // a fetch found the last matching row
    // Bumped by every reload: a background count of an older generation is not started, or its
    // result not used. Shared with the worker threads.
    std::shared_ptr<std::atomic<quint64>> generation_ = std::make_shared<std::atomic<quint64>>(0);
    QThreadPool* countPool_ = nullptr;  // one thread: counts run one at a time
    std::vector<Row> rows_;
    QString lastError_;
};

}  // namespace ts
