// SPDX-License-Identifier: GPL-3.0-or-later
// qcustomplot.h uses Qt's `foreach`, which the project's QT_NO_FOREACH hides; it must come
// before any other Qt header so the macro is still defined when qcustomplot.h is read.
#undef QT_NO_FOREACH
#include <qcustomplot.h>

#include "ui/datasets/statistics_view.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>

namespace ts::ui {

namespace {

QCustomPlot* makePlot(const QString& title, QWidget* parent) {
    auto* plot = new QCustomPlot(parent);
    plot->setMinimumSize(320, 220);
    plot->plotLayout()->insertRow(0);
    auto* caption = new QCPTextElement(plot, title, QFont(plot->font().family(), 10, QFont::Bold));
    plot->plotLayout()->addElement(0, 0, caption);
    plot->setBackground(plot->palette().base());
    return plot;
}

// Vertical bars at x = 1..n with the given tick labels.
void setBars(QCustomPlot* plot, const QStringList& names, const QVector<double>& values,
             const QColor& color, const QString& yLabel) {
    plot->clearPlottables();
    auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setPen(Qt::NoPen);
    bars->setBrush(color);
    QVector<double> ticks;
    for (int i = 0; i < names.size(); ++i) ticks << i + 1;
    bars->setData(ticks, values);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    ticker->addTicks(ticks, names.toVector());
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setTickLabelRotation(names.size() > 5 ? 40 : 0);
    plot->xAxis->setRange(0.3, names.size() + 0.7);
    double top = 0;
    for (double v : values) top = std::max(top, v);
    plot->yAxis->setRange(0, top > 0 ? top * 1.15 : 1);
    plot->yAxis->setLabel(yLabel);
    plot->replot();
}

}  // namespace

StatisticsView::StatisticsView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("statisticsView"));
    auto* grid = new QGridLayout(this);
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("statisticsSummary"));
    summary_->setWordWrap(true);
    grid->addWidget(summary_, 0, 0, 1, 2);
    labelPlot_ = makePlot(tr("Labels"), this);
    lengthPlot_ = makePlot(tr("Length"), this);
    sharePlot_ = makePlot(tr("Duplicates, edge cases, general capability"), this);
    grid->addWidget(labelPlot_, 1, 0);
    grid->addWidget(lengthPlot_, 1, 1);
    grid->addWidget(sharePlot_, 2, 0, 1, 2);
    grid->setRowStretch(1, 1);
    grid->setRowStretch(2, 1);
    showMessage(tr("No dataset version selected."));
}

void StatisticsView::showMessage(const QString& text) { summary_->setText(text); }

void StatisticsView::showStatistics(const DatasetStatistics& s) {
    const QLocale locale;
    QString summary = tr("%1 examples · train %2 · eval %3 · general %4 · unassigned %5 · mean "
                         "length %6 characters")
                          .arg(locale.toString(s.exampleCount), locale.toString(s.trainCount),
                               locale.toString(s.evalCount), locale.toString(s.generalCount),
                               locale.toString(s.unassignedCount))
                          .arg(qRound64(s.charLengths.mean));
    if (s.tokenCountedExamples > 0)
        summary += tr(", %1 tokens (longest %2)")
                       .arg(qRound64(s.tokenLengths.mean))
                       .arg(locale.toString(s.tokenLengths.maxValue));
    if (s.tokenCountedExamples > 0 && s.maxSequenceTokens > 0)
        summary += tr(" · %1 longer than max_seq_len %2").arg(locale.toString(s.overSequenceLimit),
                                                              locale.toString(s.maxSequenceTokens));
    summary_->setText(summary);

    // Labels: the classification labels, or for chat data the most common outputs would say
    // little, so an explanation stands in.
    QStringList names;
    QVector<double> counts;
    for (int i = 0; i < s.labelCounts.size() && i < 20; ++i) {
        names << s.labelCounts[i].first;
        counts << double(s.labelCounts[i].second);
    }
    // Without labels (chat, prompt/completion data) the panel shows the splits instead.
    auto* title = qobject_cast<QCPTextElement*>(labelPlot_->plotLayout()->element(0, 0));
    if (names.isEmpty()) {
        if (title) title->setText(tr("Splits (no classification labels)"));
        names = QStringList{tr("train"), tr("eval"), tr("general"), tr("unassigned")};
        counts = {double(s.trainCount), double(s.evalCount), double(s.generalCount),
                  double(s.unassignedCount)};
    } else if (title) {
        title->setText(tr("Labels"));
    }
    setBars(labelPlot_, names, counts, QColor(0x3b, 0x7d, 0xd8), tr("examples"));

    // Length histogram: tokens when every example is counted, else characters.
    const bool tokens = s.tokenCountedExamples > 0 && s.tokenCountedExamples == s.exampleCount;
    const Histogram& h = tokens ? s.tokenLengths : s.charLengths;
    lengthPlot_->clearPlottables();
    auto* bars = new QCPBars(lengthPlot_->xAxis, lengthPlot_->yAxis);
    bars->setPen(Qt::NoPen);
    bars->setBrush(QColor(0x2e, 0x7d, 0x46));
    bars->setWidth(h.binWidth * 0.9);
    QVector<double> x, y;
    double top = 0;
    for (size_t i = 0; i < h.counts.size(); ++i) {
        x << h.start + (double(i) + 0.5) * h.binWidth;
        y << double(h.counts[i]);
        top = std::max(top, double(h.counts[i]));
    }
    bars->setData(x, y);
    lengthPlot_->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    lengthPlot_->xAxis->setLabel(tokens ? tr("tokens per example, as training sees it")
                                        : tr("characters (input + output)"));
    double left = h.start;
    double right = h.start + std::max(1.0, h.binWidth * double(h.counts.size()));
    lengthPlot_->clearItems();
    if (tokens && s.maxSequenceTokens > 0) {
        // The recipe's limit as a line: what lies right of it is cut off in training. Shown when it
        // is within twice the longest example, so the histogram keeps its room.
        // Bin [v, v + width) holds length v, so "longer than the limit" starts at limit + 1.
        const double limit = s.maxSequenceTokens + 1.0;
        if (limit <= 2.0 * right) {
            left = std::min(left, limit * 0.95);
            right = std::max(right, limit * 1.05);
            auto* line = new QCPItemStraightLine(lengthPlot_);
            line->point1->setCoords(limit, 0);
            line->point2->setCoords(limit, 1);
            line->setPen(QPen(QColor(0xb0, 0x00, 0x20), 1.5, Qt::DashLine));
            auto* label = new QCPItemText(lengthPlot_);
            label->position->setType(QCPItemPosition::ptPlotCoords);
            // At the top, right of the line: what is over the limit is usually the short tail.
            label->position->setCoords(limit, top > 0 ? top * 1.15 : 1);
            label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
            label->setPadding(QMargins(4, 2, 0, 0));
            label->setColor(QColor(0xb0, 0x00, 0x20));
            label->setText(tr("max_seq_len %1").arg(s.maxSequenceTokens));
        }
    }
    lengthPlot_->xAxis->setRange(left, right);
    lengthPlot_->yAxis->setRange(0, top > 0 ? top * 1.15 : 1);
    lengthPlot_->yAxis->setLabel(tr("examples"));
    lengthPlot_->replot();

    setBars(sharePlot_, {tr("duplicates"), tr("edge cases"), tr("general capability")},
            {100 * s.duplicateRate, 100 * s.edgeCaseShare, 100 * s.generalCapabilityShare},
            QColor(0xd8, 0x8a, 0x3b), tr("% of examples"));
}

}  // namespace ts::ui
