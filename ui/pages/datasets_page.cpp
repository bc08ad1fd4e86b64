// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/datasets_page.h"

#include "app/datasets/dataset_exporter.h"
#include "app/datasets/dataset_import_job.h"
#include "app/datasets/dataset_stats.h"
#include "app/datasets/dataset_table_model.h"
#include "app/store/project_store.h"
#include "ui/datasets/background_task.h"
#include "ui/datasets/curation_dialog.h"
#include "ui/datasets/example_detail_view.h"
#include "ui/datasets/import_dialog.h"
#include "ui/datasets/split_dialog.h"
#include "ui/datasets/statistics_view.h"
#include "ui/datasets/token_length_bar.h"
#include "ui/guided_check_banner.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace ts::ui {

namespace {

constexpr int kSearchDebounceMs = 250;
// The dataset combo's items: the id (Qt::UserRole), the plain name and the general-capability mark.
constexpr int kDatasetNameRole = Qt::UserRole + 1;
constexpr int kGeneralCapabilityRole = Qt::UserRole + 2;
// Statistics load every member of the version (with its text); above this size they are computed
// only when the Statistics tab is opened, not on every version change.
constexpr qint64 kEagerStatisticsMaxExamples = 100'000;

QString versionCaption(const DatasetVersionInfo& v) {
    const QLocale locale;
    QString text = DatasetsPage::tr("v%1 · %2 · %3 examples · %4")
                       .arg(v.versionNumber)
                       .arg(v.source, locale.toString(v.exampleCount), v.contentHash.left(8));
    if (v.isFrozen()) text += DatasetsPage::tr(" · frozen");
    return text;
}

// A dialog listing the records an import skipped, by line.
void showImportIssues(QWidget* parent, const ImportResult& result, const QString& path) {
    auto* dialog = new QDialog(parent);
    dialog->setObjectName(QStringLiteral("importIssues"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(DatasetsPage::tr("Skipped records"));
    auto* layout = new QVBoxLayout(dialog);
    auto* heading = new QLabel(
        DatasetsPage::tr("%1 examples were imported from %2; %3 records were skipped:")
            .arg(result.importedCount)
            .arg(QFileInfo(path).fileName())
            .arg(result.badRecordCount),
        dialog);
    heading->setWordWrap(true);
    layout->addWidget(heading);
    auto* list = new QPlainTextEdit(dialog);
    list->setObjectName(QStringLiteral("issueList"));
    list->setReadOnly(true);
    QStringList lines;
    for (const LineIssue& issue : result.issues)
        lines << DatasetsPage::tr("line %1: %2").arg(issue.line).arg(issue.reason);
    if (result.badRecordCount > result.issues.size())
        lines << DatasetsPage::tr("… and %1 more").arg(result.badRecordCount - result.issues.size());
    list->setPlainText(lines.join(QLatin1Char('\n')));
    layout->addWidget(list);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    layout->addWidget(buttons);
    dialog->resize(620, 360);
    dialog->open();
}

}  // namespace

DatasetsPage::DatasetsPage(QWidget* parent)
    : ProjectPage(tr("Datasets"), IconKind::Datasets,
                  tr("The data this project learns from: import instruction and chat datasets, "
                     "browse and search their examples, remove duplicates and bad records, and "
                     "hold out the eval split. Every change makes a new version."),
                  {{QStringLiteral("datasets"), tr("Datasets")},
                   {QStringLiteral("dataset_versions"), tr("Dataset versions")},
                   {QStringLiteral("examples"), tr("Examples")}},
                  parent) {
    buildUi();
}

DatasetsPage::~DatasetsPage() = default;

void DatasetsPage::buildUi() {
    // The base page ends in a stretch meant for pages with little content; the browser should
    // take the room instead.
    auto* pageLayout = static_cast<QVBoxLayout*>(layout());
    if (QLayoutItem* last = pageLayout->itemAt(pageLayout->count() - 1); last && last->spacerItem())
        delete pageLayout->takeAt(pageLayout->count() - 1);
    pageLayout->setStretchFactor(contentLayout(), 1);

    guidedCheck_ = new GuidedCheckBanner(this);
    contentLayout()->addWidget(guidedCheck_);

    auto* top = new QHBoxLayout;
    datasetCombo_ = new QComboBox(this);
    datasetCombo_->setObjectName(QStringLiteral("datasetCombo"));
    datasetCombo_->setMinimumWidth(160);
    versionCombo_ = new QComboBox(this);
    versionCombo_->setObjectName(QStringLiteral("versionCombo"));
    versionCombo_->setMinimumWidth(340);
    versionCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    top->addWidget(new QLabel(tr("Dataset"), this));
    top->addWidget(datasetCombo_);
    top->addSpacing(12);
    top->addWidget(new QLabel(tr("Version"), this));
    top->addWidget(versionCombo_);
    top->addStretch(1);
    contentLayout()->addLayout(top);
    // The actions get a row of their own: with the pickers they do not fit a 1200 px window.
    auto* actions = new QHBoxLayout;
    auto addButton = [&](const QString& text, const char* name) {
        auto* b = new QPushButton(text, this);
        b->setObjectName(QLatin1String(name));
        actions->addWidget(b);
        return b;
    };
    importButton_ = addButton(tr("Import…"), "importButton");
    exportButton_ = addButton(tr("Export…"), "exportButton");
    duplicatesButton_ = addButton(tr("Find duplicates…"), "duplicatesButton");
    qualityButton_ = addButton(tr("Quality filters…"), "qualityButton");
    splitButton_ = addButton(tr("Make eval split…"), "splitButton");
    generalButton_ = addButton(tr("General-capability set"), "generalCapabilityButton");
    generalButton_->setCheckable(true);
    generalButton_->setToolTip(
        tr("Use this dataset to catch forgetting: prompts the base model already answers well. "
           "Evaluation suites on it judge each adapter by its regression against the base model, "
           "and it is not trained on."));
    actions->addStretch(1);
    contentLayout()->addLayout(actions);
    generalNotice_ = new QLabel(
        tr("This is the project's general-capability set: evaluation suites on it check that an "
           "adapter still does what the base model could (regression against the base model). "
           "Keep it out of training."),
        this);
    generalNotice_->setObjectName(QStringLiteral("generalCapabilityNotice"));
    generalNotice_->setWordWrap(true);
    generalNotice_->setStyleSheet(QStringLiteral("color: #2e5d8a;"));
    generalNotice_->hide();
    contentLayout()->addWidget(generalNotice_);
    tokenLengths_ = new TokenLengthBar(this);
    contentLayout()->addWidget(tokenLengths_);

    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("datasetTabs"));
    auto* examplesTab = new QWidget(tabs_);
    auto* examplesLayout = new QVBoxLayout(examplesTab);
    auto* filters = new QHBoxLayout;
    searchEdit_ = new QLineEdit(examplesTab);
    searchEdit_->setObjectName(QStringLiteral("searchEdit"));
    searchEdit_->setPlaceholderText(tr("Search input and output…"));
    searchEdit_->setClearButtonEnabled(true);
    filters->addWidget(searchEdit_, 2);
    auto addCombo = [&](const QString& name, const QStringList& items) {
        auto* combo = new QComboBox(examplesTab);
        combo->setObjectName(name);
        combo->addItems(items);
        filters->addWidget(combo);
        return combo;
    };
    splitFilter_ = addCombo(QStringLiteral("splitFilter"),
                            {tr("All splits"), QStringLiteral("train"), QStringLiteral("eval"),
                             QStringLiteral("general"), QStringLiteral("unassigned")});
    tagFilter_ = addCombo(QStringLiteral("tagFilter"), {tr("All tags")});
    labelFilter_ = addCombo(QStringLiteral("labelFilter"), {tr("All labels")});
    flagFilter_ = addCombo(QStringLiteral("flagFilter"), {tr("Any flag")});
    flagFilter_->addItem(tr("Edge cases"), int(ExampleFlag::EdgeCase));
    flagFilter_->addItem(tr("General capability"), int(ExampleFlag::GeneralCapability));
    flagFilter_->addItem(tr("Needs review"), int(ExampleFlag::NeedsReview));
    auto makeLength = [&](const QString& name, const QString& special) {
        auto* spin = new QSpinBox(examplesTab);
        spin->setObjectName(name);
        spin->setRange(0, 10'000'000);
        spin->setSingleStep(100);
        spin->setSpecialValueText(special);
        return spin;
    };
    minLength_ = makeLength(QStringLiteral("minLength"), tr("min"));
    maxLength_ = makeLength(QStringLiteral("maxLength"), tr("max"));
    lengthUnit_ = new QComboBox(examplesTab);
    lengthUnit_->setObjectName(QStringLiteral("lengthUnit"));
    lengthUnit_->addItem(tr("tokens"));
    lengthUnit_->addItem(tr("chars"));
    lengthUnit_->setToolTip(tr("Length in the model's tokens (as training sees the example; "
                               "examples not counted yet are left out) or in characters of "
                               "input + output"));
    filters->addWidget(minLength_);
    filters->addWidget(maxLength_);
    filters->addWidget(lengthUnit_);
    examplesLayout->addLayout(filters);
    countLabel_ = new QLabel(examplesTab);
    countLabel_->setObjectName(QStringLiteral("matchCount"));
    examplesLayout->addWidget(countLabel_);

    auto* splitter = new QSplitter(Qt::Horizontal, examplesTab);
    table_ = new QTableView(splitter);
    table_->setObjectName(QStringLiteral("examplesTable"));
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
    table_->horizontalHeader()->setHighlightSections(false);
    detail_ = new ExampleDetailView(splitter);
    splitter->addWidget(table_);
    splitter->addWidget(detail_);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({780, 400});
    examplesLayout->addWidget(splitter, 1);
    tabs_->addTab(examplesTab, tr("Examples"));
    statistics_ = new StatisticsView(tabs_);
    tabs_->addTab(statistics_, tr("Statistics"));
    contentLayout()->addWidget(tabs_, 1);

    searchTimer_ = new QTimer(this);
    searchTimer_->setSingleShot(true);
    searchTimer_->setInterval(kSearchDebounceMs);
    connect(searchEdit_, &QLineEdit::textChanged, searchTimer_, qOverload<>(&QTimer::start));
    connect(searchTimer_, &QTimer::timeout, this, &DatasetsPage::applyFilters);
    for (QComboBox* combo : {splitFilter_, tagFilter_, labelFilter_, flagFilter_, lengthUnit_})
        connect(combo, &QComboBox::currentIndexChanged, this, &DatasetsPage::applyFilters);
    for (QSpinBox* spin : {minLength_, maxLength_})
        connect(spin, &QSpinBox::valueChanged, searchTimer_, qOverload<>(&QTimer::start));
    connect(datasetCombo_, &QComboBox::currentIndexChanged, this, [this] { reloadVersions(); });
    connect(tabs_, &QTabWidget::currentChanged, this, [this] {
        if (tabs_->currentWidget() == statistics_ && statisticsStale_) computeStatistics();
    });
    connect(versionCombo_, &QComboBox::currentIndexChanged, this, &DatasetsPage::onVersionChanged);
    connect(importButton_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Import dataset"), QString(),
            tr("Datasets (*.jsonl *.ndjson *.json *.csv);;All files (*)"));
        if (!path.isEmpty()) importFile(path);
    });
    connect(exportButton_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export dataset version"), datasetCombo_->currentData(kDatasetNameRole).toString() + QStringLiteral(".jsonl"),
            tr("JSON Lines (*.jsonl);;CSV (*.csv)"));
        if (!path.isEmpty()) exportTo(path);
    });
    connect(duplicatesButton_, &QPushButton::clicked, this, &DatasetsPage::openDuplicatesDialog);
    connect(qualityButton_, &QPushButton::clicked, this, &DatasetsPage::openQualityDialog);
    connect(splitButton_, &QPushButton::clicked, this, &DatasetsPage::openSplitDialog);
    connect(generalButton_, &QPushButton::clicked, this, &DatasetsPage::setGeneralCapabilitySet);
    // Lengths arrive while the user browses: repaint the column; the histogram follows when the
    // count ends (recomputing it for every batch would cost more than the count).
    connect(tokenLengths_, &TokenLengthBar::countsChanged, this, [this] {
        if (model_) model_->refreshTokenCounts();
    });
    connect(tokenLengths_, &TokenLengthBar::countingFinished, this, [this] {
        statisticsStale_ = true;
        if (tabs_->currentWidget() == statistics_) computeStatistics();
    });
    updateActions();
}

