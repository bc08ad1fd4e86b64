// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Evaluating the base model or an adapter version on a suite: the examples of the suite's split
// are turned into prompts, the engine generates (ts::Evaluator, torch-free facade), the suite's
// metrics score the outputs, and the verdict is taken against the thresholds (regressions
// against the base model's latest completed evaluation of the same suite): for an adapter from a
// run with a go/no-go gate, the thresholds fixed when that run started (app/eval/eval_gate.h),
// else the suite's own. Everything is stored:
// eval_runs (status, verdict), eval_metric_results and eval_example_results.
//
// runEvaluation() does it synchronously on the calling thread (CLI, tests). EvalService runs it
// on its own engine thread: a worker QObject on a QThread with its own SQLite connection,
// progress and results as queued signals, a std::atomic cancel flag.
#include "engine/core/device.h"
#include "engine/model/generation_params.h"

#include <QMap>
#include <QObject>
#include <QSqlDatabase>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace ts {

struct EvalRequest {
    qint64 suiteId = 0;
    qint64 adapterVersionId = 0;  // 0 = the base model alone
    QString modelPath;            // empty: the adapter version's base model
    DeviceKind device = DeviceKind::Cpu;
    GenerationParams generation = [] {
        GenerationParams p;
        p.temperature = 0;  // greedy: an evaluation must be reproducible
        p.maxNewTokens = 128;
        return p;
    }();
    int batchSize = 4;
};

struct EvalOutcome {
    qint64 evalRunId = 0;
    bool cancelled = false;
    bool go = false;
    QString summary;  // "go" or "no-go: accuracy 0.7 < 0.8; ..."
    QString thresholdSource;  // which thresholds judged it (AppliedThresholds::sourceText)
    QMap<QString, double> metrics;
};

// done/total examples; return false to cancel.
using EvalProgress = std::function<bool(qint64 done, qint64 total)>;

// Throws ts::Error (after marking the eval run failed, when one was created) on any problem.
EvalOutcome runEvaluation(QSqlDatabase db, const EvalRequest& request, const EvalProgress& progress = {},
                          const std::atomic<bool>* cancel = nullptr);

// Lives on the engine thread; use through EvalService.
class EvalWorker : public QObject {
    Q_OBJECT
public:
    EvalWorker(QString projectPath, std::shared_ptr<std::atomic<bool>> cancel);
    void run(const EvalRequest& request);

signals:
    void progress(qint64 done, qint64 total);
    void finished(qint64 evalRunId, bool go, const QString& summary);
    void cancelled(qint64 evalRunId);
    void failed(const QString& message);

private:
    QString projectPath_;
    std::shared_ptr<std::atomic<bool>> cancel_;
};

class EvalService : public QObject {
    Q_OBJECT
public:
    explicit EvalService(QString projectPath, QObject* parent = nullptr);
    ~EvalService() override;  // cancels, quits and waits for the thread

    bool isRunning() const { return running_; }
    // Queues an evaluation on the engine thread; false while one is still running.
    bool start(const EvalRequest& request);
    void cancel();

signals:
    void progress(qint64 done, qint64 total);
    void finished(qint64 evalRunId, bool go, const QString& summary);
    void cancelled(qint64 evalRunId);
    void failed(const QString& message);

private:
    QThread* thread_ = nullptr;
    EvalWorker* worker_ = nullptr;
    std::shared_ptr<std::atomic<bool>> cancel_;
    bool running_ = false;
};

}  // namespace ts
