// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/eval/versions_panel.h"

#include "app/adapters/adapter_registry.h"
#include "app/eval/eval_service.h"
#include "app/eval/eval_gate.h"
#include "app/eval/eval_suite.h"
#include "app/store/project_store.h"
#include "engine/train/adapter_tools.h"     // torch-free facade: mergeAdapter
#include "engine/train/gguf_lora_export.h"  // torch-free: exportLoraToGguf

#include <QBoxLayout>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSqlQuery>
#include <QSplitter>
#include <QTableWidget>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

namespace ts::ui {

namespace {

const QColor kGoTint(0xd9, 0xf2, 0xdf);
const QColor kNoGoTint(0xfb, 0xdd, 0xdd);

QTableWidgetItem* cell(const QString& text, const QString& toolTip = {}) {
    auto* item = new QTableWidgetItem(text);
    item->setToolTip(toolTip.isEmpty() ? text : toolTip);
    return item;
}

// "support-tickets v3" for a dataset version id.
QString datasetVersionName(QSqlDatabase db, qint64 id) {
    if (id == 0) return {};
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT d.name, v.version_number FROM dataset_versions v JOIN datasets d "
                             "ON d.id = v.dataset_id WHERE v.id = ?"));
    q.addBindValue(id);
    if (q.exec() && q.next()) return QStringLiteral("%1 v%2").arg(q.value(0).toString(), q.value(1).toString());
    return QString::number(id);
}

}  // namespace

VersionsPanel::VersionsPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* baseRow = new QHBoxLayout;
    baseRow->addWidget(new QLabel(tr("Base model"), this));
    baseModel_ = new QLineEdit(this);
    baseModel_->setObjectName(QStringLiteral("baseModelPath"));
    baseModel_->setPlaceholderText(tr("Hugging Face folder or .gguf file of the base model"));
    baseModel_->setToolTip(tr("The model that the base-model row evaluates; adapter versions use the base "
                              "model they were trained on."));
    baseRow->addWidget(baseModel_, 1);
    baseRow->addWidget(new QLabel(tr("Suite"), this));
    suite_ = new QComboBox(this);
    suite_->setObjectName(QStringLiteral("evaluateSuite"));
    suite_->setToolTip(tr("The suite Evaluate runs"));
    baseRow->addWidget(suite_);
    layout->addLayout(baseRow);

    auto* actions = new QHBoxLayout;
    auto button = [&](const QString& text, const QString& name, const QString& tip, const QKeySequence& keys) {
        auto* b = new QPushButton(text, this);
        b->setObjectName(name);
        b->setToolTip(keys.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, keys.toString(QKeySequence::NativeText)));
        if (!keys.isEmpty()) b->setShortcut(keys);
        actions->addWidget(b);
        return b;
    };
    evaluate_ = button(tr("&Evaluate"), QStringLiteral("evaluate"),
                       tr("Evaluate the selected row on the chosen suite"), QKeySequence(Qt::CTRL | Qt::Key_E));
    cancel_ = button(tr("Cancel"), QStringLiteral("cancelEvaluation"), tr("Stop the running evaluation"),
                     QKeySequence(Qt::Key_Escape));
    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("evaluationProgress"));
    progress_->setFormat(tr("%v / %m examples"));
    progress_->setMaximumWidth(220);
    progress_->hide();
    actions->addWidget(progress_);
    actions->addSpacing(16);
    promote_ = button(tr("&Promote to production"), QStringLiteral("promote"),
                      tr("Make the selected version the production adapter; the current one is archived"),
                      QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    rollback_ = button(tr("&Roll back"), QStringLiteral("rollback"),
                       tr("Put the previous production version back into production"),
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    actions->addSpacing(16);
    exportFolder_ = button(tr("Export adapter…"), QStringLiteral("exportAdapter"),
                           tr("Copy the PEFT adapter folder (adapter_config.json + adapter_model.safetensors)"), {});
    exportMerged_ = button(tr("Export merged model…"), QStringLiteral("exportMerged"),
                           tr("Merge the adapter into its base model and write a transformers folder "
                              "(bfloat16); this cannot be interrupted"),
                           {});
    const QString ggufTip = tr("Write the adapter as a GGUF LoRA file for llama.cpp (--lora FILE) and Ollama "
                               "(ADAPTER FILE in a Modelfile), on top of the base model's GGUF");
    exportGguf_ = button(tr("Export GGUF LoRA…"), QStringLiteral("exportGguf"), ggufTip, {});
    ggufType_ = new QComboBox(this);
    ggufType_->setObjectName(QStringLiteral("ggufType"));
    ggufType_->addItem(tr("F16"), int(GgmlType::F16));
    ggufType_->addItem(tr("F32"), int(GgmlType::F32));
    ggufType_->setToolTip(tr("Number format of the GGUF LoRA tensors: F16 is half the size and what llama.cpp "
                             "and Ollama usually load; F32 keeps the trained values exactly"));
    actions->addWidget(ggufType_);
    actions->addStretch(1);
    layout->addLayout(actions);

    message_ = new QLabel(this);
    message_->setObjectName(QStringLiteral("versionsMessage"));
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(message_);

    table_ = new QTableWidget(this);
    table_->setObjectName(QStringLiteral("versionsTable"));
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);

    auto* historyBox = new QWidget(this);
    auto* historyLayout = new QVBoxLayout(historyBox);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    historyLayout->addWidget(new QLabel(tr("Stage history of the selected version"), historyBox));
    history_ = new QTableWidget(historyBox);
    history_->setObjectName(QStringLiteral("stageHistory"));
    history_->setColumnCount(4);
    history_->setHorizontalHeaderLabels({tr("When"), tr("From"), tr("To"), tr("Reason")});
    history_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    history_->verticalHeader()->hide();
    history_->horizontalHeader()->setStretchLastSection(true);
    historyLayout->addWidget(history_);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(table_);
    split->addWidget(historyBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);

    connect(table_, &QTableWidget::itemSelectionChanged, this, [this] {
        updateActions();
        showHistory();
    });
    connect(evaluate_, &QPushButton::clicked, this, &VersionsPanel::evaluateSelected);
    connect(cancel_, &QPushButton::clicked, this, [this] {
        if (service_) service_->cancel();
    });
    connect(promote_, &QPushButton::clicked, this, &VersionsPanel::promoteSelected);
    connect(rollback_, &QPushButton::clicked, this, &VersionsPanel::rollBack);
    connect(exportFolder_, &QPushButton::clicked, this, &VersionsPanel::exportAdapterFolder);
    connect(exportMerged_, &QPushButton::clicked, this, &VersionsPanel::exportMergedModel);
    connect(exportGguf_, &QPushButton::clicked, this, &VersionsPanel::exportGgufLora);
    connect(baseModel_, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (table_->rowCount() > 0 && table_->item(0, BaseModelColumn)) table_->item(0, BaseModelColumn)->setText(text);
    });
    updateActions();
}