void DatasetsPage::setProject(const ProjectStore* store) {
    // The model and a running count hold the old project: drop them before the store goes.
    tokenLengths_->setProject(nullptr);
    table_->setModel(nullptr);
    delete model_;
    model_ = nullptr;
    ++statisticsGeneration_;
    if (store) {
        try {
            // Imports killed midway (crash, power loss) leave journalled rows: remove them now.
            DatasetImporter::recoverInterruptedImports(store->database());
        } catch (const std::exception& e) {
            showError(tr("Could not clean up an interrupted import"), QString::fromStdString(e.what()));
        }
        model_ = new DatasetTableModel(store->database(), this);
        table_->setModel(model_);
        connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
                &DatasetsPage::showCurrentExample);
        // A search with many matches in part of the project is counted in the background; the
        // label says so until the count arrives.
        auto showCount = [this] {
            if (!model_->lastError().isEmpty())
                countLabel_->setText(tr("Search failed: %1").arg(model_->lastError()));
            else if (!model_->isMatchingCountExact())
                countLabel_->setText(tr("Counting the matching examples…"));
            else
                countLabel_->setText(tr("%1 matching examples")
                                         .arg(QLocale().toString(model_->matchingCount())));
        };
        connect(model_, &QAbstractItemModel::modelReset, this, [this, showCount] {
            showCount();
            emit examplesReloaded();
        });
        connect(model_, &DatasetTableModel::matchingCountChanged, this, showCount);
        // Chat and prompt/completion data have no labels: give the column's room to text. The
        // first page arrives right after the reset.
        connect(model_, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex&, int first) {
            if (first != 0) return;
            bool anyLabel = false;
            for (int row = 0; row < model_->rowCount() && !anyLabel; ++row)
                anyLabel = !model_->data(model_->index(row, DatasetTableModel::LabelColumn))
                                .toString().isEmpty();
            table_->setColumnHidden(DatasetTableModel::LabelColumn, !anyLabel);
        });
        QHeaderView* header = table_->horizontalHeader();
        header->setSectionResizeMode(QHeaderView::Interactive);
        // Wide enough to read, narrow enough that every column fits next to the detail pane.
        header->resizeSection(DatasetTableModel::PositionColumn, 44);
        header->resizeSection(DatasetTableModel::InputColumn, 230);
        header->resizeSection(DatasetTableModel::OutputColumn, 160);
        header->resizeSection(DatasetTableModel::LabelColumn, 60);
        header->resizeSection(DatasetTableModel::TagsColumn, 80);
        header->resizeSection(DatasetTableModel::SplitColumn, 60);
        header->resizeSection(DatasetTableModel::StatusColumn, 80);
        header->resizeSection(DatasetTableModel::TokensColumn, 50);
        header->setSectionHidden(DatasetTableModel::KindColumn, true);
        // Length next to the text it measures, where it is seen without scrolling.
        header->moveSection(header->visualIndex(DatasetTableModel::TokensColumn),
                            header->visualIndex(DatasetTableModel::OutputColumn) + 1);
    }
    tokenLengths_->setProject(store);
    ProjectPage::setProject(store);  // calls refresh()
}

