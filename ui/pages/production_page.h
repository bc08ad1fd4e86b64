// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Production page: the feedback loop from the deployed model back into training data.
// Import logs (progress, cancel, a report of bad lines by file:line), the drift view (token
// divergence and novel share per day/week against their thresholds, input lengths and predicted
// labels of training vs production, the "retraining recommended" flag), and the corrections
// queue (approve rows into a new dataset version, or reject them). A banner shows a due
// retraining reminder; reminderChanged() lets the main window show it too.
#include "ui/pages/project_page.h"

#include "app/feedback/drift.h"

#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QComboBox;
class QCustomPlot;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QTimer;

namespace ts::ui {

class ProductionPage : public ProjectPage {
    Q_OBJECT
public:
    explicit ProductionPage(QWidget* parent = nullptr);
    ~ProductionPage() override;

    void setProject(const ProjectStore* store) override;
    void refresh() override;

    // Hooks so tests never open a modal dialog: the file to import (empty = cancelled) and how
    // errors are shown (title, message).
    void setLogFileChooser(std::function<QString()> chooser) { chooseLogFile_ = std::move(chooser); }
    void setErrorReporter(std::function<void(const QString&, const QString&)> reporter) {
        reportError_ = std::move(reporter);
    }

    // Starts importing `path` on a worker thread; importFinished() follows.
    void importLogFile(const QString& path);
    void cancelImport();
    // Recomputes drift on a worker thread; driftComputed() follows.
    void computeDrift();
    const std::optional<DriftReport>& driftReport() const { return driftReport_; }
    QString reminderMessage() const { return reminderMessage_; }
    QTabWidget* tabs() const { return tabs_; }

signals:
    void importFinished();
    void driftComputed();
    // The retraining reminder of the open project ("" = none due).
    void reminderChanged(const QString& message);

private:
    struct ImportState;

    QWidget* createImportTab();
    QWidget* createDriftTab();
    QWidget* createQueueTab();
    void chooseAndImport();
    void pollImportProgress();
    void updateReminder();
    void reloadReferences();
    void reloadQueue();
    void showDrift();
    void approveSelected();
    void rejectSelected();
    std::vector<qint64> checkedRowIds() const;

    std::function<QString()> chooseLogFile_;
    std::function<void(const QString&, const QString&)> reportError_;

    QLabel* reminderBanner_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    // Import
    QPushButton* importButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QProgressBar* importProgress_ = nullptr;
    QLabel* importSummary_ = nullptr;
    QPlainTextEdit* issuesView_ = nullptr;
    QTimer* progressTimer_ = nullptr;
    std::shared_ptr<ImportState> import_;
    // Drift
    QComboBox* referenceCombo_ = nullptr;
    QComboBox* bucketCombo_ = nullptr;
    QPushButton* computeButton_ = nullptr;
    QLabel* driftFlag_ = nullptr;
    QCustomPlot* jsPlot_ = nullptr;
    QCustomPlot* novelPlot_ = nullptr;
    QCustomPlot* lengthPlot_ = nullptr;
    QCustomPlot* labelPlot_ = nullptr;
    std::optional<DriftReport> driftReport_;
    bool driftRunning_ = false;
    // Corrections queue
    QComboBox* statusFilter_ = nullptr;
    QComboBox* datasetCombo_ = nullptr;
    QTableWidget* queueTable_ = nullptr;
    QPushButton* approveButton_ = nullptr;
    QPushButton* rejectButton_ = nullptr;
    QLabel* queueSummary_ = nullptr;
    bool fillingQueue_ = false;

    QString reminderMessage_;
};

}  // namespace ts::ui
