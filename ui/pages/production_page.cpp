// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/charts/qcustomplot_include.h"  // first: needs Qt's foreach

#include "ui/pages/production_page.h"

#include "app/datasets/dataset_repository.h"
#include "app/feedback/corrections_queue.h"
#include "app/feedback/production_log_importer.h"
#include "app/feedback/retraining_reminder.h"
#include "app/store/project_store.h"
#include "ui/datasets/background_task.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <atomic>

namespace ts::ui {

namespace {

const QColor kTrainColor(0x1f, 0x77, 0xb4);
const QColor kProductionColor(0xff, 0x7f, 0x0e);
const QColor kThresholdColor(0xd6, 0x27, 0x28);

QCustomPlot* makePlot(QWidget* parent, const QString& objectName, const QString& title,
                      const QString& yLabel) {
    auto* plot = new QCustomPlot(parent);
    plot->setObjectName(objectName);
    plot->setMinimumHeight(190);
    plot->plotLayout()->insertRow(0);
    auto* titleElement = new QCPTextElement(plot, title, QFont(plot->font().family(), 10, QFont::Bold));
    plot->plotLayout()->addElement(0, 0, titleElement);
    plot->yAxis->setLabel(yLabel);
    plot->legend->setVisible(false);
    return plot;
}

// A dashed horizontal line at `y` across the plot, with its value in the legend.
void addThreshold(QCustomPlot* plot, double y, const QString& name) {
    auto* graph = plot->addGraph();
    graph->setName(name);
    graph->setPen(QPen(kThresholdColor, 1.5, Qt::DashLine));
    const double lo = plot->xAxis->range().lower, hi = plot->xAxis->range().upper;
    graph->setData({lo, hi}, {y, y});
}

// A metric per time bucket as a line with markers; x = bucket index, ticks = the dates.
void plotSeries(QCustomPlot* plot, const std::vector<DriftBucket>& series,
                double (*value)(const DriftMetrics&), double threshold, const QString& seriesName,
                const QString& thresholdName, double yMax) {
    plot->clearGraphs();
    plot->clearItems();
    QVector<double> x, y;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const int every = std::max<int>(1, int(series.size()) / 8);  // at most ~8 labels
    for (std::size_t i = 0; i < series.size(); ++i) {
        x << double(i);
        y << value(series[i].metrics);
        if (int(i) % every == 0) ticker->addTick(double(i), series[i].startDate.mid(5));
    }
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setRange(-0.5, std::max<double>(0.5, double(series.size()) - 0.5));
    plot->yAxis->setRange(0, std::max(yMax, threshold * 1.3));
    auto* graph = plot->addGraph();
    graph->setName(seriesName);
    graph->setPen(QPen(kProductionColor, 2));
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    graph->setData(x, y);
    addThreshold(plot, threshold, thresholdName);
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    plot->replot();
}

double tokenJsOf(const DriftMetrics& m) { return m.tokenJs; }
double novelShareOf(const DriftMetrics& m) { return m.novelShare; }

}  // namespace

struct ProductionPage::ImportState {
    std::atomic<bool> cancel{false};
    std::atomic<qint64> bytesRead{0}, totalBytes{0};
    QString path;
    LogImportResult result;
};

ProductionPage::ProductionPage(QWidget* parent)
    : ProjectPage(tr("Production"), IconKind::Evaluate,
                  tr("The deployed model's inputs and outputs, imported from its logs: how far "
                     "production has drifted from the training data, and a review queue that "
                     "turns corrected answers into a new dataset version."),
                  {{QStringLiteral("production_logs"), tr("Logged requests")},
                   {QStringLiteral("adapter_versions"), tr("Adapter versions")}},
                  parent) {
    reportError_ = [this](const QString& title, const QString& message) {
        QMessageBox::warning(this, title, message);
    };
    chooseLogFile_ = [this] {
        return QFileDialog::getOpenFileName(this, tr("Import Production Logs"), QString(),
                                            tr("JSON Lines (*.jsonl *.ndjson *.json);;All files (*)"));
    };

    reminderBanner_ = new QLabel(this);
    reminderBanner_->setObjectName(QStringLiteral("reminderBanner"));
    reminderBanner_->setWordWrap(true);
    reminderBanner_->setStyleSheet(QStringLiteral(
        "QLabel#reminderBanner { background: #fff4ce; color: #5c4400; border: 1px solid #e0c36a;"
        " border-radius: 4px; padding: 6px 10px; }"));
    reminderBanner_->hide();
    contentLayout()->addWidget(reminderBanner_);

    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("productionTabs"));
    tabs_->addTab(createDriftTab(), tr("&Drift"));
    tabs_->addTab(createQueueTab(), tr("&Corrections Queue"));
    tabs_->addTab(createImportTab(), tr("&Import Logs"));
    contentLayout()->addWidget(tabs_, 1);
    if (auto* box = qobject_cast<QBoxLayout*>(layout())) box->setStretchFactor(contentLayout(), 100);