void DatasetsPage::refresh() {
    ProjectPage::refresh();
    guidedCheck_->showFor(project());
    reloadDatasets(currentVersionId());
    tokenLengths_->refresh();  // examples added elsewhere (annotation, production) get lengths
}

void DatasetsPage::showError(const QString& what, const QString& message) {
    QMessageBox::warning(this, what, what + QStringLiteral("\n\n") + message);
}

void DatasetsPage::reloadDatasets(qint64 selectVersionId) {
    const QSignalBlocker block(datasetCombo_);
    datasetCombo_->clear();
    if (project()) {
        try {
            const DatasetRepository repo(project()->database());
            qint64 selectDataset = 0;
            if (selectVersionId > 0) selectDataset = repo.version(selectVersionId).datasetId;
            int firstTask = -1;
            for (const DatasetInfo& d : repo.datasets()) {
                datasetCombo_->addItem(d.generalCapability ? tr("%1 (general capability)").arg(d.name)
                                                           : d.name,
                                       d.id);
                const int index = datasetCombo_->count() - 1;
                datasetCombo_->setItemData(index, d.name, kDatasetNameRole);
                datasetCombo_->setItemData(index, d.generalCapability, kGeneralCapabilityRole);
                if (firstTask < 0 && !d.generalCapability) firstTask = index;
                if (d.id == selectDataset) datasetCombo_->setCurrentIndex(index);
            }
            // Nothing asked for: open on the data the project trains on, not on the forgetting check.
            if (selectDataset == 0 && firstTask >= 0) datasetCombo_->setCurrentIndex(firstTask);
        } catch (const std::exception& e) {
            showError(tr("Could not read the datasets"), QString::fromStdString(e.what()));
        }
    }
    reloadVersions(selectVersionId);
    reloadTagFilter();
}

