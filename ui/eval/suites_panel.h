// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Suites tab: the project's evaluation suites and an editor for one (name, dataset version,
// split, metrics, thresholds as rows metric / threshold / kind, the same ThresholdTable the
// recipe editor's gate section shows). Saving goes through
// EvalSuiteRepository::save, which validates metrics and thresholds with the engine's parsers;
// its error (naming the suite and the field) is shown under the editor.
#include "app/eval/eval_suite.h"
#include "ui/eval/eval_ui_hooks.h"
#include "ui/eval/threshold_table.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

namespace ts {
class ProjectStore;
}

namespace ts::ui {

class SuitesPanel : public QWidget {
    Q_OBJECT
public:
    enum ThresholdKind { AtLeast, AtMost, MaxRegression };
    static QStringList simpleMetricNames();  // metrics without options, offered as check boxes

    explicit SuitesPanel(QWidget* parent = nullptr);
    void setProject(const ProjectStore* store);
    void setHooks(const EvalUiHooks& hooks) { hooks_ = hooks; }
    void refresh();

    void newSuite();
    void showSuite(qint64 id);
    bool save();  // false: the error is in errorLabel()
    void removeSuite();
    void addThresholdRow(const QString& metric, double limit, ThresholdKind kind);

    // The editor's contents as a suite (id of the suite being edited, 0 for a new one).
    EvalSuite editedSuite() const;

    QListWidget* suiteList() const { return list_; }
    QLineEdit* nameEdit() const { return name_; }
    ThresholdTable* thresholdTable() const { return thresholds_; }
    QListWidget* metricList() const { return metrics_; }
    QLabel* errorLabel() const { return error_; }

signals:
    void suitesChanged();

private:
    const ProjectStore* store_ = nullptr;
    EvalUiHooks hooks_ = defaultEvalUiHooks();
    qint64 editingId_ = 0;
    QListWidget* list_ = nullptr;
    QLineEdit* name_ = nullptr;
    QComboBox* datasetVersion_ = nullptr;
    QComboBox* split_ = nullptr;
    QListWidget* metrics_ = nullptr;
    QPlainTextEdit* extraMetrics_ = nullptr;
    ThresholdTable* thresholds_ = nullptr;
    QLabel* error_ = nullptr;
};

}  // namespace ts::ui