VersionsPanel::~VersionsPanel() = default;

void VersionsPanel::setProject(const ProjectStore* store) {
    service_.reset();
    store_ = store;
    if (store_) {
        service_ = std::make_unique<EvalService>(store_->path());
        connect(service_.get(), &EvalService::progress, this, [this](qint64 done, qint64 total) {
            progress_->setMaximum(int(total));
            progress_->setValue(int(done));
        });
        auto finish = [this] {
            progress_->hide();
            updateActions();
            refresh();
            emit evaluationFinished();
        };
        connect(service_.get(), &EvalService::finished, this, [this, finish](qint64 evalRunId, bool go, const QString& summary) {
            QString judged;
            try {
                judged = thresholdsOfEvaluation(store_->database(), evalRunId).sourceText();
            } catch (const std::exception&) {
            }
            const QString verdict = go ? tr("Evaluation finished: GO") : tr("Evaluation finished: %1").arg(summary);
            showMessage(judged.isEmpty() ? verdict : tr("%1 (judged by %2)").arg(verdict, judged), !go);
            finish();
        });
        connect(service_.get(), &EvalService::cancelled, this, [this, finish](qint64) {
            showMessage(tr("Evaluation cancelled; nothing was scored."), false);
            finish();
        });
        connect(service_.get(), &EvalService::failed, this, [this, finish](const QString& message) {
            finish();
            reportError(tr("Evaluation failed"), message);
        });
        baseModel_->clear();
    }
    refresh();
}

