// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/run_list_model.h"

#include "engine/core/error.h"

#include <QDateTime>
#include <QLocale>

namespace ts {

QString runDurationText(const QString& start, const QString& end) {
    if (start.isEmpty()) return {};
    const QDateTime from = QDateTime::fromString(start, Qt::ISODateWithMs);
    const QDateTime to = end.isEmpty() ? QDateTime::currentDateTimeUtc()
                                       : QDateTime::fromString(end, Qt::ISODateWithMs);
    const qint64 seconds = std::max<qint64>(0, from.secsTo(to));
    if (seconds < 60) return RunListModel::tr("%1 s").arg(seconds);
    if (seconds < 3600) return RunListModel::tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return RunListModel::tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

RunListModel::RunListModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunListModel::setDatabase(QSqlDatabase db) {
    db_ = db;
    refresh();
}

RunListModel::Row RunListModel::readRow(const RunRecord& run) const {
    Row row;
    row.run = run;
    try {
        row.loss = lastMetricValue(db_, run.id, metric::kLoss);
    } catch (const Error&) {
    }
    return row;
}

void RunListModel::refresh() {
    beginResetModel();
    rows_.clear();
    if (db_.isValid() && db_.isOpen()) {
        try {
            for (const RunRecord& run : listRuns(db_)) rows_.push_back(readRow(run));
        } catch (const Error&) {
            rows_.clear();
        }
    }
    endResetModel();
}

void RunListModel::updateRun(qint64 runId) {
    std::optional<RunRecord> run;
    try {
        run = loadRun(db_, runId);
    } catch (const Error&) {
        return;
    }
    if (!run) return;
    const int row = rowOfRun(runId);
    if (row < 0) {
        // New runs are the newest: they go on top.
        beginInsertRows({}, 0, 0);
        rows_.prepend(readRow(*run));
        endInsertRows();
        return;
    }
    const qint64 step = rows_[row].step, total = rows_[row].totalSteps;
    rows_[row] = readRow(*run);
    rows_[row].step = step;
    rows_[row].totalSteps = total;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void RunListModel::setProgress(qint64 runId, qint64 step, qint64 totalSteps) {
    const int row = rowOfRun(runId);
    if (row < 0) return;
    rows_[row].step = step;
    rows_[row].totalSteps = totalSteps;
    emit dataChanged(index(row, Progress), index(row, Progress));
}

void RunListModel::setLastLoss(qint64 runId, double loss) {
    const int row = rowOfRun(runId);
    if (row < 0) return;
    rows_[row].loss = loss;
    emit dataChanged(index(row, Loss), index(row, Loss));
}

const RunRecord* RunListModel::run(int row) const {
    return row >= 0 && row < rows_.size() ? &rows_[row].run : nullptr;
}

int RunListModel::rowOfRun(qint64 runId) const {
    for (int i = 0; i < rows_.size(); ++i)
        if (rows_[i].run.id == runId) return i;
    return -1;
}

int RunListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int RunListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size()) return {};
    const Row& row = rows_[index.row()];
    if (role == RunIdRole) return row.run.id;
    if (role == StatusRole) return int(row.run.status);
    if (role == Qt::TextAlignmentRole && (index.column() == Id || index.column() == Loss))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Status && !row.run.error.isEmpty())
        return row.run.error;
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case Id: return row.run.id;
    case Name: return row.run.name;
    case Status: return runStatusLabel(row.run.status);
    case Progress:
        if (row.totalSteps > 0) return tr("%1 / %2").arg(row.step).arg(row.totalSteps);
        return {};
    case Loss: return row.loss ? QLocale().toString(*row.loss, 'f', 4) : QString();
    case Started:
        if (row.run.started.isEmpty()) return {};
        {
            // Time only for today's runs; the date as well for older ones.
            const QDateTime started =
                QDateTime::fromString(row.run.started, Qt::ISODateWithMs).toLocalTime();
            const QLocale locale;
            return started.date() == QDate::currentDate()
                       ? locale.toString(started.time(), QLocale::ShortFormat)
                       : locale.toString(started, QLocale::ShortFormat);
        }
    case Duration:
        return runDurationText(row.run.started,
                               row.run.status == RunStatus::Running ||
                                       row.run.status == RunStatus::Paused
                                   ? QString()
                                   : (row.run.finished.isEmpty() ? row.run.heartbeat
                                                                 : row.run.finished));
    default: return {};
    }
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Id: return tr("#");
    case Name: return tr("Run");
    case Status: return tr("Status");
    case Progress: return tr("Step");
    case Loss: return tr("Loss");
    case Started: return tr("Started");
    case Duration: return tr("Duration");
    default: return {};
    }
}

}  // namespace ts