void DatasetsPage::reloadVersions(qint64 selectVersionId) {
    {
        const QSignalBlocker block(versionCombo_);
        versionCombo_->clear();
        versions_.clear();
        if (project() && datasetCombo_->currentIndex() >= 0) {
            try {
                const DatasetRepository repo(project()->database());
                versions_ = repo.versions(datasetCombo_->currentData().toLongLong());
            } catch (const std::exception& e) {
                showError(tr("Could not read the dataset's versions"), QString::fromStdString(e.what()));
            }
            // Newest first: that is the one people work on.
            for (auto it = versions_.crbegin(); it != versions_.crend(); ++it) {
                versionCombo_->addItem(versionCaption(*it), it->id);
                versionCombo_->setItemData(versionCombo_->count() - 1,
                                           it->note.isEmpty() ? it->created : it->note, Qt::ToolTipRole);
            }
            const int index = versionCombo_->findData(selectVersionId);
            versionCombo_->setCurrentIndex(index >= 0 ? index : 0);
        }
    }
    onVersionChanged();
}

qint64 DatasetsPage::currentVersionId() const {
    return versionCombo_->currentIndex() >= 0 ? versionCombo_->currentData().toLongLong() : 0;
}

void DatasetsPage::selectVersion(qint64 versionId) { reloadDatasets(versionId); }

