// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/eval/example_compare_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace ts::ui {

namespace {
const QColor kRightTint(0xd9, 0xf2, 0xdf);
const QColor kWrongTint(0xfb, 0xdd, 0xdd);
const QColor kRegressionTint(0xf8, 0xc4, 0xc4);
}  // namespace

QString subjectTitle(const EvalRunInfo& run) {
    return run.adapterVersionId == 0 ? QObject::tr("base model") : run.adapterName;
}

ExampleCompareModel::ExampleCompareModel(QObject* parent) : QAbstractTableModel(parent) {}

void ExampleCompareModel::setComparison(const EvalComparison& comparison) {
    beginResetModel();
    comparison_ = comparison;
    endResetModel();
}

int ExampleCompareModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(comparison_.examples.size());
}

int ExampleCompareModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : statusColumn() + 1;
}

QVariant ExampleCompareModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= comparison_.examples.size()) return {};
    const ExampleComparisonRow& e = comparison_.examples[index.row()];
    const int column = index.column();
    const int subject = column - kFixedColumns;
    const bool isOutput = subject >= 0 && subject < comparison_.columns.size();
    switch (role) {
    case ExampleIdRole: return e.exampleId;
    case RegressedRole: return e.regressed();
    case LabelRole: return e.label;
    case TagsRole: return e.tags;
    case Qt::DisplayRole:
    case Qt::ToolTipRole: {
        if (column == IdColumn) return e.exampleId;
        if (column == InputColumn) return e.input;
        if (column == ReferenceColumn) return e.reference;
        if (column == LabelColumn) return e.label;
        if (column == TagsColumn) return e.tags.join(QStringLiteral(", "));
        if (isOutput) {
            const auto& correct = e.correct[subject];
            if (!correct && e.outputs[subject].isEmpty()) return tr("(not evaluated)");
            const QString mark = !correct ? QString() : *correct ? QStringLiteral("✓ ") : QStringLiteral("✗ ");
            return mark + e.outputs[subject];
        }
        if (column == statusColumn()) {
            QStringList where, fixed;
            for (int c = 1; c < comparison_.columns.size(); ++c) {
                if (e.regressedIn[c]) where << subjectTitle(comparison_.columns[c]);
                if (e.fixedIn(c)) fixed << subjectTitle(comparison_.columns[c]);
            }
            if (!where.isEmpty()) return tr("REGRESSION in %1").arg(where.join(QStringLiteral(", ")));
            if (!fixed.isEmpty()) return tr("fixed in %1").arg(fixed.join(QStringLiteral(", ")));
            return QString();
        }
        return {};
    }
    case Qt::BackgroundRole:
        if (isOutput && e.correct[subject])
            return QBrush(e.regressedIn[subject] ? kRegressionTint : *e.correct[subject] ? kRightTint : kWrongTint);
        if (e.regressed()) return QBrush(kRegressionTint.lighter(108));
        return {};
    case Qt::ForegroundRole:
        if (e.regressed() || isOutput) return QBrush(QColor(0x20, 0x20, 0x20));  // readable on the tints
        return {};
    case Qt::FontRole:
        if (column == statusColumn() && e.regressed()) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    default: return {};
    }
}

QVariant ExampleCompareModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case IdColumn: return tr("ID");
    case InputColumn: return tr("Input");
    case ReferenceColumn: return tr("Reference");
    case LabelColumn: return tr("Label");
    case TagsColumn: return tr("Tags");
    default: break;
    }
    const int subject = section - kFixedColumns;
    if (subject >= 0 && subject < comparison_.columns.size())
        return tr("Output: %1").arg(subjectTitle(comparison_.columns[subject]));
    if (section == statusColumn()) return tr("Status");
    return {};
}

ExampleFilterProxy::ExampleFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {}

void ExampleFilterProxy::setRegressionsOnly(bool on) {
    regressionsOnly_ = on;
    invalidateFilter();
}

void ExampleFilterProxy::setLabel(const QString& label) {
    label_ = label;
    invalidateFilter();
}

void ExampleFilterProxy::setTag(const QString& tag) {
    tag_ = tag;
    invalidateFilter();
}

QList<qint64> ExampleFilterProxy::visibleExampleIds() const {
    QList<qint64> ids;
    for (int row = 0; row < rowCount(); ++row)
        ids << index(row, 0).data(ExampleCompareModel::ExampleIdRole).toLongLong();
    return ids;
}

bool ExampleFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (regressionsOnly_ && !index.data(ExampleCompareModel::RegressedRole).toBool()) return false;
    if (!label_.isEmpty() && index.data(ExampleCompareModel::LabelRole).toString() != label_) return false;
    if (!tag_.isEmpty() && !index.data(ExampleCompareModel::TagsRole).toStringList().contains(tag_)) return false;
    return true;
}

}  // namespace ts::ui
