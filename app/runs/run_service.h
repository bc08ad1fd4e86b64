// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The run queue of an open project, on the thread that owns the project's connection (the GUI
// thread, or the CLI's main thread). It creates run rows from recipes, runs them one at a time
// on the engine thread, persists every step's metrics in batches, keeps a heartbeat, and turns
// runs that a crash or kill left 'running'/'paused' into 'interrupted' ones that can be resumed
// from their last checkpoint.
//
// Where a run's files go: <project folder>/<project base name>.runs/run-<id>/ holds train.jsonl
// and eval.jsonl (the dataset version's splits), the trainer's checkpoint-N/ folders and the
// final adapter/.
#include "app/runs/engine_thread.h"
#include "app/runs/metric_writer.h"
#include "app/runs/run_store.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTimer>

namespace ts {

class ProjectStore;

struct RunServiceOptions {
    int heartbeatIntervalMs = 5000;
    // A 'running' run whose heartbeat is older than this when the project opens was cut off.
    qint64 staleAfterMs = 30000;
    // Metrics reaching the GUI thread within this window go to SQLite in one transaction,
    // written on the metric writer's thread (app/runs/metric_writer.h).
    int metricFlushMs = 200;
};

// What a run trains on, as read from a recipe document (docs/recipes.md, "Keys kept for the
// application"): "base_model" (path), "dataset_version" (the version id, decimal text) and
// ui.train_split / ui.eval_split (defaults "train" / "eval").
struct RecipeRunInputs {
    QString baseModel;
    qint64 datasetVersionId = 0;
    QString trainSplit = QStringLiteral("train");
    QString evalSplit = QStringLiteral("eval");
};
RecipeRunInputs runInputsOfRecipe(const QJsonObject& recipe);

class RunService : public QObject {
    Q_OBJECT
public:
    RunService(const ProjectStore& store, TrainFunction train = &runTraining,
               RunServiceOptions options = {}, QObject* parent = nullptr);
    ~RunService() override;

    // Ids marked 'interrupted' when this service was created (the project was opened).
    const QList<qint64>& interruptedAtOpen() const { return interruptedAtOpen_; }

    // A queued run row from a recipe document (snapshot = the document as given, plus the
    // thresholds of its gate suites as they are now, ui.gate.snapshot). `recipeId` links it to a
    // saved recipe. Throws ts::Error when the recipe lacks a base model or a dataset version,
    // when the version does not exist, or when its gate names a suite the project lacks.
    qint64 createRun(const QJsonObject& recipe, const QString& name,
                     std::optional<qint64> recipeId = std::nullopt);
    // Same, from a recipe saved in the project (recipes.name). Throws when there is none.
    qint64 createRunFromSavedRecipe(const QString& recipeName);

    // Puts a queued run in line; starts it when nothing runs.
    void enqueue(qint64 runId);
    // Pause/resume the active run; resume() on an interrupted (or failed/cancelled run with a
    // checkpoint) puts it back in line to continue from its last checkpoint.
    void pause(qint64 runId);
    void resume(qint64 runId);
    // A queued run leaves the line; the active run stops at its next step boundary; an
    // interrupted run is closed as cancelled.
    void cancel(qint64 runId);

    qint64 activeRunId() const { return engine_.activeRunId(); }
    const QList<qint64>& queuedRunIds() const { return queue_; }
    // Nothing runs, nothing is queued, and every metric of the runs is in SQLite.
    bool isIdle() const {
        return queue_.isEmpty() && !engine_.isBusy() && finishing_.isEmpty() && writer_.isDrained();
    }

    QString outputDirFor(qint64 runId) const;
    // Hands the metrics that reached the GUI thread to the metric writer.
    void flushMetrics();

    const EngineThread& engine() const { return engine_; }

signals:
    void runChanged(qint64 runId);  // the row changed (status, error, checkpoint): re-read it
    void metricsAppended(const QVector<ts::MetricPoint>& points);  // already in SQLite (committed)
    void progress(qint64 runId, qint64 step, qint64 totalSteps);  // coalesced: the latest step
    void logLines(qint64 runId, const QStringList& lines);        // batched, in order
    void storeError(const QString& message);  // a write failed (disk full, locked...)
    void idle();  // nothing runs and nothing is queued

private:
    void startNext();
    bool prepareAndStart(qint64 runId, bool resume);
    void onRunFinished(const EngineOutcome& outcome);
    void finishRunsWhenWritten();
    void finishRun(const EngineOutcome& outcome);
    void registerAdapterVersion(const EngineOutcome& outcome);
    void failBeforeStart(qint64 runId, const QString& error);
    void heartbeat();

    const ProjectStore& store_;
    RunServiceOptions options_;
    EngineThread engine_;
    MetricWriter writer_;
    // Runs whose engine work ended, closed once their last metrics are committed, so that a run
    // reads as finished only with all its metrics stored.
    QList<EngineOutcome> finishing_;
    QList<qint64> queue_;
    QHash<qint64, bool> resumeRequested_;
    QList<qint64> interruptedAtOpen_;
    QTimer heartbeatTimer_;
    QTimer flushTimer_;
};

}  // namespace ts
