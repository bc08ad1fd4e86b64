// SPDX-License-Identifier: GPL-3.0-or-later
// First: QCustomPlot needs Qt's foreach macro (see the header).
#include "ui/charts/qcustomplot_include.h"

#include "ui/charts/run_charts.h"

#include "app/runs/run_store.h"

#include <QFileDialog>
#include <QGridLayout>
#include <QMenu>
#include <QMutexLocker>
#include <QFileInfo>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QSaveFile>
#include <QThread>

#include <algorithm>
#include <cmath>

namespace ts::ui {
namespace {

const QColor kPalette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28),
                           QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd),
                           QColor(0xff, 0x7f, 0x0e), QColor(0x8c, 0x56, 0x4b)};

struct ChartInfo {
    const char* title;
    const char* unit;
    QString metric;
};

ChartInfo chartInfo(RunCharts::Chart chart) {
    switch (chart) {
    case RunCharts::Chart::TrainLoss: return {QT_TRANSLATE_NOOP("RunCharts", "Training loss"), "", metric::kLoss};
    case RunCharts::Chart::EvalLoss: return {QT_TRANSLATE_NOOP("RunCharts", "Eval loss"), "", metric::kEvalLoss};
    case RunCharts::Chart::LearningRate:
        return {QT_TRANSLATE_NOOP("RunCharts", "Learning rate"), "", metric::kLearningRate};
    case RunCharts::Chart::GradNorm: return {QT_TRANSLATE_NOOP("RunCharts", "Gradient norm"), "", metric::kGradNorm};
    case RunCharts::Chart::TokensPerSecond:
        return {QT_TRANSLATE_NOOP("RunCharts", "Throughput"), "tokens/s", metric::kTokensPerSecond};
    case RunCharts::Chart::Memory:
        return {QT_TRANSLATE_NOOP("RunCharts", "Peak memory"), "GiB", metric::kPeakMemoryGiB};
    }
    return {"", "", {}};
}

std::optional<RunCharts::Chart> chartOfMetric(const QString& name) {
    for (int i = 0; i < RunCharts::kChartCount; ++i)
        if (chartInfo(RunCharts::Chart(i)).metric == name) return RunCharts::Chart(i);
    return std::nullopt;
}

}  // namespace

RunCharts::RunCharts(QWidget* parent) : QWidget(parent) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);
    for (int i = 0; i < kChartCount; ++i) {
        auto* plot = new QCustomPlot(this);
        plot->setObjectName(QStringLiteral("chart%1").arg(i));
        plot->setMinimumSize(220, 150);
        plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
        plot->setNoAntialiasingOnDrag(true);
        // Long curves: draw polylines in one call (measured: the loss chart's replot is the
        // GUI thread's largest single cost during a run).
        plot->setPlottingHint(QCP::phFastPolylines, true);
        const ChartInfo info = chartInfo(Chart(i));
        plot->plotLayout()->insertRow(0);
        auto* title = new QCPTextElement(plot, tr(info.title), QFont(font().family(), 9, QFont::Bold));
        plot->plotLayout()->addElement(0, 0, title);
        plot->xAxis->setLabel(tr("step"));
        plot->yAxis->setLabel(QString::fromLatin1(info.unit));
        if (Chart(i) == Chart::LearningRate) {
            plot->yAxis->setNumberFormat(QStringLiteral("eb"));
            plot->yAxis->setNumberPrecision(1);
        }
        for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
            axis->setTickLabelFont(QFont(font().family(), 8));
            axis->setLabelFont(QFont(font().family(), 8));
        }
        plot->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(plot, &QWidget::customContextMenuRequested, this,
                [this, plot](const QPoint& pos) { exportMenu(plot->mapToGlobal(pos)); });
        // Touching the view stops following the data until a double-click.
        connect(plot, &QCustomPlot::mousePress, this, [this, i] { following_[i] = false; });
        connect(plot, &QCustomPlot::mouseWheel, this, [this, i] { following_[i] = false; });
        connect(plot, &QCustomPlot::mouseDoubleClick, this, [this, i, plot] {
            following_[i] = true;
            plot->rescaleAxes();
            plot->replot(QCustomPlot::rpQueuedReplot);
        });
        following_[i] = true;
        plots_[i] = plot;
        grid->addWidget(plot, i / 3, i % 3);
    }
    coalesceTimer_.setObjectName(QStringLiteral("chartCoalesceTimer"));
    replotTimer_.setObjectName(QStringLiteral("chartReplotTimer"));
    coalesceTimer_.setSingleShot(true);
    coalesceTimer_.setInterval(kCoalesceMs);
    connect(&coalesceTimer_, &QTimer::timeout, this, &RunCharts::drainPending);
    replotTimer_.setSingleShot(true);
    replotTimer_.setInterval(0);
    connect(&replotTimer_, &QTimer::timeout, this, &RunCharts::replotNext);
}

