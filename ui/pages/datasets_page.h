// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Datasets page: pick a dataset and one of its versions, browse its examples (lazily fetched,
// searchable with FTS5, filtered by split, tag, label, flag and length in the model's tokens or
// in characters, with the token lengths counted in the background), read one in the detail
// pane, and act on the version: import, export, find duplicates, quality filters, eval split,
// statistics. Every long operation runs off the GUI thread with progress and cancel.
#include "ui/datasets/curation_dialog.h"
#include "app/datasets/dataset_importer.h"
#include "app/datasets/dataset_repository.h"
#include "ui/pages/project_page.h"

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTimer;

namespace ts {
class DatasetTableModel;
}

namespace ts::ui {

class CurationDialog;
class ExampleDetailView;
class GuidedCheckBanner;
class ImportDialog;
class SplitDialog;
class StatisticsView;
class TokenLengthBar;

class DatasetsPage : public ProjectPage {
    Q_OBJECT
public:
    explicit DatasetsPage(QWidget* parent = nullptr);
    ~DatasetsPage() override;

    void setProject(const ProjectStore* store) override;
    void refresh() override;

    // The actions, callable without a file dialog (tests, drag and drop). Each dialog is opened
    // window-modal and returned; the page carries on when it is accepted.
    ImportDialog* importFile(const QString& path);
    void startImport(const QString& path, const ImportOptions& options);
    void exportTo(const QString& path);
    CurationDialog* openDuplicatesDialog();
    CurationDialog* openQualityDialog();
    SplitDialog* openSplitDialog();
    // Marks the current dataset as the project's general-capability set (or unmarks it).
    void setGeneralCapabilitySet(bool on);

    void selectVersion(qint64 versionId);
    qint64 currentVersionId() const;
    QList<DatasetVersionInfo> currentVersions() const { return versions_; }
    // Why the current version may not be re-split (empty when it may).
    QString frozenReason() const;

    DatasetTableModel* tableModel() const { return model_; }
    QTableView* tableView() const { return table_; }
    QLineEdit* searchEdit() const { return searchEdit_; }
    ExampleDetailView* detailView() const { return detail_; }
    StatisticsView* statisticsView() const { return statistics_; }
    TokenLengthBar* tokenLengthBar() const { return tokenLengths_; }
    QTabWidget* tabs() const { return tabs_; }

signals:
    void importFinished(const ts::ImportResult& result);
    void importFailed(const QString& message);
    void exportFinished(qint64 examples);
    void statisticsReady();
    // The table was re-read (after a search, a filter or a version change).
    void examplesReloaded();

private:
    CurationDialog* openCurationDialog(CurationDialog::Mode mode);
    void buildUi();
    void reloadDatasets(qint64 selectVersionId = 0);
    void reloadVersions(qint64 selectVersionId = 0);
    void onVersionChanged();
    void applyFilters();
    void showCurrentExample();
    void computeStatistics();
    void reloadTagFilter();
    void updateActions();
    void showError(const QString& what, const QString& message);

    GuidedCheckBanner* guidedCheck_ = nullptr;  // "is fine-tuning the right tool?" result
    QComboBox* datasetCombo_ = nullptr;
    QComboBox* versionCombo_ = nullptr;
    QPushButton* importButton_ = nullptr;
    QPushButton* exportButton_ = nullptr;
    QPushButton* duplicatesButton_ = nullptr;
    QPushButton* qualityButton_ = nullptr;
    QPushButton* splitButton_ = nullptr;
    QPushButton* generalButton_ = nullptr;
    QLabel* generalNotice_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QLineEdit* searchEdit_ = nullptr;
    QTimer* searchTimer_ = nullptr;
    QComboBox* splitFilter_ = nullptr;
    QComboBox* tagFilter_ = nullptr;
    QComboBox* labelFilter_ = nullptr;
    QComboBox* flagFilter_ = nullptr;
    QSpinBox* minLength_ = nullptr;
    QSpinBox* maxLength_ = nullptr;
    QComboBox* lengthUnit_ = nullptr;  // tokens or characters
    TokenLengthBar* tokenLengths_ = nullptr;
    QLabel* countLabel_ = nullptr;
    QTableView* table_ = nullptr;
    ExampleDetailView* detail_ = nullptr;
    StatisticsView* statistics_ = nullptr;
    DatasetTableModel* model_ = nullptr;
    QList<DatasetVersionInfo> versions_;
    int statisticsGeneration_ = 0;
    bool statisticsStale_ = true;
    bool importRunning_ = false;
};

}  // namespace ts::ui
