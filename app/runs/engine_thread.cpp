// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/engine_thread.h"

#include <exception>

namespace ts {

QVector<MetricPoint> metricPointsOf(qint64 runId, const TrainMetrics& m) {
    QVector<MetricPoint> points;
    points.reserve(8 + int(m.extra.size()));
    auto add = [&](const QString& name, double value) {
        points.push_back(MetricPoint{runId, m.step, name, value});
    };
    add(metric::kLoss, m.loss);
    add(metric::kLearningRate, m.learningRate);
    add(metric::kGradNorm, m.gradNorm);
    add(metric::kTokensPerSecond, m.tokensPerSecond);
    add(metric::kPeakMemoryGiB, m.peakMemoryGiB);
    add(metric::kEpoch, m.epoch);
    if (m.evalLoss) add(metric::kEvalLoss, *m.evalLoss);
    for (const auto& [name, value] : m.extra) add(QString::fromStdString(name), value);
    return points;
}

EngineWorker::EngineWorker(TrainFunction train, MetricBuffer* metrics, EngineMailbox* mailbox)
    : train_(std::move(train)), metrics_(metrics), mailbox_(mailbox) {}

void EngineWorker::runJob(const EngineJob& job, std::shared_ptr<TrainControl> control) {
    emit runStarted(job.runId);
    const qint64 runId = job.runId;

    TrainRequest request;
    request.modelPath = job.modelPath.toStdString();
    request.trainDataPath = job.trainDataPath.toStdString();
    request.evalDataPath = job.evalDataPath.toStdString();
    request.recipeJson = job.recipeJson.toStdString();
    request.outDir = job.outDir.toStdString();
    request.resume = job.resume;
    request.control = control.get();
    // The callbacks run on this thread between optimizer steps: queue and return.
    request.onStep = [this, runId, control](const TrainMetrics& m) {
        if (metrics_->append(metricPointsOf(runId, m))) emit metricsReady();
        // The values first, then the flag: a reader that clears the flag reads at least these.
        mailbox_->progressRunId = runId;
        mailbox_->progressStep = m.step;
        mailbox_->progressTotal = m.totalSteps;
        if (!mailbox_->progressPending.exchange(true)) emit progressReady();
        return !control->cancel.load() && !QThread::currentThread()->isInterruptionRequested();
    };
    request.onLog = [this, runId](const std::string& line) {
        bool wasEmpty = false;
        {
            QMutexLocker lock(&mailbox_->logMutex);
            wasEmpty = mailbox_->logLines.isEmpty();
            mailbox_->logLines.push_back({runId, QString::fromStdString(line)});
        }
        if (wasEmpty) emit logReady();
    };
    request.onCheckpoint = [this, runId](const std::string& path) {
        emit checkpointWritten(runId, QString::fromStdString(path));
    };

    EngineOutcome outcome;
    outcome.runId = runId;
    try {
        const TrainResult result = train_(request);
        outcome.status = result.status;
        outcome.error = QString::fromStdString(result.error);
        outcome.hint = QString::fromStdString(result.hint);
        outcome.adapterDir = QString::fromStdString(result.adapterDir);
        outcome.lastCheckpoint = QString::fromStdString(result.lastCheckpoint);
        outcome.deviceDescription = QString::fromStdString(result.deviceDescription);
        outcome.steps = result.steps;
        outcome.finalLoss = result.finalLoss;
        outcome.skippedExamples = result.skippedExamples;
    } catch (const std::exception& e) {
        // The trainer reports failures in its result; an exception escaping it is still a
        // failed run, never a dead engine thread.
        outcome.status = TrainStatus::Failed;
        outcome.error = QString::fromStdString(e.what());
    }
    emit runFinished(outcome);
}

EngineThread::EngineThread(TrainFunction train, QObject* parent) : QObject(parent) {
    static const bool registered = [] {
        qRegisterMetaType<EngineJob>();
        qRegisterMetaType<EngineOutcome>();
        qRegisterMetaType<std::shared_ptr<TrainControl>>();
        return true;
    }();
    Q_UNUSED(registered);

    thread_.setObjectName(QStringLiteral("engine"));
    worker_ = new EngineWorker(std::move(train), &metrics_, &mailbox_);
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(this, &EngineThread::jobPosted, worker_, &EngineWorker::runJob, Qt::QueuedConnection);
    connect(worker_, &EngineWorker::runStarted, this, &EngineThread::runStarted,
            Qt::QueuedConnection);
    connect(worker_, &EngineWorker::metricsReady, this, &EngineThread::metricsReady,
            Qt::QueuedConnection);
    connect(worker_, &EngineWorker::progressReady, this, &EngineThread::deliverProgress,
            Qt::QueuedConnection);
    connect(worker_, &EngineWorker::logReady, this, &EngineThread::deliverLog, Qt::QueuedConnection);
    connect(worker_, &EngineWorker::checkpointWritten, this, &EngineThread::checkpointWritten,
            Qt::QueuedConnection);
    connect(
        worker_, &EngineWorker::runFinished, this,
        [this](const EngineOutcome& outcome) {
            if (outcome.runId == activeRunId_) {
                activeRunId_ = 0;
                control_.reset();
            }
            emit runFinished(outcome);
        },
        Qt::QueuedConnection);
    thread_.start();
}

EngineThread::~EngineThread() {
    // Stop the run at its next step boundary, then let the thread leave its event loop.
    if (control_) {
        control_->cancel = true;
        control_->pause = false;
    }
    thread_.requestInterruption();
    thread_.quit();
    thread_.wait();
}

void EngineThread::deliverProgress() {
    // Clear first: a step stored after this read queues a new wake-up.
    mailbox_.progressPending = false;
    emit progress(mailbox_.progressRunId.load(), mailbox_.progressStep.load(),
                  mailbox_.progressTotal.load());
}

void EngineThread::deliverLog() {
    QList<QPair<qint64, QString>> lines;
    {
        QMutexLocker lock(&mailbox_.logMutex);
        lines.swap(mailbox_.logLines);
    }
    // One signal per run's stretch of lines, in order.
    for (qsizetype i = 0; i < lines.size();) {
        const qint64 runId = lines[i].first;
        QStringList batch;
        for (; i < lines.size() && lines[i].first == runId; ++i) batch << lines[i].second;
        emit logLines(runId, batch);
    }
}

bool EngineThread::start(const EngineJob& job) {
    if (activeRunId_ != 0 || job.runId == 0) return false;
    activeRunId_ = job.runId;
    control_ = std::make_shared<TrainControl>();
    emit jobPosted(job, control_);
    return true;
}

void EngineThread::setPaused(bool paused) {
    if (control_) control_->pause = paused;
}

bool EngineThread::isPaused() const { return control_ && control_->pause.load(); }

void EngineThread::cancel() {
    if (!control_) return;
    control_->cancel = true;
    control_->pause = false;  // a paused trainer must wake up to notice the cancel
}

}  // namespace ts
