// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The runs of a project as a table model (newest first): name, status, progress, last loss,
// start time and duration. refresh() re-reads from SQLite; updateRun() re-reads one row, which
// is what the run queue's runChanged signal calls for.
#include "app/runs/run_store.h"

#include <QAbstractTableModel>
#include <QHash>

namespace ts {

class RunListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Name, Status, Progress, Loss, Started, Duration, ColumnCount };
    enum Role { RunIdRole = Qt::UserRole + 1, StatusRole };

    explicit RunListModel(QObject* parent = nullptr);

    void setDatabase(QSqlDatabase db);  // an invalid database empties the model
    void refresh();
    void updateRun(qint64 runId);
    void setProgress(qint64 runId, qint64 step, qint64 totalSteps);
    void setLastLoss(qint64 runId, double loss);

    const RunRecord* run(int row) const;
    int rowOfRun(qint64 runId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Row {
        RunRecord run;
        qint64 step = 0;
        qint64 totalSteps = 0;
        std::optional<double> loss;
    };
    Row readRow(const RunRecord& run) const;

    QSqlDatabase db_;
    QList<Row> rows_;
};

// "12 min 5 s" between two ISO timestamps (or until now when `end` is empty); empty when
// `start` is.
QString runDurationText(const QString& start, const QString& end);

}  // namespace ts