void RunCharts::replotNext() {
    if (replotQueue_.isEmpty()) return;
    replotQueue_.takeFirst()->replot(QCustomPlot::rpImmediateRefresh);
    if (!replotQueue_.isEmpty()) replotTimer_.start();
}

RunCharts::Series& RunCharts::addSeries(qint64 runId, const QString& name) {
    Series s;
    s.name = name;
    s.color = kPalette[order_.size() % (sizeof(kPalette) / sizeof(kPalette[0]))];
    for (int i = 0; i < kChartCount; ++i) {
        QCPGraph* g = plots_[i]->addGraph();
        g->setName(name);
        QColor raw = s.color;
        if (Chart(i) == Chart::TrainLoss) raw.setAlpha(90);  // raw loss faint under its EMA
        g->setPen(QPen(raw, 1.2));
        if (Chart(i) == Chart::EvalLoss) {
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
        }
        s.graphs[i] = g;
    }
    s.smoothed = plots_[int(Chart::TrainLoss)]->addGraph();
    s.smoothed->setName(name);
    s.smoothed->setPen(QPen(s.color, 2));
    // One legend line per run (its smoothed curve, in the run's colour): a small chart has no
    // room for two lines per run.
    s.graphs[int(Chart::TrainLoss)]->removeFromLegend();
    order_.push_back(runId);
    return *series_.insert(runId, s);
}

void RunCharts::clear() {
    {
        QMutexLocker lock(&pendingMutex_);
        pending_.clear();
    }
    for (QCustomPlot* plot : plots_) plot->clearGraphs();
    rescaleFollowing();
    series_.clear();
    order_.clear();
}

void RunCharts::showRuns(QSqlDatabase db, const QList<RunLabel>& runs) {
    clear();
    for (const RunLabel& run : runs) {
        Series& s = addSeries(run.runId, run.name);
        for (const MetricPoint& p : loadMetrics(db, run.runId)) {
            // loadMetrics sorts by name then step: the EMA sees the loss in step order.
            addPoint(s, p);
        }
    }
    for (int i = 0; i < kChartCount; ++i) following_[i] = true;
    auto* legendPlot = plots_[int(Chart::TrainLoss)];
    legendPlot->legend->setVisible(runs.size() > 1);
    legendPlot->legend->setFont(QFont(font().family(), 7));
    legendPlot->legend->setIconSize(14, 6);
    legendPlot->legend->setRowSpacing(0);
    legendPlot->legend->setBrush(QColor(255, 255, 255, 200));  // the curves stay visible under it
    legendPlot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    rescaleFollowing();
}

void RunCharts::appendPoints(const QVector<MetricPoint>& points) {
    if (points.isEmpty()) return;
    bool wasEmpty = false;
    {
        QMutexLocker lock(&pendingMutex_);
        wasEmpty = pending_.isEmpty();
        pending_ += points;
    }
    if (!wasEmpty) return;  // a tick is already armed
    if (QThread::currentThread() == thread()) {
        if (!coalesceTimer_.isActive()) coalesceTimer_.start();
    } else {
        QMetaObject::invokeMethod(
            this, [this] { if (!coalesceTimer_.isActive()) coalesceTimer_.start(); },
            Qt::QueuedConnection);
    }
}

void RunCharts::addPoint(Series& s, const MetricPoint& p) {
    const std::optional<Chart> chart = chartOfMetric(p.name);
    if (!chart) return;
    s.points.push_back(p);
    if (!std::isfinite(p.value)) return;  // a gap, not a spike to infinity
    s.graphs[int(*chart)]->addData(double(p.step), p.value);
    if (*chart == Chart::TrainLoss) {
        s.ema = s.hasEma ? kEmaWeight * s.ema + (1.0 - kEmaWeight) * p.value : p.value;
        s.hasEma = true;
        s.smoothed->addData(double(p.step), s.ema);
    }
}

