// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/runs/runs_view.h"

#include "app/eval/eval_gate.h"
#include "app/runs/run_errors.h"
#include "app/recipes/recipe_store.h"
#include "app/runs/run_list_model.h"
#include "app/store/project_store.h"
#include "ui/charts/run_charts.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ts::ui {

RunsView::RunsView(QWidget* parent) : QWidget(parent) {
    model_ = new RunListModel(this);

    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("runsTable"));
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->verticalHeader()->hide();
    // The name takes the free width; the other columns fit their contents.
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(RunListModel::Name, QHeaderView::Stretch);
    table_->setWordWrap(false);
    table_->setAlternatingRowColors(true);
    table_->setToolTip(tr("Select several runs (Ctrl+click) to overlay their curves."));

    startButton_ = new QPushButton(tr("Start"), this);
    startButton_->setToolTip(tr("Put the selected queued run in line; runs go one at a time."));
    pauseButton_ = new QPushButton(tr("Pause"), this);
    pauseButton_->setToolTip(tr("Hold the run at its next step; memory stays allocated."));
    resumeButton_ = new QPushButton(tr("Resume"), this);
    resumeButton_->setToolTip(
        tr("Continue a paused run, or an interrupted one from its last checkpoint."));
    cancelButton_ = new QPushButton(tr("Cancel"), this);
    cancelButton_->setToolTip(tr("Stop the run at its next step and keep what it wrote."));
    exportButton_ = new QPushButton(tr("Export…"), this);
    exportButton_->setToolTip(tr("Save the charts as PNG, SVG or PDF, or the metrics as CSV."));
    startButton_->setObjectName(QStringLiteral("startButton"));
    pauseButton_->setObjectName(QStringLiteral("pauseButton"));
    resumeButton_->setObjectName(QStringLiteral("resumeButton"));
    cancelButton_->setObjectName(QStringLiteral("cancelButton"));
    exportButton_->setObjectName(QStringLiteral("exportButton"));
    progress_ = new QProgressBar(this);
    progress_->setTextVisible(true);
    progress_->setFormat(tr("step %v of %m"));
    progress_->setRange(0, 1);
    progress_->setValue(0);

    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {startButton_, pauseButton_, resumeButton_, cancelButton_})
        buttons->addWidget(b);
    buttons->addWidget(progress_, 1);
    buttons->addWidget(exportButton_);

    details_ = new QTextBrowser(this);
    details_->setObjectName(QStringLiteral("runDetails"));
    details_->setOpenLinks(false);
    log_ = new QPlainTextEdit(this);
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(5000);
    auto* infoTabs = new QTabWidget(this);
    infoTabs->addTab(details_, tr("Details"));
    infoTabs->addTab(log_, tr("Log"));

    auto* top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(table_);
    top->addWidget(infoTabs);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);
    top->setSizes({720, 480});

    charts_ = new RunCharts(this);
    auto* vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(top);
    vertical->addWidget(charts_);
    vertical->setStretchFactor(0, 1);
    vertical->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(vertical, 1);

    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RunsView::updateSelection);
    connect(model_, &QAbstractItemModel::dataChanged, this, &RunsView::updateButtons);
    progressTimer_.setObjectName(QStringLiteral("runProgressTimer"));
    progressTimer_.setSingleShot(true);
    progressTimer_.setInterval(RunCharts::kCoalesceMs);
    connect(&progressTimer_, &QTimer::timeout, this, &RunsView::showPendingProgress);
    connect(startButton_, &QPushButton::clicked, this, &RunsView::startSelected);
    connect(pauseButton_, &QPushButton::clicked, this, &RunsView::pauseSelected);
    connect(resumeButton_, &QPushButton::clicked, this, &RunsView::resumeSelected);
    connect(cancelButton_, &QPushButton::clicked, this, &RunsView::cancelSelected);
    connect(exportButton_, &QPushButton::clicked, this, &RunsView::exportCharts);
    updateButtons();
}

