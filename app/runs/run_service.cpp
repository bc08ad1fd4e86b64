// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/run_service.h"

#include "app/adapters/adapter_registry.h"

#include "app/compute_device.h"
#include "app/eval/eval_gate.h"
#include "app/runs/run_errors.h"
#include "app/store/project_store.h"
#include "engine/core/error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariant>

namespace ts {

RecipeRunInputs runInputsOfRecipe(const QJsonObject& recipe) {
    RecipeRunInputs inputs;
    inputs.baseModel = recipe.value(QStringLiteral("base_model")).toString();
    inputs.datasetVersionId = recipe.value(QStringLiteral("dataset_version")).toString().toLongLong();
    const QJsonObject ui = recipe.value(QStringLiteral("ui")).toObject();
    const QString train = ui.value(QStringLiteral("train_split")).toString();
    const QString eval = ui.value(QStringLiteral("eval_split")).toString();
    if (!train.isEmpty()) inputs.trainSplit = train;
    if (ui.contains(QStringLiteral("eval_split"))) inputs.evalSplit = eval;  // "" = no eval
    return inputs;
}

RunService::RunService(const ProjectStore& store, TrainFunction train, RunServiceOptions options,
                       QObject* parent)
    : QObject(parent), store_(store), options_(options), engine_(std::move(train)), writer_(store) {
    try {
        interruptedAtOpen_ = markInterruptedRuns(store_.database(), options_.staleAfterMs);
    } catch (const Error& e) {
        // Reported once the GUI is connected; the project stays usable.
        QTimer::singleShot(0, this, [this, msg = QString::fromStdString(e.what())] {
            emit storeError(msg);
        });
    }
    connect(&engine_, &EngineThread::metricsReady, this, [this] {
        if (!flushTimer_.isActive()) flushTimer_.start();
    });
    connect(&engine_, &EngineThread::progress, this, &RunService::progress);
    connect(&engine_, &EngineThread::logLines, this, &RunService::logLines);
    connect(&engine_, &EngineThread::checkpointWritten, this,
            [this](qint64 runId, const QString& path) {
                try {
                    setRunLastCheckpoint(store_.database(), runId, path);
                } catch (const Error& e) {
                    emit storeError(QString::fromStdString(e.what()));
                }
                emit runChanged(runId);
            });
    connect(&engine_, &EngineThread::runFinished, this, &RunService::onRunFinished);
    connect(&writer_, &MetricWriter::written, this,
            [this](const QVector<MetricPoint>& points, const QString& error) {
                if (!error.isEmpty()) emit storeError(error);
                emit metricsAppended(points);
                if (!finishing_.isEmpty()) finishRunsWhenWritten();
            });

    flushTimer_.setObjectName(QStringLiteral("metricFlushTimer"));
    heartbeatTimer_.setObjectName(QStringLiteral("heartbeatTimer"));
    flushTimer_.setSingleShot(true);
    flushTimer_.setInterval(options_.metricFlushMs);
    connect(&flushTimer_, &QTimer::timeout, this, &RunService::flushMetrics);
    heartbeatTimer_.setInterval(options_.heartbeatIntervalMs);
    connect(&heartbeatTimer_, &QTimer::timeout, this, &RunService::heartbeat);
}

RunService::~RunService() {
    // The engine thread (a member) stops the run at its next step when destroyed; what it
    // produced before is kept. The row stays 'running' with a fresh heartbeat only until the
    // next open decides; mark it interrupted now so the next open needs no timeout.
    const qint64 active = engine_.activeRunId();
    if (active != 0) {
        flushMetrics();
        writer_.waitForWrites();  // closing: the last metrics are stored before the status
        try {
            setRunStatus(store_.database(), active, RunStatus::Interrupted);
        } catch (const Error&) {
            // Closing anyway: the next open marks it interrupted from its stale heartbeat.
        }
    }
}

QString RunService::outputDirFor(qint64 runId) const {
    const QFileInfo project(store_.path());
    return project.absoluteDir().filePath(
        QStringLiteral("%1.runs/run-%2").arg(project.completeBaseName()).arg(runId));
}

qint64 RunService::createRun(const QJsonObject& recipe, const QString& name,
                             std::optional<qint64> recipeId) {
    const RecipeRunInputs inputs = runInputsOfRecipe(recipe);
    const std::string file = store_.path().toStdString();
    if (inputs.baseModel.isEmpty())
        throw Error("the recipe names no base model (set one in the recipe editor)", file,
                    "base_model");
    if (inputs.datasetVersionId <= 0)
        throw Error("the recipe names no dataset version (pick one in the recipe editor)", file,
                    "dataset_version");
    QSqlQuery q(store_.database());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM dataset_versions WHERE id = ?"));
    q.addBindValue(inputs.datasetVersionId);
    if (!q.exec() || !q.next() || q.value(0).toInt() != 1)
        throw Error(QStringLiteral("dataset version %1 does not exist in this project")
                        .arg(inputs.datasetVersionId).toStdString(),
                    file, "dataset_version");

    // The go/no-go thresholds in force now are fixed with the run: its adapter's verdict is
    // taken against them, whatever the suites say later (app/eval/eval_gate.h).
    QJsonObject snapshot = recipe;
    if (!gateSuiteNames(recipe).isEmpty())
        snapshot = withGateSnapshot(snapshot, takeGateSnapshot(store_.database(), recipe));

    NewRun run;
    run.recipeId = recipeId;
    run.name = name;
    run.recipeSnapshot = QString::fromUtf8(QJsonDocument(snapshot).toJson(QJsonDocument::Compact));
    run.datasetVersionId = inputs.datasetVersionId;
    run.baseModel = inputs.baseModel;
    const qint64 id = insertRun(store_.database(), run);
    setRunOutputDir(store_.database(), id, outputDirFor(id));
    emit runChanged(id);
    return id;
}

qint64 RunService::createRunFromSavedRecipe(const QString& recipeName) {
    QSqlQuery q(store_.database());
    q.prepare(QStringLiteral("SELECT id, recipe_json FROM recipes WHERE name = ?"));
    q.addBindValue(recipeName);
    if (!q.exec() || !q.next())
        throw Error(QStringLiteral("there is no recipe named '%1' in this project")
                        .arg(recipeName).toStdString(),
                    store_.path().toStdString(), "recipe");
    const qint64 recipeId = q.value(0).toLongLong();
    const QJsonObject recipe = QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object();
    return createRun(recipe, recipeName, recipeId);
}

void RunService::enqueue(qint64 runId) {
    if (queue_.contains(runId) || engine_.activeRunId() == runId) return;
    queue_.push_back(runId);
    startNext();
}

void RunService::pause(qint64 runId) {
    if (engine_.activeRunId() != runId || engine_.isPaused()) return;
    engine_.setPaused(true);
    try {
        setRunStatus(store_.database(), runId, RunStatus::Paused);
    } catch (const Error& e) {
        emit storeError(QString::fromStdString(e.what()));
    }
    emit runChanged(runId);
}

void RunService::resume(qint64 runId) {
    if (engine_.activeRunId() == runId) {
        if (!engine_.isPaused()) return;
        engine_.setPaused(false);
        try {
            setRunStatus(store_.database(), runId, RunStatus::Running);
        } catch (const Error& e) {
            emit storeError(QString::fromStdString(e.what()));
        }
        emit runChanged(runId);
        return;
    }
    const std::optional<RunRecord> run = loadRun(store_.database(), runId);
    if (!run) return;
    const bool resumable = run->status == RunStatus::Interrupted ||
                           ((run->status == RunStatus::Failed || run->status == RunStatus::Cancelled) &&
                            !run->lastCheckpoint.isEmpty());
    if (!resumable) return;
    setRunStatus(store_.database(), runId, RunStatus::Queued);
    resumeRequested_.insert(runId, true);
    emit runChanged(runId);
    enqueue(runId);
}

void RunService::cancel(qint64 runId) {
    if (engine_.activeRunId() == runId) {
        engine_.cancel();  // the outcome arrives through runFinished
        return;
    }
    const bool wasQueued = queue_.removeAll(runId) > 0;
    const std::optional<RunRecord> run = loadRun(store_.database(), runId);
    if (!run) return;
    if (wasQueued || run->status == RunStatus::Queued || run->status == RunStatus::Interrupted) {
        resumeRequested_.remove(runId);
        markRunFinished(store_.database(), runId, RunStatus::Cancelled, {}, {}, {});
        emit runChanged(runId);
        if (isIdle()) emit idle();
    }
}

void RunService::startNext() {
    while (!engine_.isBusy() && !queue_.isEmpty()) {
        const qint64 runId = queue_.takeFirst();
        const bool resume = resumeRequested_.take(runId);
        if (prepareAndStart(runId, resume)) return;
    }
    if (isIdle()) emit idle();
}

void RunService::failBeforeStart(qint64 runId, const QString& error) {
    try {
        markRunFinished(store_.database(), runId, RunStatus::Failed, {},
                        composeRunError(error, {}), {});
    } catch (const Error& e) {
        emit storeError(QString::fromStdString(e.what()));
    }
    emit runChanged(runId);
}

bool RunService::prepareAndStart(qint64 runId, bool resume) {
    std::optional<RunRecord> run;
    try {
        run = loadRun(store_.database(), runId);
    } catch (const Error& e) {
        emit storeError(QString::fromStdString(e.what()));
        return false;
    }
    if (!run || run->status != RunStatus::Queued) return false;

    const QJsonObject recipe = QJsonDocument::fromJson(run->recipeSnapshot.toUtf8()).object();
    const RecipeRunInputs inputs = runInputsOfRecipe(recipe);
    const QString outDir = run->outputDir.isEmpty() ? outputDirFor(runId) : run->outputDir;
    if (!QDir().mkpath(outDir)) {
        failBeforeStart(runId, tr("cannot create the run folder %1").arg(outDir));
        return false;
    }
    EngineJob job;
    job.runId = runId;
    job.modelPath = run->baseModel;
    job.outDir = outDir;
    job.resume = resume;
    job.recipeJson = run->recipeSnapshot;
    try {
        // The version is frozen (the run row froze it), so the files come out the same on resume.
        job.trainDataPath = QDir(outDir).filePath(QStringLiteral("train.jsonl"));
        const int trainLines = exportSplitJsonl(store_.database(), run->datasetVersionId,
                                                inputs.trainSplit, job.trainDataPath);
        if (trainLines == 0) {
            failBeforeStart(runId, tr("split '%1' of dataset version %2 is empty")
                                       .arg(inputs.trainSplit).arg(run->datasetVersionId));
            return false;
        }
        if (!inputs.evalSplit.isEmpty()) {
            const QString evalPath = QDir(outDir).filePath(QStringLiteral("eval.jsonl"));
            if (exportSplitJsonl(store_.database(), run->datasetVersionId, inputs.evalSplit,
                                 evalPath) > 0) {
                job.evalDataPath = evalPath;
            } else {
                QFile::remove(evalPath);  // an empty split: no eval file, no eval loss
            }
        }
        if (run->outputDir.isEmpty()) setRunOutputDir(store_.database(), runId, outDir);
        markRunStarted(store_.database(), runId, computeDeviceDescription());
    } catch (const Error& e) {
        failBeforeStart(runId, QString::fromStdString(e.what()));
        return false;
    }
    engine_.start(job);
    heartbeatTimer_.start();
    emit runChanged(runId);
    return true;
}

void RunService::flushMetrics() {
    flushTimer_.stop();
    // No SQLite on this thread for metrics: the writer commits them on its own thread.
    writer_.write(engine_.takeMetrics());
}

void RunService::heartbeat() {
    const qint64 active = engine_.activeRunId();
    if (active == 0) return;
    try {
        touchRunHeartbeat(store_.database(), active);
    } catch (const Error& e) {
        emit storeError(QString::fromStdString(e.what()));
    }
}

void RunService::onRunFinished(const EngineOutcome& outcome) {
    flushMetrics();
    heartbeatTimer_.stop();
    finishing_.push_back(outcome);
    finishRunsWhenWritten();
}

void RunService::finishRunsWhenWritten() {
    if (!writer_.isDrained()) return;  // again when the writer reports the last batch
    while (!finishing_.isEmpty()) finishRun(finishing_.takeFirst());
}

void RunService::finishRun(const EngineOutcome& outcome) {
    RunStatus status = RunStatus::Failed;
    if (outcome.status == TrainStatus::Completed) status = RunStatus::Completed;
    if (outcome.status == TrainStatus::Cancelled) status = RunStatus::Cancelled;
    const QString error = status == RunStatus::Failed
                              ? composeRunError(outcome.error.isEmpty()
                                                    ? tr("the trainer stopped without a reason")
                                                    : outcome.error,
                                                outcome.hint)
                              : QString();
    try {
        markRunFinished(store_.database(), outcome.runId, status, outcome.deviceDescription, error,
                        outcome.lastCheckpoint);
    } catch (const Error& e) {
        emit storeError(QString::fromStdString(e.what()));
    }
    if (status == RunStatus::Completed) registerAdapterVersion(outcome);
    emit runChanged(outcome.runId);
    startNext();
}

void RunService::registerAdapterVersion(const EngineOutcome& outcome) {
    // Every completed run becomes a candidate adapter version; the registry takes its lineage
    // (recipe snapshot, dataset version, base model) from the run.
    const QString weights = QDir(outcome.adapterDir).filePath(QStringLiteral("adapter_model.safetensors"));
    if (outcome.adapterDir.isEmpty() || !QFileInfo::exists(weights)) {
        emit storeError(tr("run %1 finished without an adapter file (%2): no version registered")
                            .arg(outcome.runId)
                            .arg(weights));
        return;
    }
    try {
        const auto run = loadRun(store_.database(), outcome.runId);
        AdapterRegistration registration;
        registration.name = run ? run->name : QStringLiteral("run %1").arg(outcome.runId);
        registration.folder = outcome.adapterDir;
        registration.runId = outcome.runId;
        AdapterRegistry(store_.database()).registerVersion(registration);
    } catch (const Error& e) {
        emit storeError(QString::fromStdString(e.what()));
    }
}

}  // namespace ts