void VersionsPanel::refresh() {
    const qint64 selected = selectedVersion();
    const qint64 suiteId = suite_->currentData().toLongLong();
    table_->clearContents();
    table_->setRowCount(0);
    suite_->clear();
    if (!store_) return updateActions();
    try {
        QSqlDatabase db = store_->database();
        EvalSuiteRepository suites(db);
        const QList<EvalSuite> suiteList = suites.suites();
        for (const auto& s : suiteList) suite_->addItem(s.name, s.id);
        suite_->setCurrentIndex(std::max(0, suite_->findData(suiteId)));
        AdapterRegistry registry(db);
        const QList<AdapterVersion> versions = registry.versions();
        if (baseModel_->text().isEmpty() && !versions.isEmpty()) baseModel_->setText(versions.first().baseModel);

        QStringList headers{tr("Name"), tr("Stage"), tr("Base model"), tr("Dataset version"), tr("Parent"),
                            tr("Created"), tr("SHA-256")};
        for (const auto& s : suiteList) headers << tr("Verdict: %1").arg(s.name);
        table_->setColumnCount(int(headers.size()));
        table_->setHorizontalHeaderLabels(headers);
        table_->setRowCount(int(versions.size()) + 1);
        QHash<qint64, QString> names;
        for (const auto& v : versions) names.insert(v.id, v.name);
        auto fillVerdicts = [&](int row, qint64 id) {
            for (int s = 0; s < suiteList.size(); ++s) {
                const auto run = suites.latestCompleted(suiteList[s].id, id);
                QTableWidgetItem* item;
                if (!run) {
                    item = cell(tr("—"), tr("not evaluated on %1").arg(suiteList[s].name));
                } else {
                    // Which thresholds the verdict was taken against, and where they came from.
                    const AppliedThresholds applied = thresholdsOfEvaluation(db, run->id);
                    const QString judged = tr("%1, evaluated %2.\nJudged by %3:\n%4")
                                               .arg(suiteList[s].name, run->finished, applied.sourceText(),
                                                    thresholdsSummary(applied.thresholdsJson, suiteList[s].name));
                    if (run->verdict == QStringLiteral("go")) {
                        item = cell(tr("GO"), judged);
                        item->setBackground(kGoTint);
                    } else {
                        QStringList failing;
                        for (const auto& m : suites.metricResults(run->id))
                            if (m.passed && !*m.passed) failing << m.metric;
                        item = cell(failing.isEmpty() ? tr("NO-GO") : tr("NO-GO: %1").arg(failing.join(QStringLiteral(", "))),
                                    judged);
                        item->setBackground(kNoGoTint);
                    }
                    if (applied.source == AppliedThresholds::Source::RunGate)
                        item->setText(item->text() + tr(" (run #%1 gate)").arg(applied.runId));
                }
                table_->setItem(row, kFixedColumns + s, item);
            }
        };
        auto* base = cell(tr("base model"), tr("The base model alone, without an adapter"));
        base->setData(Qt::UserRole, qint64(0));
        QFont italic = base->font();
        italic.setItalic(true);
        base->setFont(italic);
        table_->setItem(0, NameColumn, base);
        table_->setItem(0, StageColumn, cell(QString()));
        table_->setItem(0, BaseModelColumn, cell(baseModel_->text()));
        for (int c = DatasetColumn; c < kFixedColumns; ++c) table_->setItem(0, c, cell(QString()));
        fillVerdicts(0, 0);
        int row = 1;
        for (const auto& v : versions) {
            auto* name = cell(v.name, v.notes.isEmpty() ? v.path : v.path + QLatin1Char('\n') + v.notes);
            name->setData(Qt::UserRole, v.id);
            table_->setItem(row, NameColumn, name);
            auto* stage = cell(adapterStageName(v.stage));
            if (v.stage == AdapterStage::Production) {
                QFont bold = stage->font();
                bold.setBold(true);
                stage->setFont(bold);
                stage->setBackground(kGoTint);
            }
            table_->setItem(row, StageColumn, stage);
            table_->setItem(row, BaseModelColumn, cell(QFileInfo(v.baseModel).fileName(), v.baseModel));
            table_->setItem(row, DatasetColumn, cell(datasetVersionName(db, v.datasetVersionId)));
            table_->setItem(row, ParentColumn, cell(v.parentVersionId ? names.value(v.parentVersionId) : QString()));
            table_->setItem(row, CreatedColumn, cell(v.created.left(16).replace(QLatin1Char('T'), QLatin1Char(' '))));
            table_->setItem(row, ShaColumn, cell(v.sha256.left(12), v.sha256));
            fillVerdicts(row, v.id);
            ++row;
        }
        table_->resizeColumnsToContents();
    } catch (const std::exception& e) {
        showMessage(QString::fromUtf8(e.what()), true);
    }
    if (selected >= 0) selectVersion(selected);
    updateActions();
    showHistory();
}

