// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Live training charts (QCustomPlot): training loss raw and smoothed (EMA), eval loss, learning
// rate, gradient norm, tokens/s and peak memory, for one run or several overlaid.
//
// Updates are coalesced: appendPoints() (any thread) only appends to a buffer under a mutex;
// the first point after a drawn frame arms a 40 ms single-shot timer, and the timer's tick moves
// the buffer out, adds it to the graphs and asks for one queued replot per chart. A run that
// logs a thousand steps a second still costs the GUI thread ~25 small redraws a second, and
// the six charts of one tick are redrawn one per event-loop pass, never back to back.
// Mouse: drag pans, wheel zooms, double-click goes back to following the data.
#include "app/runs/metric_buffer.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QTimer>
#include <QWidget>

class QCPGraph;
class QCustomPlot;

namespace ts::ui {

class RunCharts : public QWidget {
    Q_OBJECT
public:
    enum class Chart { TrainLoss, EvalLoss, LearningRate, GradNorm, TokensPerSecond, Memory };
    static constexpr int kChartCount = 6;
    static constexpr int kCoalesceMs = 40;
    static constexpr double kEmaWeight = 0.9;  // smoothed = 0.9 * previous + 0.1 * raw

    explicit RunCharts(QWidget* parent = nullptr);

    struct RunLabel {
        qint64 runId = 0;
        QString name;
    };
    // Shows these runs (several overlay, each in its own colour) with their stored metrics.
    void showRuns(QSqlDatabase db, const QList<RunLabel>& runs);
    void clear();
    // Points for any shown run; others are ignored. Safe from any thread.
    void appendPoints(const QVector<ts::MetricPoint>& points);

    // Frames drawn so far (one per coalescing tick), for tests and the benchmark.
    int frameCount() const { return frameCount_; }
    QCustomPlot* plot(Chart chart) const { return plots_[int(chart)]; }
    int pointCount(qint64 runId, Chart chart) const;  // raw points of one run in one chart

    bool exportPng(const QString& path);  // the whole grid as one image
    bool exportPdf(const QString& path);  // the whole grid, vector
    bool exportSvg(const QString& path);  // the whole grid, vector (QtSvg)
    bool exportCsv(const QString& path, QString* error = nullptr) const;  // run,metric,step,value

signals:
    void framePainted();

private:
    struct Series {
        QString name;
        QColor color;
        QCPGraph* graphs[kChartCount] = {};
        QCPGraph* smoothed = nullptr;
        double ema = 0;
        bool hasEma = false;
        QVector<MetricPoint> points;  // every raw point shown, for CSV export
    };

    void drainPending();
    void addPoint(Series& series, const MetricPoint& point);
    void rescaleFollowing();
    void replotNext();
    void exportMenu(const QPoint& globalPos);
    Series& addSeries(qint64 runId, const QString& name);

    QCustomPlot* plots_[kChartCount] = {};
    bool following_[kChartCount] = {};
    QHash<qint64, Series> series_;
    QList<qint64> order_;

    QMutex pendingMutex_;
    QVector<MetricPoint> pending_;
    QTimer coalesceTimer_;
    // Charts waiting for their replot. One chart is redrawn per event-loop pass, so six redraws
    // never run back to back on the GUI thread (queued replots would all run in one pass).
    QList<QCustomPlot*> replotQueue_;
    QTimer replotTimer_;
    int frameCount_ = 0;
};

}  // namespace ts::ui