    progressTimer_ = new QTimer(this);
    progressTimer_->setInterval(100);
    connect(progressTimer_, &QTimer::timeout, this, &ProductionPage::pollImportProgress);
}

ProductionPage::~ProductionPage() {
    // A running import stops at its next line; the background task owns its own state copy.
    if (import_) import_->cancel = true;
}

QWidget* ProductionPage::createImportTab() {
    auto* tab = new QWidget(this);
    auto* layout = new QVBoxLayout(tab);
    auto* row = new QHBoxLayout;
    importButton_ = new QPushButton(tr("Import Logs…"), tab);
    importButton_->setObjectName(QStringLiteral("importLogsButton"));
    importButton_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    importButton_->setToolTip(tr("Import a JSON Lines log of {input, output, correction?, "
                                 "timestamp?} records (Ctrl+Shift+L). Lines already imported "
                                 "are skipped."));
    connect(importButton_, &QPushButton::clicked, this, &ProductionPage::chooseAndImport);
    row->addWidget(importButton_);
    importProgress_ = new QProgressBar(tab);
    importProgress_->setObjectName(QStringLiteral("importProgress"));
    importProgress_->setRange(0, 1000);
    importProgress_->setValue(0);
    row->addWidget(importProgress_, 1);
    cancelButton_ = new QPushButton(tr("Cancel"), tab);
    cancelButton_->setObjectName(QStringLiteral("cancelImportButton"));
    cancelButton_->setToolTip(tr("Stop the import; lines imported so far are kept and a later "
                                 "import of the same file continues after them (Esc)"));
    cancelButton_->setShortcut(QKeySequence(Qt::Key_Escape));
    cancelButton_->setEnabled(false);
    connect(cancelButton_, &QPushButton::clicked, this, &ProductionPage::cancelImport);
    row->addWidget(cancelButton_);
    layout->addLayout(row);
    importSummary_ = new QLabel(tr("No import yet."), tab);
    importSummary_->setObjectName(QStringLiteral("importSummary"));
    importSummary_->setWordWrap(true);
    layout->addWidget(importSummary_);
    issuesView_ = new QPlainTextEdit(tab);
    issuesView_->setObjectName(QStringLiteral("importIssues"));
    issuesView_->setReadOnly(true);
    issuesView_->setPlaceholderText(tr("Lines that could not be imported are listed here as "
                                       "file:line: what is wrong."));
    layout->addWidget(issuesView_, 1);
    return tab;
}