void VersionsPanel::selectVersion(qint64 adapterVersionId) {
    for (int row = 0; row < table_->rowCount(); ++row)
        if (table_->item(row, NameColumn) &&
            table_->item(row, NameColumn)->data(Qt::UserRole).toLongLong() == adapterVersionId) {
            table_->selectRow(row);
            return;
        }
}

qint64 VersionsPanel::selectedVersion() const {
    const auto rows = table_->selectionModel() ? table_->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty() || !table_->item(rows.first().row(), NameColumn)) return -1;
    return table_->item(rows.first().row(), NameColumn)->data(Qt::UserRole).toLongLong();
}

void VersionsPanel::updateActions() {
    const qint64 id = selectedVersion();
    const bool running = service_ && service_->isRunning();
    bool isProduction = false;
    for (int row = 0; row < table_->rowCount(); ++row)
        if (table_->item(row, NameColumn) && table_->item(row, NameColumn)->data(Qt::UserRole).toLongLong() == id &&
            table_->item(row, StageColumn))
            isProduction = table_->item(row, StageColumn)->text() == adapterStageName(AdapterStage::Production);
    evaluate_->setEnabled(store_ && id >= 0 && !running && suite_->count() > 0);
    cancel_->setEnabled(running);
    promote_->setEnabled(store_ && id > 0 && !isProduction);
    rollback_->setEnabled(store_ != nullptr);
    exportFolder_->setEnabled(store_ && id > 0);
    exportMerged_->setEnabled(store_ && id > 0 && !exporting_);
    exportGguf_->setEnabled(store_ && id > 0 && !exporting_);
}

void VersionsPanel::showHistory() {
    history_->setRowCount(0);
    const qint64 id = selectedVersion();
    if (!store_ || id <= 0) return;
    try {
        const auto changes = AdapterRegistry(store_->database()).history(id);
        history_->setRowCount(int(changes.size()));
        for (int i = 0; i < changes.size(); ++i) {
            const auto& c = changes[i];
            history_->setItem(i, 0, cell(c.changedAt.left(19).replace(QLatin1Char('T'), QLatin1Char(' '))));
            history_->setItem(i, 1, cell(c.from ? adapterStageName(*c.from) : tr("(registered)")));
            history_->setItem(i, 2, cell(adapterStageName(c.to)));
            history_->setItem(i, 3, cell(c.reason));
        }
        history_->resizeColumnsToContents();
    } catch (const std::exception& e) {
        showMessage(QString::fromUtf8(e.what()), true);
    }
}

void VersionsPanel::showMessage(const QString& text, bool error) {
    message_->setText(text);
    message_->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
}

void VersionsPanel::reportError(const QString& title, const QString& message) {
    showMessage(message, true);
    if (hooks_.showError) hooks_.showError(this, title, message);
}

void VersionsPanel::evaluateSelected() {
    const qint64 id = selectedVersion();
    if (!store_ || !service_ || id < 0 || suite_->count() == 0) return;
    EvalRequest request;
    request.suiteId = suite_->currentData().toLongLong();
    request.adapterVersionId = id;
    if (id == 0) {
        request.modelPath = baseModel_->text().trimmed();
        if (request.modelPath.isEmpty())
            return reportError(tr("Evaluate"), tr("Enter the base model (a Hugging Face folder or a .gguf file) "
                                                  "to evaluate the base model."));
    }
    if (!service_->start(request)) return showMessage(tr("An evaluation is already running."), true);
    progress_->setRange(0, 0);  // busy until the first batch reports its total
    progress_->show();
    showMessage(tr("Evaluating %1 on %2…").arg(table_->item(table_->currentRow(), NameColumn)->text(),
                                               suite_->currentText()),
                false);
    updateActions();
}

