// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Statistics tab: label distribution (bars), length histogram (input + output characters,
// or tokens when counted), and the shares of duplicates, edge cases and general-capability
// examples, plus the split counts. Fed a DatasetStatistics computed off the GUI thread.
#include "app/datasets/dataset_stats.h"

#include <QWidget>

class QCustomPlot;
class QLabel;

namespace ts::ui {

class StatisticsView : public QWidget {
    Q_OBJECT
public:
    explicit StatisticsView(QWidget* parent = nullptr);

    void showStatistics(const DatasetStatistics& stats);
    void showMessage(const QString& text);

    QCustomPlot* labelPlot() const { return labelPlot_; }
    QCustomPlot* lengthPlot() const { return lengthPlot_; }
    QCustomPlot* sharePlot() const { return sharePlot_; }

private:
    QLabel* summary_ = nullptr;
    QCustomPlot* labelPlot_ = nullptr;
    QCustomPlot* lengthPlot_ = nullptr;
    QCustomPlot* sharePlot_ = nullptr;
};

}  // namespace ts::ui