QWidget* ProductionPage::createDriftTab() {
    auto* tab = new QWidget(this);
    auto* layout = new QVBoxLayout(tab);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Compare with:"), tab));
    referenceCombo_ = new QComboBox(tab);
    referenceCombo_->setObjectName(QStringLiteral("driftReference"));
    referenceCombo_->setToolTip(tr("The training data to compare production inputs with"));
    row->addWidget(referenceCombo_, 1);
    bucketCombo_ = new QComboBox(tab);
    bucketCombo_->setObjectName(QStringLiteral("driftBucket"));
    bucketCombo_->addItem(tr("Per day"));
    bucketCombo_->addItem(tr("Per week"));
    bucketCombo_->setToolTip(tr("Time buckets of the series"));
    row->addWidget(bucketCombo_);
    computeButton_ = new QPushButton(tr("Compute Drift"), tab);
    computeButton_->setObjectName(QStringLiteral("computeDriftButton"));
    computeButton_->setShortcut(QKeySequence(Qt::Key_F5));
    computeButton_->setToolTip(tr("Measure drift of the imported logs against the training data (F5)"));
    connect(computeButton_, &QPushButton::clicked, this, &ProductionPage::computeDrift);
    row->addWidget(computeButton_);
    layout->addLayout(row);

    driftFlag_ = new QLabel(tr("Import logs, then compute drift."), tab);
    driftFlag_->setObjectName(QStringLiteral("driftFlag"));
    driftFlag_->setWordWrap(true);
    layout->addWidget(driftFlag_);

    auto* grid = new QGridLayout;
    jsPlot_ = makePlot(tab, QStringLiteral("jsPlot"), tr("Token divergence over time"),
                       tr("JS divergence (bits)"));
    novelPlot_ = makePlot(tab, QStringLiteral("novelPlot"), tr("Inputs unlike any training input"),
                          tr("Share"));
    lengthPlot_ = makePlot(tab, QStringLiteral("lengthPlot"), tr("Input length"), tr("Share"));
    lengthPlot_->xAxis->setLabel(tr("Words"));
    labelPlot_ = makePlot(tab, QStringLiteral("labelPlot"), tr("Predicted labels"), tr("Share"));
    grid->addWidget(jsPlot_, 0, 0);
    grid->addWidget(novelPlot_, 0, 1);
    grid->addWidget(lengthPlot_, 1, 0);
    grid->addWidget(labelPlot_, 1, 1);
    layout->addLayout(grid, 1);
    return tab;
}

QWidget* ProductionPage::createQueueTab() {
    auto* tab = new QWidget(this);
    auto* layout = new QVBoxLayout(tab);
    auto* row = new QHBoxLayout;
    statusFilter_ = new QComboBox(tab);
    statusFilter_->setObjectName(QStringLiteral("queueStatus"));
    statusFilter_->addItem(tr("Queued for review"), int(LogStatus::Queued));
    statusFilter_->addItem(tr("New (not queued)"), int(LogStatus::New));
    statusFilter_->addItem(tr("Approved"), int(LogStatus::Approved));
    statusFilter_->addItem(tr("Rejected"), int(LogStatus::Rejected));
    connect(statusFilter_, &QComboBox::currentIndexChanged, this, &ProductionPage::reloadQueue);
    row->addWidget(statusFilter_);
    row->addStretch(1);
    row->addWidget(new QLabel(tr("Into dataset:"), tab));
    datasetCombo_ = new QComboBox(tab);
    datasetCombo_->setObjectName(QStringLiteral("approveDataset"));
    datasetCombo_->setToolTip(tr("Approved rows become a new version of this dataset: its latest "
                                 "version's examples plus the approved ones"));
    row->addWidget(datasetCombo_);
    approveButton_ = new QPushButton(tr("Approve && Create Version"), tab);
    approveButton_->setObjectName(QStringLiteral("approveButton"));
    approveButton_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    approveButton_->setToolTip(tr("Approve the checked rows (the correction when there is one, "
                                  "else the logged output) into a new dataset version (Ctrl+Enter)"));
    connect(approveButton_, &QPushButton::clicked, this, &ProductionPage::approveSelected);
    row->addWidget(approveButton_);
    rejectButton_ = new QPushButton(tr("Reject"), tab);
    rejectButton_->setObjectName(QStringLiteral("rejectButton"));
    rejectButton_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Delete));
    rejectButton_->setToolTip(tr("Mark the checked rows rejected; they are kept (Ctrl+Delete)"));
    connect(rejectButton_, &QPushButton::clicked, this, &ProductionPage::rejectSelected);
    row->addWidget(rejectButton_);
    layout->addLayout(row);

    queueTable_ = new QTableWidget(0, 5, tab);
    queueTable_->setObjectName(QStringLiteral("queueTable"));
    queueTable_->setHorizontalHeaderLabels(
        {tr("Row"), tr("Source"), tr("Input"), tr("Logged output"), tr("Correction")});
    queueTable_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    queueTable_->horizontalHeader()->setStretchLastSection(true);
    queueTable_->setColumnWidth(2, 260);
    queueTable_->setColumnWidth(3, 220);
    queueTable_->verticalHeader()->hide();
    queueTable_->setToolTip(tr("Check rows to approve or reject them; double-click a correction "
                               "to edit it"));
    connect(queueTable_, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (fillingQueue_ || !project() || item->column() != 4) return;
        const qint64 id = queueTable_->item(item->row(), 0)->data(Qt::UserRole).toLongLong();
        try {
            CorrectionsQueue(project()->database()).setCorrection(id, item->text());
        } catch (const std::exception& e) {
            reportError_(tr("Could Not Save Correction"), QString::fromUtf8(e.what()));
        }
    });
    layout->addWidget(queueTable_, 1);
    queueSummary_ = new QLabel(tab);
    queueSummary_->setObjectName(QStringLiteral("queueSummary"));
    layout->addWidget(queueSummary_);
    return tab;
}