void DatasetsPage::onVersionChanged() {
    if (model_) {
        model_->setVersion(currentVersionId());  // the filters stay as they are
    }
    detail_->showPlaceholder(tr("Select an example to read it here."));
    // Open on the first example so the detail pane shows what the data looks like.
    if (model_ && model_->rowCount() > 0)
        table_->setCurrentIndex(model_->index(0, DatasetTableModel::InputColumn));
    updateActions();
    statisticsStale_ = true;
    ++statisticsGeneration_;
    qint64 examples = 0;
    for (const DatasetVersionInfo& v : versions_)
        if (v.id == currentVersionId()) examples = v.exampleCount;
    if (tabs_->currentWidget() == statistics_ || examples <= kEagerStatisticsMaxExamples)
        computeStatistics();
    else
        statistics_->showMessage(tr("Statistics of %1 examples are computed when this tab is opened.")
                                     .arg(QLocale().toString(examples)));
}

void DatasetsPage::reloadTagFilter() {
    const QString current = tagFilter_->currentIndex() > 0 ? tagFilter_->currentText() : QString();
    const QSignalBlocker block(tagFilter_);
    while (tagFilter_->count() > 1) tagFilter_->removeItem(1);
    if (!project()) return;
    QSqlQuery q(project()->database());
    if (q.exec(QStringLiteral("SELECT name FROM tags ORDER BY name LIMIT 500")))
        while (q.next()) tagFilter_->addItem(q.value(0).toString());
    const int index = tagFilter_->findText(current);
    tagFilter_->setCurrentIndex(index > 0 ? index : 0);
}

void DatasetsPage::applyFilters() {
    if (!model_) return;
    ExampleFilter filter;
    if (tagFilter_->currentIndex() > 0) filter.tag = tagFilter_->currentText();
    if (labelFilter_->currentIndex() > 0) filter.label = labelFilter_->currentText();
    if (flagFilter_->currentIndex() > 0) filter.flag = ExampleFlag(flagFilter_->currentData().toInt());
    const bool tokens = lengthUnit_->currentIndex() == 0;
    (tokens ? filter.minTokens : filter.minChars) = minLength_->value();
    (tokens ? filter.maxTokens : filter.maxChars) = maxLength_->value();
    const std::optional<Split> split =
        splitFilter_->currentIndex() > 0 ? splitFromName(splitFilter_->currentText()) : std::nullopt;
    model_->setFilters(searchEdit_->text(), split, filter);
}

void DatasetsPage::showCurrentExample() {
    const QModelIndex index = table_->currentIndex();
    if (!project() || !model_ || !index.isValid()) {
        detail_->showPlaceholder(tr("Select an example to read it here."));
        return;
    }
    const qint64 id = model_->data(index, DatasetTableModel::ExampleIdRole).toLongLong();
    try {
        const ExampleRecord record = DatasetRepository(project()->database()).loadExample(id);
        detail_->showExample(
            record, model_->data(model_->index(index.row(), DatasetTableModel::TagsColumn)).toString(),
            model_->data(model_->index(index.row(), DatasetTableModel::StatusColumn)).toString());
    } catch (const std::exception& e) {
        detail_->showPlaceholder(QString::fromStdString(e.what()));
    }
}

