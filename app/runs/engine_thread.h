// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The one long-lived engine thread of the application. All libtorch work of a training run
// happens on it: the GUI thread sends a job (queued signal), the worker runs the training
// function to the end, and results come back as queued signals. Pause and cancel cannot travel
// as queued calls (the worker is busy inside the training function and runs no event loop
// until it returns), so they are std::atomic flags in a TrainControl that the trainer polls
// between micro-batches.
//
// Ownership: EngineThread lives on the GUI thread and owns the QThread and the worker. Its
// destructor cancels the current run, asks the thread to stop and waits for it (a run stops at
// its next step boundary). The worker never uses BlockingQueuedConnection and never touches
// SQLite; metrics go through a MetricBuffer that the GUI thread drains.
//
// Nothing the worker sends per step may pile up in the GUI thread's event queue: a queued signal
// per step (hundreds a second from a fast trainer) is harmless while the GUI thread keeps up, but
// after any hiccup (the OS ran other work for 100 ms) Qt delivers the whole backlog in one pass
// of the event loop, and each delivery repaints a progress bar and a table row: that was the
// measured cause of the rare GUI stalls of hundreds of ms (docs/benchmarks.md). So progress and
// log lines are coalesced like the metrics: the worker keeps the latest step (or appends the
// line) and posts a wake-up only when none is pending, so at most one of each is ever queued.
#include "app/runs/metric_buffer.h"
#include "engine/train/trainer.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>

#include <QMutex>
#include <QPair>

#include <atomic>
#include <functional>
#include <memory>

namespace ts {

// The training function the worker calls; tests inject a scripted one.
using TrainFunction = std::function<TrainResult(const TrainRequest&)>;

// One run's work order, copied into the worker thread.
struct EngineJob {
    qint64 runId = 0;
    QString modelPath;
    QString trainDataPath;
    QString evalDataPath;
    QString recipeJson;
    QString outDir;
    bool resume = false;
};

// What a run ended with, in Qt types for the queued signal.
struct EngineOutcome {
    qint64 runId = 0;
    TrainStatus status = TrainStatus::Failed;
    QString error;
    QString hint;
    QString adapterDir;
    QString lastCheckpoint;
    QString deviceDescription;
    qint64 steps = 0;
    double finalLoss = 0;
    qint64 skippedExamples = 0;
};

// The latest progress of the active run and the log lines not yet taken, shared by the worker
// (writes) and the GUI thread (reads); the "pending" flags say a wake-up is already queued.
struct EngineMailbox {
    std::atomic<qint64> progressRunId{0}, progressStep{0}, progressTotal{0};
    std::atomic<bool> progressPending{false};
    QMutex logMutex;
    QList<QPair<qint64, QString>> logLines;  // (run id, line), oldest first
};

// Lives on the engine thread. Only EngineThread talks to it.
class EngineWorker : public QObject {
    Q_OBJECT
public:
    EngineWorker(TrainFunction train, MetricBuffer* metrics, EngineMailbox* mailbox);

public slots:
    // Runs the job to its end on this thread. `control` stays alive (shared) for the duration.
    void runJob(const ts::EngineJob& job, std::shared_ptr<ts::TrainControl> control);

signals:
    void runStarted(qint64 runId);
    void metricsReady();   // the metric buffer went from empty to non-empty
    void progressReady();  // the mailbox holds a progress no one has read yet
    void logReady();       // the mailbox's log went from empty to non-empty
    void checkpointWritten(qint64 runId, const QString& path);
    void runFinished(const ts::EngineOutcome& outcome);

private:
    TrainFunction train_;
    MetricBuffer* metrics_;
    EngineMailbox* mailbox_;
};

class EngineThread : public QObject {
    Q_OBJECT
public:
    explicit EngineThread(TrainFunction train = &runTraining, QObject* parent = nullptr);
    ~EngineThread() override;

    // Starts `job` on the engine thread. Only one job runs at a time; the run queue calls this
    // again only after runFinished. Returns false (nothing started) while a job is active.
    bool start(const EngineJob& job);
    bool isBusy() const { return activeRunId_ != 0; }
    qint64 activeRunId() const { return activeRunId_; }

    // Flags polled by the trainer at its next step/micro-batch boundary.
    void setPaused(bool paused);
    bool isPaused() const;
    void cancel();

    // Everything appended since the last call (GUI thread).
    QVector<MetricPoint> takeMetrics() { return metrics_.takeAll(); }

    // The QThread the worker lives on (tests check where callbacks ran).
    const QThread* workerThread() const { return &thread_; }

signals:
    void runStarted(qint64 runId);
    void metricsReady();
    // The latest step of the active run; steps in between are skipped when the GUI thread is
    // busier than the trainer (every step's metrics still arrive through takeMetrics()).
    void progress(qint64 runId, qint64 step, qint64 totalSteps);
    // Log lines of one run, in order, as many as arrived since the last delivery.
    void logLines(qint64 runId, const QStringList& lines);
    void checkpointWritten(qint64 runId, const QString& path);
    void runFinished(const ts::EngineOutcome& outcome);
    // Internal: carries the job to the worker as a queued call.
    void jobPosted(const ts::EngineJob& job, std::shared_ptr<ts::TrainControl> control);

private:
    void deliverProgress();
    void deliverLog();

    QThread thread_;
    MetricBuffer metrics_;
    EngineMailbox mailbox_;
    EngineWorker* worker_ = nullptr;  // owned by the thread: deleted on its finished()
    std::shared_ptr<TrainControl> control_;
    qint64 activeRunId_ = 0;
};

// The metrics of one step as stored rows (non-finite values stay NaN; eval loss only when
// present; DPO extras under their own names).
QVector<MetricPoint> metricPointsOf(qint64 runId, const TrainMetrics& metrics);

}  // namespace ts

Q_DECLARE_METATYPE(ts::EngineJob)
Q_DECLARE_METATYPE(ts::EngineOutcome)
Q_DECLARE_METATYPE(std::shared_ptr<ts::TrainControl>)