void ProductionPage::setProject(const ProjectStore* store) {
    if (import_ && store != project()) import_->cancel = true;
    driftReport_.reset();
    ProjectPage::setProject(store);
}

void ProductionPage::refresh() {
    ProjectPage::refresh();
    if (!queueTable_) return;  // called from the base constructor
    reloadReferences();
    reloadQueue();
    updateReminder();
    if (!project()) {
        for (QCustomPlot* plot : {jsPlot_, novelPlot_, lengthPlot_, labelPlot_}) {
            plot->clearGraphs();
            plot->clearPlottables();
            plot->replot();
        }
        driftFlag_->setText(tr("Import logs, then compute drift."));
    }
}

void ProductionPage::updateReminder() {
    QString message;
    if (project()) {
        try {
            message = retrainingReminder(project()->database()).message();
        } catch (const std::exception&) {
            message.clear();  // a reminder is a courtesy: a read failure shows elsewhere
        }
    }
    reminderBanner_->setText(message);
    reminderBanner_->setVisible(!message.isEmpty());
    if (message != reminderMessage_) {
        reminderMessage_ = message;
        emit reminderChanged(message);
    }
}

void ProductionPage::reloadReferences() {
    const QVariant previousRef = referenceCombo_->currentData();
    const QVariant previousDataset = datasetCombo_->currentData();
    referenceCombo_->clear();
    datasetCombo_->clear();
    referenceCombo_->addItem(tr("Training data of the production adapter"), qint64(0));
    if (!project()) return;
    try {
        DatasetRepository repo(project()->database());
        for (const DatasetInfo& d : repo.datasets()) {
            if (d.latestVersionId) datasetCombo_->addItem(d.name, d.id);
            for (const DatasetVersionInfo& v : repo.versions(d.id))
                referenceCombo_->addItem(tr("%1 v%2 (%3 examples)")
                                             .arg(d.name)
                                             .arg(v.versionNumber)
                                             .arg(v.exampleCount),
                                         v.id);
        }
    } catch (const std::exception& e) {
        reportError_(tr("Could Not Read Datasets"), QString::fromUtf8(e.what()));
    }
    if (int i = referenceCombo_->findData(previousRef); i >= 0) referenceCombo_->setCurrentIndex(i);
    if (int i = datasetCombo_->findData(previousDataset); i >= 0) datasetCombo_->setCurrentIndex(i);
}