void DatasetsPage::updateActions() {
    const bool version = project() && currentVersionId() > 0;
    importButton_->setEnabled(project() && !importRunning_);
    for (QPushButton* b : {exportButton_, duplicatesButton_, qualityButton_, splitButton_})
        b->setEnabled(version);
    const bool general = datasetCombo_->currentData(kGeneralCapabilityRole).toBool();
    generalButton_->setEnabled(project() && datasetCombo_->currentIndex() >= 0);
    generalButton_->setChecked(general);
    generalNotice_->setVisible(general);
    splitButton_->setToolTip(frozenReason());
}

void DatasetsPage::setGeneralCapabilitySet(bool on) {
    if (!project() || datasetCombo_->currentIndex() < 0) return;
    const qint64 versionId = currentVersionId();
    try {
        DatasetRepository(project()->database())
            .setGeneralCapabilitySet(datasetCombo_->currentData().toLongLong(), on);
    } catch (const std::exception& e) {
        showError(tr("Could not change the dataset"), QString::fromStdString(e.what()));
    }
    reloadDatasets(versionId);
}

QString DatasetsPage::frozenReason() const {
    const qint64 id = currentVersionId();
    for (const DatasetVersionInfo& v : versions_) {
        if (v.id != id || !v.isFrozen()) continue;
        QString user;
        QSqlQuery q(project()->database());
        q.prepare(QStringLiteral("SELECT name FROM runs WHERE dataset_version_id = ? ORDER BY id LIMIT 1"));
        q.addBindValue(id);
        if (q.exec() && q.next()) user = tr("run \u201c%1\u201d").arg(q.value(0).toString());
        if (user.isEmpty()) user = tr("a run or an evaluation");
        return tr("Version v%1 is frozen since %2 because %3 used it: its eval split must stay "
                  "what that run was measured on, so it cannot be split again. Derive a new "
                  "version (import or curate) and split that one.")
            .arg(v.versionNumber)
            .arg(v.frozenAt, user);
    }
    return {};
}

void DatasetsPage::computeStatistics() {
    const qint64 versionId = currentVersionId();
    const int generation = ++statisticsGeneration_;
    statisticsStale_ = false;
    if (!project() || versionId <= 0) {
        statistics_->showMessage(tr("No dataset version selected."));
        return;
    }
    statistics_->showMessage(tr("Computing statistics…"));
    auto stats = std::make_shared<DatasetStatistics>();
    StatisticsParams params;
    params.maxSequenceTokens = tokenLengths_->model().maxSeqLen;
    params.generalCapabilitySet = datasetCombo_->currentData(kGeneralCapabilityRole).toBool();
    BackgroundTask::start(
        this, project()->path(), QString(),
        [stats, versionId, params](QSqlDatabase& db, const std::atomic<bool>&) {
            *stats = ts::computeStatistics(DatasetRepository(db).loadMembers(versionId), params);
        },
        [this, stats, generation](const QString& error, bool) {
            if (generation != statisticsGeneration_) return;  // a newer version was picked
            if (!error.isEmpty()) {
                statistics_->showMessage(tr("Could not compute statistics: %1").arg(error));
                return;
            }
            statistics_->showStatistics(*stats);
            const QString current = labelFilter_->currentIndex() > 0 ? labelFilter_->currentText() : QString();
            {
                const QSignalBlocker block(labelFilter_);
                while (labelFilter_->count() > 1) labelFilter_->removeItem(1);
                for (const auto& [label, count] : stats->labelCounts) labelFilter_->addItem(label);
                const int index = labelFilter_->findText(current);
                labelFilter_->setCurrentIndex(index > 0 ? index : 0);
            }
            emit statisticsReady();
        });
}

ImportDialog* DatasetsPage::importFile(const QString& path) {
    if (!project()) return nullptr;
    QStringList names;
    for (int i = 0; i < datasetCombo_->count(); ++i)
        names << datasetCombo_->itemData(i, kDatasetNameRole).toString();
    ImportDialog* dialog = nullptr;
    try {
        dialog = new ImportDialog(path, names, this);
    } catch (const std::exception& e) {
        showError(tr("Could not read the file to import"), QString::fromStdString(e.what()));
        return nullptr;
    }
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, path] { startImport(path, dialog->options()); });
    dialog->open();
    return dialog;
}

