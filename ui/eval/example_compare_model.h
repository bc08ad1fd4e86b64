// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Per-example side-by-side table of a comparison: id, input, reference, label, tags, then one
// output column per compared subject (✓ / ✗ and tinted), then a status naming where the example
// regressed. Regressed rows are highlighted. The proxy filters by "regressions only", label and
// tag, so a reviewer can go straight to what the newer adapter broke.
#include "app/eval/eval_compare.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace ts::ui {

class ExampleCompareModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum FixedColumn { IdColumn, InputColumn, ReferenceColumn, LabelColumn, TagsColumn, kFixedColumns };
    enum Role { ExampleIdRole = Qt::UserRole + 1, RegressedRole, LabelRole, TagsRole };

    explicit ExampleCompareModel(QObject* parent = nullptr);
    void setComparison(const EvalComparison& comparison);
    const EvalComparison& comparison() const { return comparison_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    int statusColumn() const { return kFixedColumns + int(comparison_.columns.size()); }

private:
    EvalComparison comparison_;
};

class ExampleFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ExampleFilterProxy(QObject* parent = nullptr);
    void setRegressionsOnly(bool on);
    void setLabel(const QString& label);  // empty: any
    void setTag(const QString& tag);      // empty: any
    QList<qint64> visibleExampleIds() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    bool regressionsOnly_ = false;
    QString label_, tag_;
};

// "base" or the adapter version's name, as column titles read.
QString subjectTitle(const EvalRunInfo& run);

}  // namespace ts::ui