void ProductionPage::reloadQueue() {
    fillingQueue_ = true;
    queueTable_->setRowCount(0);
    if (!project()) {
        fillingQueue_ = false;
        queueSummary_->clear();
        return;
    }
    const auto status = LogStatus(statusFilter_->currentData().toInt());
    const bool editable = status == LogStatus::Queued || status == LogStatus::New;
    try {
        CorrectionsQueue queue(project()->database());
        // The first 1000 rows: a review list, not a log browser.
        const auto rows = queue.rows(status, 1000);
        queueTable_->setRowCount(int(rows.size()));
        for (int r = 0; r < int(rows.size()); ++r) {
            const ProductionLogRow& row = rows[std::size_t(r)];
            auto* idItem = new QTableWidgetItem(QString::number(row.id));
            idItem->setData(Qt::UserRole, row.id);
            idItem->setFlags(Qt::ItemIsEnabled | (editable ? Qt::ItemIsUserCheckable : Qt::NoItemFlags));
            if (editable) idItem->setCheckState(Qt::Unchecked);
            queueTable_->setItem(r, 0, idItem);
            auto readOnly = [](const QString& text) {
                auto* item = new QTableWidgetItem(text);
                item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
                item->setToolTip(text.left(2000));
                return item;
            };
            queueTable_->setItem(r, 1, readOnly(QStringLiteral("%1:%2")
                                                    .arg(QFileInfo(row.sourceFile).fileName())
                                                    .arg(row.line)));
            queueTable_->item(r, 1)->setToolTip(QStringLiteral("%1:%2").arg(row.sourceFile).arg(row.line));
            queueTable_->setItem(r, 2, readOnly(row.inputText));
            auto* output = readOnly(row.outputText);
            const QString problem = outputFormatProblem(row.outputText, OutputFormat::Auto);
            if (!problem.isEmpty()) {
                output->setForeground(kThresholdColor);
                output->setToolTip(problem);
            }
            queueTable_->setItem(r, 3, output);
            auto* correction = new QTableWidgetItem(row.correction.value_or(QString()));
            correction->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable |
                                 (editable ? Qt::ItemIsEditable : Qt::NoItemFlags));
            queueTable_->setItem(r, 4, correction);
        }
        queueSummary_->setText(tr("%1 queued · %2 new · %3 approved · %4 rejected")
                                   .arg(queue.count(LogStatus::Queued))
                                   .arg(queue.count(LogStatus::New))
                                   .arg(queue.count(LogStatus::Approved))
                                   .arg(queue.count(LogStatus::Rejected)));
    } catch (const std::exception& e) {
        reportError_(tr("Could Not Read the Queue"), QString::fromUtf8(e.what()));
    }
    approveButton_->setEnabled(editable && datasetCombo_->count() > 0);
    rejectButton_->setEnabled(editable);
    fillingQueue_ = false;
}

std::vector<qint64> ProductionPage::checkedRowIds() const {
    std::vector<qint64> ids;
    for (int r = 0; r < queueTable_->rowCount(); ++r)
        if (queueTable_->item(r, 0)->checkState() == Qt::Checked)
            ids.push_back(queueTable_->item(r, 0)->data(Qt::UserRole).toLongLong());
    return ids;
}

void ProductionPage::approveSelected() {
    if (!project()) return;
    const std::vector<qint64> ids = checkedRowIds();
    if (ids.empty()) {
        reportError_(tr("Nothing to Approve"), tr("Check the rows to approve first."));
        return;
    }
    try {
        const ApproveResult r = CorrectionsQueue(project()->database())
                                    .approve(ids, datasetCombo_->currentData().toLongLong());
        queueSummary_->setText(tr("Approved %n row(s) into a new version of %1.", nullptr, r.added)
                                   .arg(datasetCombo_->currentText()));
    } catch (const std::exception& e) {
        reportError_(tr("Could Not Create the Dataset Version"), QString::fromUtf8(e.what()));
    }
    refresh();
}

void ProductionPage::rejectSelected() {
    if (!project()) return;
    try {
        CorrectionsQueue(project()->database()).reject(checkedRowIds());
    } catch (const std::exception& e) {
        reportError_(tr("Could Not Reject"), QString::fromUtf8(e.what()));
    }
    reloadQueue();
}

void ProductionPage::chooseAndImport() {
    if (!project() || import_) return;
    const QString path = chooseLogFile_ ? chooseLogFile_() : QString();
    if (!path.isEmpty()) importLogFile(path);
}