void VersionsPanel::promoteSelected() {
    const qint64 id = selectedVersion();
    if (!store_ || id <= 0) return;
    try {
        AdapterRegistry registry(store_->database());
        const AdapterVersion version = registry.version(id);
        const auto current = registry.production();
        const QString question =
            current ? tr("Promote %1 to production? %2 (production now) will be archived.").arg(version.name, current->name)
                    : tr("Promote %1 to production?").arg(version.name);
        if (!hooks_.confirm || !hooks_.confirm(this, tr("Promote to production"), question)) return;
        registry.promote(id, tr("promoted in Evaluate & Compare"));
        showMessage(tr("%1 is now in production.").arg(version.name), false);
    } catch (const std::exception& e) {
        return reportError(tr("Promote"), QString::fromUtf8(e.what()));
    }
    refresh();
    emit versionsChanged();
}

void VersionsPanel::rollBack() {
    if (!store_) return;
    try {
        AdapterRegistry registry(store_->database());
        const auto current = registry.production();
        if (!current) return reportError(tr("Roll back"), tr("No adapter version is in production."));
        if (!hooks_.confirm ||
            !hooks_.confirm(this, tr("Roll back"),
                            tr("Take %1 out of production and put the previous production version back?")
                                .arg(current->name)))
            return;
        const qint64 restored = registry.rollback(tr("rolled back in Evaluate & Compare"));
        showMessage(tr("Rolled back: %1 is in production again.").arg(registry.version(restored).name), false);
    } catch (const std::exception& e) {
        return reportError(tr("Roll back"), QString::fromUtf8(e.what()));
    }
    refresh();
    emit versionsChanged();
}

void VersionsPanel::exportAdapterFolder() {
    const qint64 id = selectedVersion();
    if (!store_ || id <= 0 || !hooks_.chooseDirectory) return;
    try {
        AdapterRegistry registry(store_->database());
        const AdapterVersion version = registry.version(id);
        const QString parent = hooks_.chooseDirectory(this, tr("Export adapter %1 into").arg(version.name));
        if (parent.isEmpty()) return;
        const QString target = QDir(parent).filePath(version.name);
        if (QFileInfo::exists(target))
            return reportError(tr("Export adapter"), tr("%1 already exists; choose another folder.").arg(target));
        // Copy into a temporary name, check the weights' hash, then rename: a half-copied folder
        // never carries the adapter's name.
        const QString partial = target + QStringLiteral(".partial");
        QDir(partial).removeRecursively();
        QDirIterator it(version.path, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString source = it.next();
            const QString destination = QDir(partial).filePath(QDir(version.path).relativeFilePath(source));
            QDir().mkpath(QFileInfo(destination).path());
            if (!QFile::copy(source, destination)) {
                QDir(partial).removeRecursively();
                return reportError(tr("Export adapter"), tr("Cannot copy %1 to %2.").arg(source, destination));
            }
        }
        if (AdapterRegistry::sha256OfFile(AdapterRegistry::adapterWeightsFile(partial)) != version.sha256) {
            QDir(partial).removeRecursively();
            return reportError(tr("Export adapter"),
                               tr("%1 no longer has the registered sha256 %2; nothing was exported.")
                                   .arg(AdapterRegistry::adapterWeightsFile(version.path), version.sha256));
        }
        if (!QDir().rename(partial, target))
            return reportError(tr("Export adapter"), tr("Cannot rename %1 to %2.").arg(partial, target));
        showMessage(tr("Exported %1 to %2 (sha256 verified).").arg(version.name, target), false);
    } catch (const std::exception& e) {
        reportError(tr("Export adapter"), QString::fromUtf8(e.what()));
    }
}