void RunCharts::drainPending() {
    QVector<MetricPoint> points;
    {
        QMutexLocker lock(&pendingMutex_);
        points.swap(pending_);
    }
    if (points.isEmpty()) return;
    // In step order per run, so the EMA is right even when batches interleave.
    std::stable_sort(points.begin(), points.end(),
                     [](const MetricPoint& a, const MetricPoint& b) { return a.step < b.step; });
    for (const MetricPoint& p : points) {
        auto it = series_.find(p.runId);
        if (it != series_.end()) addPoint(*it, p);
    }
    rescaleFollowing();
    ++frameCount_;
    emit framePainted();
}

void RunCharts::rescaleFollowing() {
    for (int i = 0; i < kChartCount; ++i) {
        if (following_[i]) plots_[i]->rescaleAxes();
        if (!replotQueue_.contains(plots_[i])) replotQueue_.push_back(plots_[i]);
    }
    if (!replotTimer_.isActive()) replotTimer_.start();
}

int RunCharts::pointCount(qint64 runId, Chart chart) const {
    auto it = series_.constFind(runId);
    return it == series_.constEnd() ? 0 : it->graphs[int(chart)]->dataCount();
}

bool RunCharts::exportPng(const QString& path) { return grab().save(path, "PNG"); }

bool RunCharts::exportPdf(const QString& path) {
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageOrientation(QPageLayout::Landscape);
    writer.setResolution(96);
    QCPPainter painter(&writer);
    if (!painter.isActive()) return false;
    const QRect page = painter.viewport();
    const int w = page.width() / 3, h = page.height() / 2;
    for (int i = 0; i < kChartCount; ++i) {
        painter.save();
        painter.translate((i % 3) * w, (i / 3) * h);
        plots_[i]->toPainter(&painter, w, h);  // vector output, not a screen grab
        painter.restore();
    }
    return painter.end();
}

bool RunCharts::exportSvg(const QString& path) {
    // The grid as laid out on screen, each chart drawn as vectors where it sits.
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(size());
    generator.setViewBox(QRect(QPoint(0, 0), size()));
    generator.setTitle(tr("Training charts"));
    QCPPainter painter;
    if (!painter.begin(&generator)) return false;
    for (QCustomPlot* plot : plots_) {
        painter.save();
        painter.translate(plot->geometry().topLeft());
        plot->toPainter(&painter, plot->width(), plot->height());
        painter.restore();
    }
    return painter.end() && QFileInfo(path).size() > 0;
}

bool RunCharts::exportCsv(const QString& path, QString* error) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error) *error = file.errorString();
        return false;
    }
    file.write("run_id,run_name,metric,step,value\n");
    for (qint64 runId : order_) {
        const Series& s = series_[runId];
        QString name = s.name;
        name.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        for (const MetricPoint& p : s.points) {
            const QString value = std::isfinite(p.value) ? QString::number(p.value, 'g', 17)
                                                         : QString();
            file.write(QStringLiteral("%1,\"%2\",%3,%4,%5\n")
                           .arg(runId).arg(name, p.name).arg(p.step).arg(value)
                           .toUtf8());
        }
    }
    if (!file.commit()) {
        if (error) *error = file.errorString();
        return false;
    }
    return true;
}

void RunCharts::exportMenu(const QPoint& globalPos) {
    QMenu menu(this);
    menu.addAction(tr("Export charts as PNG…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export charts"), {},
                                                          tr("PNG image (*.png)"));
        if (!path.isEmpty()) exportPng(path);
    });
    menu.addAction(tr("Export charts as SVG…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export charts"), {},
                                                          tr("SVG image (*.svg)"));
        if (!path.isEmpty()) exportSvg(path);
    });
    menu.addAction(tr("Export charts as PDF…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export charts"), {},
                                                          tr("PDF document (*.pdf)"));
        if (!path.isEmpty()) exportPdf(path);
    });
    menu.addAction(tr("Export metrics as CSV…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export metrics"), {},
                                                          tr("CSV file (*.csv)"));
        if (!path.isEmpty()) exportCsv(path);
    });
    menu.exec(globalPos);
}

}  // namespace ts::ui