void ProductionPage::importLogFile(const QString& path) {
    if (!project() || import_) return;
    auto state = std::make_shared<ImportState>();
    state->path = path;
    import_ = state;
    importButton_->setEnabled(false);
    cancelButton_->setEnabled(true);
    importProgress_->setValue(0);
    importSummary_->setText(tr("Importing %1…").arg(QDir::toNativeSeparators(path)));
    issuesView_->clear();
    progressTimer_->start();
    BackgroundTask::start(
        this, project()->path(), QString(),
        [state](QSqlDatabase& db, const std::atomic<bool>&) {
            LogImportOptions options;
            options.cancel = &state->cancel;
            options.progress = [state](qint64 read, qint64 total) {
                state->bytesRead = read;
                state->totalBytes = total;
                return true;
            };
            state->result = ProductionLogImporter(db).importFile(state->path, options);
        },
        [this, state](const QString& error, bool) {
            progressTimer_->stop();
            import_.reset();
            importButton_->setEnabled(true);
            cancelButton_->setEnabled(false);
            if (!error.isEmpty()) {
                importSummary_->setText(tr("Import failed."));
                reportError_(tr("Could Not Import Logs"), error);
            } else {
                const LogImportResult& r = state->result;
                importProgress_->setValue(r.cancelled ? importProgress_->value() : 1000);
                importSummary_->setText(
                    (r.cancelled ? tr("Cancelled. ") : QString()) +
                    tr("%1 new line(s) imported, %2 queued for review, %3 already imported, "
                       "%4 bad line(s).")
                        .arg(r.imported)
                        .arg(r.queued)
                        .arg(r.alreadyPresent)
                        .arg(r.badLineCount));
                QStringList lines = formatIssues(QFileInfo(state->path).fileName(), r.issues);
                if (r.badLineCount > r.issues.size())
                    lines << tr("… and %1 more").arg(r.badLineCount - r.issues.size());
                issuesView_->setPlainText(lines.join(QLatin1Char('\n')));
            }
            refresh();
            emit importFinished();
        });
}

void ProductionPage::cancelImport() {
    if (import_) import_->cancel = true;
}

void ProductionPage::pollImportProgress() {
    if (!import_) return;
    const qint64 total = import_->totalBytes.load();
    if (total > 0) importProgress_->setValue(int(1000 * import_->bytesRead.load() / total));
}

void ProductionPage::computeDrift() {
    if (!project() || driftRunning_) return;
    driftRunning_ = true;
    computeButton_->setEnabled(false);
    DriftOptions options;
    options.referenceVersionId = referenceCombo_->currentData().toLongLong();
    options.bucket = bucketCombo_->currentIndex() == 1 ? DriftBucketSize::Week : DriftBucketSize::Day;
    auto report = std::make_shared<DriftReport>();
    BackgroundTask::start(
        this, project()->path(), tr("Measuring drift…"),
        [options, report](QSqlDatabase& db, const std::atomic<bool>&) {
            *report = ts::computeDrift(db, options);
        },
        [this, report](const QString& error, bool cancelled) {
            driftRunning_ = false;
            computeButton_->setEnabled(true);
            if (!error.isEmpty()) reportError_(tr("Could Not Measure Drift"), error);
            if (error.isEmpty() && !cancelled) {
                driftReport_ = *report;
                showDrift();
            }
            updateReminder();
            emit driftComputed();
        });
}

