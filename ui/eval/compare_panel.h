// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Compare tab: pick a suite and two or more of the base model and the adapter versions, and
// see (1) the loss curves of the runs that trained them, overlaid, (2) a metrics table with each
// value, its delta against the first subject (green better, red worse, by the metric's
// direction), the suite's threshold and each column's verdict naming the failing metrics, and
// (3) every example side by side with the regressions highlighted and filters for regressions,
// label and tag. Subjects are ordered base first, then versions oldest to newest, so the first
// column is the reference a newer version is judged against.
#include "app/eval/eval_compare.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QLabel;
class QListWidget;
class QTableView;
class QTableWidget;

namespace ts {
class ProjectStore;
}

namespace ts::ui {

class ExampleCompareModel;
class ExampleFilterProxy;

class ComparePanel : public QWidget {
    Q_OBJECT
public:
    explicit ComparePanel(QWidget* parent = nullptr);
    void setProject(const ProjectStore* store);
    void refresh();  // re-reads suites, versions and the comparison; keeps the choices

    // Chooses the suite and checks exactly these subjects (0 = base model), then compares.
    void selectSubjects(qint64 suiteId, const QList<qint64>& adapterVersionIds);

    const EvalComparison& comparison() const { return comparison_; }
    QTableWidget* metricsTable() const { return metricsTable_; }
    QTableView* examplesView() const { return examplesView_; }
    ExampleFilterProxy* examplesProxy() const { return proxy_; }
    QCheckBox* regressionsOnlyBox() const { return regressionsOnly_; }
    QComboBox* labelFilter() const { return labelFilter_; }
    QComboBox* tagFilter() const { return tagFilter_; }
    QCustomPlot* lossPlot() const { return lossPlot_; }

private:
    void reloadSubjects();
    void compare();
    void fillMetricsTable();
    void fillLossPlot(const QList<qint64>& versionIds);
    void fillFilters();
    void updateSummary();

    const ProjectStore* store_ = nullptr;
    QComboBox* suiteCombo_ = nullptr;
    QListWidget* subjects_ = nullptr;
    QLabel* status_ = nullptr;
    QCustomPlot* lossPlot_ = nullptr;
    QTableWidget* metricsTable_ = nullptr;
    QTableView* examplesView_ = nullptr;
    ExampleCompareModel* model_ = nullptr;
    ExampleFilterProxy* proxy_ = nullptr;
    QCheckBox* regressionsOnly_ = nullptr;
    QComboBox* labelFilter_ = nullptr;
    QComboBox* tagFilter_ = nullptr;
    QLabel* exampleSummary_ = nullptr;
    EvalComparison comparison_;
    bool updating_ = false;
};

}  // namespace ts::ui