void RunsView::setProject(const ProjectStore* store, RunService* service) {
    if (service_) disconnect(service_, nullptr, this, nullptr);
    store_ = store;
    service_ = service;
    model_->setDatabase(store ? store->database() : QSqlDatabase());
    charts_->clear();
    shownRuns_.clear();
    log_->clear();
    if (service_) {
        connect(service_, &RunService::runChanged, this, [this](qint64 runId) {
            model_->updateRun(runId);
            if (selectedRunIds().contains(runId)) showDetails();
            updateButtons();
        });
        connect(service_, &RunService::metricsAppended, this, &RunsView::onMetrics);
        connect(service_, &RunService::progress, this,
                [this](qint64 runId, qint64 step, qint64 total) {
                    // Shown at the charts' frame rate: QProgressBar repaints synchronously on
                    // every new value, and a fast trainer reports hundreds of steps a second.
                    pendingProgress_.insert(runId, {step, total});
                    if (!progressTimer_.isActive()) progressTimer_.start();
                });
        connect(service_, &RunService::logLines, this, [this](qint64 runId, const QStringList& lines) {
            QStringList text;
            for (const QString& line : lines) text << tr("run %1: %2").arg(runId).arg(line);
            log_->appendPlainText(text.join(QLatin1Char('\n')));  // one append per batch
        });
        connect(service_, &RunService::storeError, this, [this](const QString& message) {
            log_->appendPlainText(tr("error: %1").arg(message));
        });
    }
    if (model_->rowCount() > 0) table_->selectRow(0);
    updateSelection();
}

void RunsView::showPendingProgress() {
    const qint64 selected = selectedRunIds().value(0);
    for (auto it = pendingProgress_.cbegin(); it != pendingProgress_.cend(); ++it) {
        model_->setProgress(it.key(), it->first, it->second);
        if (it.key() == selected) {
            progress_->setRange(0, int(it->second));
            progress_->setValue(int(it->first));
        }
    }
    pendingProgress_.clear();
}

void RunsView::refresh() {
    const QList<qint64> selected = selectedRunIds();
    model_->refresh();
    for (qint64 id : selected) {
        const int row = model_->rowOfRun(id);
        if (row >= 0)
            table_->selectionModel()->select(model_->index(row, 0), QItemSelectionModel::Select |
                                                                        QItemSelectionModel::Rows);
    }
    updateSelection();
}

void RunsView::selectRun(qint64 runId) {
    const int row = model_->rowOfRun(runId);
    if (row >= 0) table_->selectRow(row);
}