void ProductionPage::showDrift() {
    if (!driftReport_) return;
    const DriftReport& r = *driftReport_;
    const QString summary =
        tr("%1 production inputs vs %2 training inputs: token divergence %3 (threshold %4), "
           "%5% without a near neighbour in training (threshold %6%), length distance %7.")
            .arg(r.overall.productionCount)
            .arg(r.trainCount)
            .arg(r.overall.tokenJs, 0, 'f', 3)
            .arg(r.thresholds.jsDivergence, 0, 'f', 2)
            .arg(100 * r.overall.novelShare, 0, 'f', 1)
            .arg(100 * r.thresholds.novelShare, 0, 'f', 0)
            .arg(r.overall.lengthKs, 0, 'f', 2);
    if (r.retrainingRecommended) {
        driftFlag_->setText(QStringLiteral("<b>%1</b> %2<br>%3")
                                .arg(tr("Retraining recommended:"),
                                     r.reasons.join(QStringLiteral("; ")).toHtmlEscaped() + QLatin1Char('.'),
                                     summary.toHtmlEscaped()));
        driftFlag_->setStyleSheet(QStringLiteral("color: #a4262c;"));
    } else {
        driftFlag_->setText(QStringLiteral("<b>%1</b> %2").arg(tr("No retraining needed."), summary.toHtmlEscaped()));
        driftFlag_->setStyleSheet(QStringLiteral("color: #107c10;"));
    }

    double jsMax = 0.1, novelMax = 0.1;
    for (const DriftBucket& b : r.series) {
        jsMax = std::max(jsMax, b.metrics.tokenJs * 1.15);
        novelMax = std::max(novelMax, b.metrics.novelShare * 1.15);
    }
    plotSeries(jsPlot_, r.series, &tokenJsOf, r.thresholds.jsDivergence, tr("Token JS divergence"),
               tr("Threshold"), std::min(1.0, jsMax));
    plotSeries(novelPlot_, r.series, &novelShareOf, r.thresholds.novelShare, tr("Novel share"),
               tr("Threshold"), std::min(1.0, novelMax));

    // Length histograms, overlaid with transparency.
    lengthPlot_->clearPlottables();
    QVector<double> centers, train, production;
    const double width = r.lengths.binWidthWords;
    for (std::size_t i = 0; i < r.lengths.trainShare.size(); ++i) {
        centers << (double(i) + 0.5) * width;
        train << r.lengths.trainShare[i];
        production << r.lengths.productionShare[i];
    }
    double lengthMax = 0.05;
    for (const QVector<double>* v : {&train, &production})
        for (double x : *v) lengthMax = std::max(lengthMax, x * 1.15);
    auto addBars = [&](QCustomPlot* plot, const QVector<double>& keys, const QVector<double>& values,
                       const QColor& color, const QString& name, double barWidth) {
        auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setName(name);
        bars->setWidth(barWidth);
        QColor fill = color;
        fill.setAlpha(110);
        bars->setBrush(fill);
        bars->setPen(QPen(color.darker(110)));
        bars->setData(keys, values);
        return bars;
    };
    addBars(lengthPlot_, centers, train, kTrainColor, tr("Training"), width);
    addBars(lengthPlot_, centers, production, kProductionColor, tr("Production"), width);
    lengthPlot_->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    lengthPlot_->xAxis->setRange(0, std::max(1.0, double(centers.size()) * width));
    lengthPlot_->yAxis->setRange(0, lengthMax);
    lengthPlot_->legend->setVisible(true);
    lengthPlot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    lengthPlot_->replot();

    // Labels: training share vs predicted share, side by side per label.
    labelPlot_->clearPlottables();
    QStringList labels = r.trainLabels.keys();
    for (const QString& l : r.overall.productionLabels.keys())
        if (!labels.contains(l)) labels << l;
    labels = labels.mid(0, 12);  // more would be unreadable
    qint64 trainTotal = 0, productionTotal = 0;
    for (qint64 n : r.trainLabels) trainTotal += n;
    for (qint64 n : r.overall.productionLabels) productionTotal += n;
    QVector<double> keys, trainShare, productionShare;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int i = 0; i < labels.size(); ++i) {
        keys << double(i);
        trainShare << (trainTotal ? double(r.trainLabels.value(labels[i])) / double(trainTotal) : 0.0);
        productionShare << (productionTotal ? double(r.overall.productionLabels.value(labels[i])) /
                                                  double(productionTotal)
                                            : 0.0);
        ticker->addTick(double(i), labels[i]);
    }
    if (!labels.isEmpty()) {
        auto* group = new QCPBarsGroup(labelPlot_);
        addBars(labelPlot_, keys, trainShare, kTrainColor, tr("Training"), 0.35)->setBarsGroup(group);
        addBars(labelPlot_, keys, productionShare, kProductionColor, tr("Production"), 0.35)
            ->setBarsGroup(group);
        double labelMax = 0.1;
        for (double x : trainShare) labelMax = std::max(labelMax, x * 1.15);
        for (double x : productionShare) labelMax = std::max(labelMax, x * 1.15);
        labelPlot_->yAxis->setRange(0, labelMax * 1.35);  // headroom for the legend
        labelPlot_->legend->setVisible(true);
        labelPlot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignHCenter);
    }
    labelPlot_->xAxis->setTicker(ticker);
    labelPlot_->xAxis->setRange(-0.6, std::max(0.6, double(labels.size()) - 0.4));
    labelPlot_->replot();
}

}  // namespace ts::ui