void VersionsPanel::exportMergedModel() {
    const qint64 id = selectedVersion();
    if (!store_ || id <= 0 || exporting_ || !hooks_.chooseDirectory) return;
    AdapterVersion version;
    try {
        version = AdapterRegistry(store_->database()).version(id);
    } catch (const std::exception& e) {
        return reportError(tr("Export merged model"), QString::fromUtf8(e.what()));
    }
    const QString parent = hooks_.chooseDirectory(this, tr("Export %1 merged into its base model into").arg(version.name));
    if (parent.isEmpty()) return;
    const QString target = QDir(parent).filePath(version.name + QStringLiteral("-merged"));
    if (QFileInfo::exists(target))
        return reportError(tr("Export merged model"), tr("%1 already exists; choose another folder.").arg(target));
    exporting_ = true;
    updateActions();
    progress_->setRange(0, 0);
    progress_->show();
    showMessage(tr("Merging %1 into %2…").arg(version.name, version.baseModel), false);
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, target, name = version.name] {
        const QString error = watcher->result();
        watcher->deleteLater();
        exporting_ = false;
        progress_->hide();
        updateActions();
        if (error.isEmpty())
            showMessage(tr("Exported %1 merged into its base model to %2.").arg(name, target), false);
        else
            reportError(tr("Export merged model"), error);
        emit exportFinished(target, error);
    });
    // The engine's merge runs to the end (it has no cancel); it owns no Qt or database state.
    watcher->setFuture(QtConcurrent::run([base = version.baseModel.toStdString(), adapter = version.path.toStdString(),
                                          out = target.toStdString()]() -> QString {
        try {
            mergeAdapter(base, adapter, out, "bfloat16");
            return {};
        } catch (const std::exception& e) {
            return QString::fromUtf8(e.what());
        }
    }));
}

void VersionsPanel::exportGgufLora() {
    const qint64 id = selectedVersion();
    if (!store_ || id <= 0 || exporting_ || !hooks_.chooseSaveFile) return;
    AdapterVersion version;
    try {
        version = AdapterRegistry(store_->database()).version(id);
    } catch (const std::exception& e) {
        return reportError(tr("Export GGUF LoRA"), QString::fromUtf8(e.what()));
    }
    if (version.baseModel.isEmpty())
        return reportError(tr("Export GGUF LoRA"),
                           tr("%1 has no base model recorded; the GGUF adapter needs the base model's shape.")
                               .arg(version.name));
    const auto type = static_cast<GgmlType>(ggufType_->currentData().toInt());
    const QString typeName = ggufType_->currentText();
    QString target = hooks_.chooseSaveFile(this, tr("Export %1 as a GGUF LoRA adapter").arg(version.name),
                                           QStringLiteral("%1-lora-%2.gguf").arg(version.name, typeName.toLower()),
                                           tr("GGUF files (*.gguf)"));
    if (target.isEmpty()) return;
    if (QFileInfo(target).suffix().isEmpty()) target += QStringLiteral(".gguf");
    exporting_ = true;
    updateActions();
    progress_->setRange(0, 0);
    progress_->show();
    showMessage(tr("Writing %1 as a %2 GGUF LoRA adapter…").arg(version.name, typeName), false);

    struct Outcome {
        GgufLoraExportSummary summary;
        QString error;  // empty: written
    };
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, target, name = version.name] {
        const Outcome outcome = watcher->result();
        watcher->deleteLater();
        exporting_ = false;
        progress_->hide();
        updateActions();
        if (outcome.error.isEmpty())
            showMessage(tr("Exported %1 as a GGUF LoRA adapter (%2, rank %3, %4 tensors) to %5.")
                            .arg(name, QString::fromStdString(outcome.summary.architecture))
                            .arg(outcome.summary.rank)
                            .arg(outcome.summary.tensorCount)
                            .arg(target),
                        false);
        else
            reportError(tr("Export GGUF LoRA"), outcome.error);
        emit exportFinished(target, outcome.error);
    });
    // Reads the adapter and the base model's config only (no weights); it writes the file under a
    // temporary name and renames it, so a failed export leaves nothing behind.
    GgufLoraExportOptions options;
    options.type = type;
    watcher->setFuture(QtConcurrent::run([adapter = version.path.toStdString(), base = version.baseModel.toStdString(),
                                          out = target.toStdString(), options]() -> Outcome {
        Outcome outcome;
        try {
            outcome.summary = exportLoraToGguf(adapter, base, out, options);
        } catch (const std::exception& e) {
            outcome.error = QString::fromUtf8(e.what());
        }
        return outcome;
    }));
}

}  // namespace ts::ui
