// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The runs and run_metrics tables, read and written on the calling thread's connection (the GUI
// thread's, or the CLI's). Every failure throws ts::Error naming the project file and what was
// being written.
#include "app/runs/metric_buffer.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVector>

#include <optional>

namespace ts {

enum class RunStatus { Queued, Running, Paused, Completed, Failed, Cancelled, Interrupted };

QString runStatusName(RunStatus status);  // the runs.status text: "queued", ...
std::optional<RunStatus> parseRunStatus(const QString& text);
QString runStatusLabel(RunStatus status);  // translated, for the GUI
// Whether the run is done for good (completed, failed, cancelled).
bool isFinalRunStatus(RunStatus status);

struct RunRecord {
    qint64 id = 0;
    std::optional<qint64> recipeId;
    QString name;
    RunStatus status = RunStatus::Queued;
    QString recipeSnapshot;  // JSON text
    qint64 datasetVersionId = 0;
    QString baseModel;
    QString device;
    QString error;  // what went wrong, then "\n" and the hint, when there is one
    QString outputDir;
    QString lastCheckpoint;
    QString created, started, finished, heartbeat;  // ISO-8601 UTC, empty when unset
};

struct NewRun {
    std::optional<qint64> recipeId;
    QString name;
    QString recipeSnapshot;
    qint64 datasetVersionId = 0;
    QString baseModel;
};

// Inserts a queued run and returns its id.
qint64 insertRun(QSqlDatabase db, const NewRun& run);
std::optional<RunRecord> loadRun(QSqlDatabase db, qint64 runId);
QList<RunRecord> listRuns(QSqlDatabase db);  // newest first

void setRunStatus(QSqlDatabase db, qint64 runId, RunStatus status);
void setRunOutputDir(QSqlDatabase db, qint64 runId, const QString& dir);
// status running, started (first start only), heartbeat now, error cleared, device recorded.
void markRunStarted(QSqlDatabase db, qint64 runId, const QString& device);
void markRunFinished(QSqlDatabase db, qint64 runId, RunStatus status, const QString& device,
                     const QString& error, const QString& lastCheckpoint);
void setRunLastCheckpoint(QSqlDatabase db, qint64 runId, const QString& path);
void touchRunHeartbeat(QSqlDatabase db, qint64 runId);

// Runs left 'running' or 'paused' whose heartbeat is older than `staleAfterMs` (or missing) were
// cut off by a crash or a kill: they become 'interrupted'. Returns their ids.
QList<qint64> markInterruptedRuns(QSqlDatabase db, qint64 staleAfterMs);

// All points in one transaction; a point that exists (same run, name, step) is replaced, so a
// resumed run rewrites the steps it repeats. NaN and infinities are stored as NULL.
void insertMetrics(QSqlDatabase db, const QVector<MetricPoint>& points);
// Every stored point of a run, ordered by name then step (NULL comes back as NaN).
QVector<MetricPoint> loadMetrics(QSqlDatabase db, qint64 runId);
// The value at the highest step of one metric, if any.
std::optional<double> lastMetricValue(QSqlDatabase db, qint64 runId, const QString& name);

// Writes the examples of one split of a dataset version as JSONL in the trainer's input forms
// (chat `messages`, prompt/completion, classification as prompt/completion, preference as
// prompt/chosen/rejected), in the version's order. Returns how many lines were written.
int exportSplitJsonl(QSqlDatabase db, qint64 datasetVersionId, const QString& split,
                     const QString& path);

}  // namespace ts