void DatasetsPage::startImport(const QString& path, const ImportOptions& options) {
    if (!project() || importRunning_) return;
    importRunning_ = true;
    updateActions();
    auto* job = new DatasetImportJob(project()->path(), path, options, this);
    auto* progress = new QProgressDialog(tr("Importing %1…").arg(QFileInfo(path).fileName()),
                                         tr("Cancel"), 0, 1000, this);
    progress->setObjectName(QStringLiteral("importProgress"));
    progress->setWindowTitle(tr("Import"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(0);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setValue(0);
    connect(progress, &QProgressDialog::canceled, job, [job, progress] {
        progress->setLabelText(tr("Cancelling: removing what was imported…"));
        job->cancel();
    });
    connect(job, &DatasetImportJob::progress, progress, [progress](qint64 read, qint64 total) {
        if (total > 0) progress->setValue(int(1000 * read / total));
    });
    auto finish = [this, job, progress] {
        importRunning_ = false;
        progress->hide();
        progress->deleteLater();
        job->deleteLater();
        updateActions();
    };
    connect(job, &DatasetImportJob::finished, this, [this, finish, path](const ImportResult& result) {
        finish();
        if (!result.cancelled) {
            ProjectPage::refresh();
            reloadDatasets(result.versionId);
            tokenLengths_->refresh();  // the new examples are counted in the background
            if (result.badRecordCount > 0) showImportIssues(this, result, path);
        }
        emit importFinished(result);
    });
    connect(job, &DatasetImportJob::failed, this, [this, finish](const QString& message) {
        finish();
        showError(tr("Import failed"), message);
        emit importFailed(message);
    });
    job->start();
}

void DatasetsPage::exportTo(const QString& path) {
    if (!project() || currentVersionId() <= 0) return;
    ExportOptions options;
    options.format = path.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive) ? FileFormat::Csv
                                                                                : FileFormat::Jsonl;
    options.includeSplitField = true;
    auto written = std::make_shared<qint64>(0);
    const qint64 versionId = currentVersionId();
    BackgroundTask::start(
        this, project()->path(), tr("Exporting to %1…").arg(QFileInfo(path).fileName()),
        [written, versionId, path, options](QSqlDatabase& db, const std::atomic<bool>& cancelled) {
            ExportOptions cancellable = options;
            cancellable.cancel = &cancelled;  // Cancel stops the writing and removes the file
            try {
                *written = exportVersion(DatasetRepository(db), versionId, path, cancellable);
            } catch (const OperationCancelled&) {  // the task reports it as cancelled
            }
        },
        [this, written](const QString& error, bool cancelled) {
            if (!error.isEmpty()) showError(tr("Export failed"), error);
            else if (!cancelled) emit exportFinished(*written);
        });
}

CurationDialog* DatasetsPage::openCurationDialog(CurationDialog::Mode mode) {
    if (!project() || currentVersionId() <= 0) return nullptr;
    auto* dialog = new CurationDialog(mode, project()->path(), currentVersionId(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CurationDialog::applied, this, [this](qint64 id) {
        ProjectPage::refresh();
        reloadDatasets(id);
    });
    dialog->open();
    return dialog;
}

CurationDialog* DatasetsPage::openDuplicatesDialog() {
    return openCurationDialog(CurationDialog::Mode::Duplicates);
}

CurationDialog* DatasetsPage::openQualityDialog() {
    CurationDialog* dialog = openCurationDialog(CurationDialog::Mode::Quality);
    if (dialog) {
        tokenLengths_->refresh();
        dialog->setTokenLengthContext(tokenLengths_->model().maxSeqLen, tokenLengths_->description());
    }
    return dialog;
}

SplitDialog* DatasetsPage::openSplitDialog() {
    if (!project() || currentVersionId() <= 0) return nullptr;
    auto* dialog = new SplitDialog(project()->path(), currentVersionId(), frozenReason(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SplitDialog::created, this, [this](qint64 id, qint64, qint64, qint64) {
        ProjectPage::refresh();
        reloadDatasets(id);
    });
    dialog->open();
    return dialog;
}

}  // namespace ts::ui
