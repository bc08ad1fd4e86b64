// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The go/no-go thresholds of one evaluation suite as an editable table (metric / threshold /
// kind), in the suite's JSON form ({"accuracy": {">=": 0.9}, "token_f1": {"max_regression": 2}}).
// One widget for both places that edit a suite's thresholds, the Suites tab and the gate section
// of the recipe editor, so they read and write exactly the same data.
#include <QTableWidget>

namespace ts::ui {

class ThresholdTable : public QTableWidget {
    Q_OBJECT
public:
    enum Kind { AtLeast, AtMost, MaxRegression };

    explicit ThresholdTable(QWidget* parent = nullptr);

    // Metric names offered in the metric column (editable: any name can be typed).
    static QStringList metricChoices();

    void setThresholdsJson(const QString& json);  // replaces every row
    QString thresholdsJson() const;               // compact JSON of the rows
    void addThreshold(const QString& metric, double limit, Kind kind);
    void removeCurrentThreshold();
    // "Threshold row 2: choose the metric it gates." for the first row without a metric, else empty.
    QString firstProblem() const;

signals:
    void edited();  // any cell changed (not emitted by setThresholdsJson)
};

}  // namespace ts::ui