QList<qint64> RunsView::selectedRunIds() const {
    QList<qint64> ids;
    for (const QModelIndex& index : table_->selectionModel()->selectedRows())
        ids.push_back(model_->data(index, RunListModel::RunIdRole).toLongLong());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void RunsView::updateSelection() {
    const QList<qint64> ids = selectedRunIds();
    if (ids != shownRuns_ && store_) {
        QList<RunCharts::RunLabel> labels;
        for (qint64 id : ids) {
            const int row = model_->rowOfRun(id);
            labels.push_back({id, tr("#%1 %2").arg(id).arg(model_->run(row)->name)});
        }
        charts_->showRuns(store_->database(), labels);
        shownRuns_ = ids;
    }
    showDetails();
    updateButtons();
}

void RunsView::onMetrics(const QVector<MetricPoint>& points) {
    charts_->appendPoints(points);
    // The list shows the latest loss of live runs without re-reading SQLite.
    for (auto it = points.crbegin(); it != points.crend(); ++it)
        if (it->name == metric::kLoss) {
            model_->setLastLoss(it->runId, it->value);
            break;
        }
}

void RunsView::updateButtons() {
    const QList<qint64> ids = selectedRunIds();
    const RunRecord* run = ids.size() == 1 ? model_->run(model_->rowOfRun(ids[0])) : nullptr;
    const bool haveService = service_ != nullptr;
    const RunStatus s = run ? run->status : RunStatus::Completed;
    const bool active = run && haveService && service_->activeRunId() == run->id;
    const bool inLine = run && haveService && service_->queuedRunIds().contains(run->id);
    startButton_->setEnabled(run && haveService && s == RunStatus::Queued && !inLine && !active);
    pauseButton_->setEnabled(active && s == RunStatus::Running);
    resumeButton_->setEnabled(
        run && haveService &&
        ((active && s == RunStatus::Paused) || s == RunStatus::Interrupted ||
         ((s == RunStatus::Failed || s == RunStatus::Cancelled) && !run->lastCheckpoint.isEmpty())));
    cancelButton_->setEnabled(run && haveService &&
                              (active || inLine || s == RunStatus::Queued ||
                               s == RunStatus::Interrupted));
    exportButton_->setEnabled(!ids.isEmpty());
    if (!active) {
        progress_->setRange(0, 1);
        progress_->setValue(run && s == RunStatus::Completed ? 1 : 0);
        progress_->setFormat(run ? runStatusLabel(s) : QString());
    } else {
        progress_->setFormat(tr("step %v of %m"));
    }
}

void RunsView::showDetails() {
    const QList<qint64> ids = selectedRunIds();
    if (ids.size() != 1 || !store_) {
        details_->setHtml(ids.isEmpty() ? tr("<p>No run selected. Start one from a recipe on the "
                                             "Recipes page.</p>")
                                        : tr("<p>%1 runs selected: their curves are overlaid "
                                             "below.</p>").arg(ids.size()));
        return;
    }
    const std::optional<RunRecord> run = loadRun(store_->database(), ids[0]);
    if (!run) return;
    const QJsonObject recipe = QJsonDocument::fromJson(run->recipeSnapshot.toUtf8()).object();
    const auto esc = [](const QString& s) { return s.toHtmlEscaped(); };
    QString html = QStringLiteral("<h3>#%1 %2</h3><table cellspacing=2>").arg(run->id).arg(esc(run->name));
    const auto row = [&](const QString& k, const QString& v) {
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(esc(k), esc(v));
    };
    row(tr("Status"), runStatusLabel(run->status));
    row(tr("Base model"), run->baseModel);
    QString version = QString::number(run->datasetVersionId);
    for (const DatasetVersionChoice& choice : listDatasetVersionChoices(store_->database()))
        if (choice.id == run->datasetVersionId) version = choice.label;
    row(tr("Dataset version"), version);
    row(tr("Device"), run->device.isEmpty() ? tr("not started") : run->device);
    row(tr("Duration"), runDurationText(run->started, run->finished.isEmpty() &&
                                                              run->status != RunStatus::Running &&
                                                              run->status != RunStatus::Paused
                                                          ? run->heartbeat
                                                          : run->finished));
    const QLocale locale;
    if (const auto loss = lastMetricValue(store_->database(), run->id, metric::kLoss))
        row(tr("Final training loss"), locale.toString(*loss, 'f', 4));
    if (const auto eval = lastMetricValue(store_->database(), run->id, metric::kEvalLoss))
        row(tr("Final eval loss"), locale.toString(*eval, 'f', 4));
    row(tr("Output folder"), run->outputDir);
    if (!run->lastCheckpoint.isEmpty()) row(tr("Last checkpoint"), run->lastCheckpoint);
    html += QStringLiteral("</table>");
    if (!run->error.isEmpty()) {
        const RunErrorParts parts = splitRunError(run->error);
        html += QStringLiteral("<p style='color:#b00020'><b>%1</b> %2</p>")
                    .arg(esc(tr("Error:")), esc(parts.error));
        if (!parts.hint.isEmpty())
            html += QStringLiteral("<p><b>%1</b> %2</p>").arg(esc(tr("What to change:")),
                                                               esc(parts.hint));
    }
    html += gateHtml(*run, recipe);
    if (run->status == RunStatus::Interrupted)
        html += tr("<p>The application stopped while this run was training. Resume continues "
                   "from its last checkpoint.</p>");
    html += QStringLiteral("<h4>%1</h4><pre style='white-space: pre-wrap'>%2</pre>")
                .arg(esc(tr("Recipe snapshot")),
                     esc(QString::fromUtf8(QJsonDocument(recipe).toJson(QJsonDocument::Indented))));
    details_->setHtml(html);
}

QString RunsView::gateHtml(const RunRecord& run, const QJsonObject& recipe) const {
    // The thresholds this run's adapter is judged by, as fixed when the run was created, and
    // whether the suite has moved on since (the verdict does not follow it).
    const auto esc = [](const QString& s) { return s.toHtmlEscaped(); };
    QString html = QStringLiteral("<h4>%1</h4>").arg(esc(tr("Go / no-go gate")));
    const std::optional<GateSnapshot> gate = gateSnapshotOf(run.recipeSnapshot);
    if (!gate || gate->suites.isEmpty()) {
        html += QStringLiteral("<p>%1</p>")
                    .arg(esc(tr("None: this run was started without evaluation suites, so its adapter is judged by "
                                "each suite's thresholds at evaluation time.")));
    } else {
        html += QStringLiteral("<p>%1</p><ul>")
                    .arg(esc(tr("Judged by these thresholds, fixed when the run was started (%1):")
                                 .arg(gate->taken.left(16).replace(QLatin1Char('T'), QLatin1Char(' ')) +
                                      QStringLiteral(" UTC"))));
        std::optional<EvalSuiteRepository> repo;
        if (store_) repo.emplace(store_->database());
        for (const GateSuiteSnapshot& suite : gate->suites) {
            QString thresholds;
            try {
                thresholds = thresholdsSummary(suite.thresholdsJson, suite.suiteName);
            } catch (const std::exception& e) {
                thresholds = QString::fromUtf8(e.what());
            }
            QString line = QStringLiteral("<li><b>%1</b>: %2").arg(esc(suite.suiteName), esc(thresholds));
            try {
                const std::optional<EvalSuite> now = repo ? repo->suiteByName(suite.suiteName) : std::nullopt;
                if (!now || now->id != suite.suiteId)
                    line += QStringLiteral(" <i>%1</i>").arg(esc(tr("(the suite no longer exists)")));
                else if (now->thresholdsJson != suite.thresholdsJson)
                    line += QStringLiteral(" <i>%1</i>")
                                .arg(esc(tr("(the suite has changed since: now %1; this run keeps its own)")
                                             .arg(thresholdsSummary(now->thresholdsJson, now->name))));
            } catch (const std::exception&) {
                // The snapshot is what counts; the comparison is only a hint.
            }
            html += line + QStringLiteral("</li>");
        }
        html += QStringLiteral("</ul>");
    }
    if (const std::optional<LegacyThresholds> legacy = legacyThresholdsOf(recipe))
        html += QStringLiteral("<p><i>%1</i></p>")
                    .arg(esc(tr("The recipe also held old-style numbers that no verdict uses: %1.")
                                 .arg(describeLegacyThresholds(*legacy))));
    return html;
}

void RunsView::startSelected() {
    const QList<qint64> ids = selectedRunIds();
    if (service_ && ids.size() == 1) service_->enqueue(ids[0]);
    updateButtons();
}

void RunsView::pauseSelected() {
    const QList<qint64> ids = selectedRunIds();
    if (service_ && ids.size() == 1) service_->pause(ids[0]);
}

void RunsView::resumeSelected() {
    const QList<qint64> ids = selectedRunIds();
    if (!service_ || ids.size() != 1) return;
    try {
        service_->resume(ids[0]);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Resume"), QString::fromStdString(e.what()));
    }
}

void RunsView::cancelSelected() {
    const QList<qint64> ids = selectedRunIds();
    if (!service_ || ids.size() != 1) return;
    try {
        service_->cancel(ids[0]);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Cancel"), QString::fromStdString(e.what()));
    }
}

void RunsView::exportCharts() {
    QString filter;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export"), {},
        tr("PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf);;CSV metrics (*.csv)"), &filter);
    if (path.isEmpty()) return;
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool ok = false;
    QString error;
    if (suffix == QLatin1String("pdf")) {
        ok = charts_->exportPdf(path);
    } else if (suffix == QLatin1String("svg")) {
        ok = charts_->exportSvg(path);
    } else if (suffix == QLatin1String("csv")) {
        ok = charts_->exportCsv(path, &error);
    } else {
        ok = charts_->exportPng(path);
    }
    if (!ok)
        QMessageBox::warning(this, tr("Export"),
                             tr("Could not write %1. %2").arg(QDir::toNativeSeparators(path), error));
}

}  // namespace ts::ui
