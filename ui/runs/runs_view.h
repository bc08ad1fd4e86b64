// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Runs view: the project's runs (status, step, loss, duration) with start/pause/resume/
// cancel, the selected run's details (recipe snapshot, dataset version, device, duration, final
// numbers, the go/no-go thresholds fixed when it started, error with what to change) and its
// live charts. Selecting several runs overlays
// their curves.
#include "app/runs/run_service.h"

#include <QHash>
#include <QPair>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace ts {
class RunListModel;
}

namespace ts::ui {

class RunCharts;

class RunsView : public QWidget {
    Q_OBJECT
public:
    explicit RunsView(QWidget* parent = nullptr);

    // The project's store and its run queue (both may be null: no project).
    void setProject(const ProjectStore* store, RunService* service);
    void refresh();
    void selectRun(qint64 runId);

    RunCharts* charts() const { return charts_; }
    QTableView* table() const { return table_; }
    QList<qint64> selectedRunIds() const;

private:
    void updateSelection();
    void updateButtons();
    void showDetails();
    QString gateHtml(const RunRecord& run, const QJsonObject& recipe) const;
    void onMetrics(const QVector<ts::MetricPoint>& points);
    void showPendingProgress();
    void startSelected();
    void pauseSelected();
    void resumeSelected();
    void cancelSelected();
    void exportCharts();

    const ProjectStore* store_ = nullptr;
    QPointer<RunService> service_;
    RunListModel* model_ = nullptr;
    QTableView* table_ = nullptr;
    QPushButton* startButton_ = nullptr;
    QPushButton* pauseButton_ = nullptr;
    QPushButton* resumeButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QPushButton* exportButton_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QTextBrowser* details_ = nullptr;
    QPlainTextEdit* log_ = nullptr;
    RunCharts* charts_ = nullptr;
    QList<qint64> shownRuns_;
    QHash<qint64, QPair<qint64, qint64>> pendingProgress_;  // run -> (step, total), not yet shown
    QTimer progressTimer_;
};

}  // namespace ts::ui
