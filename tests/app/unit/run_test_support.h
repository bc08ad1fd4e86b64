// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the run tests: a project with one dataset version (train and eval splits) and a
// scripted trainer that behaves like ts::runTraining at its interface (metrics per step, pause
// and cancel polled between steps, checkpoints in outDir, resume from the newest one) without
// torch, so queue, persistence and control are tested in milliseconds.
#include "store_test_support.h"

#include "app/store/project_store.h"
#include "engine/core/error.h"
#include "engine/train/trainer.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>

#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ts::test {

inline void execOrFail(QSqlDatabase db, const QString& sql) {
    QSqlQuery q(db);
    ASSERT_TRUE(q.exec(sql)) << q.lastError().text().toStdString() << "\n" << sql.toStdString();
}

// A dataset with one version: `trainCount` prompt/completion examples in 'train' and two in
// 'eval'. Returns the version id.
inline qint64 addDatasetVersion(QSqlDatabase db, int trainCount = 6) {
    execOrFail(db, QStringLiteral("INSERT INTO datasets (name) VALUES ('tickets')"));
    execOrFail(db, QStringLiteral(
        "INSERT INTO dataset_versions (dataset_id, version_number, content_hash, example_count, "
        "source) VALUES (1, 1, 'h', %1, 'import')").arg(trainCount + 2));
    for (int i = 0; i < trainCount + 2; ++i) {
        execOrFail(db, QStringLiteral(
            "INSERT INTO examples (kind, prompt, completion, content_hash) VALUES "
            "('prompt_completion', 'question %1', 'answer %1', 'h%1')").arg(i));
        execOrFail(db, QStringLiteral(
            "INSERT INTO version_examples (version_id, example_id, split, position) VALUES "
            "(1, %1, '%2', %3)").arg(i + 1).arg(i < trainCount ? QStringLiteral("train")
                                                               : QStringLiteral("eval")).arg(i));
    }
    return 1;
}

// What the scripted trainer saw and did, readable from the test thread.
struct ScriptLog {
    std::mutex mutex;
    std::vector<TrainRequest> requests;  // copies without callbacks' state
    std::vector<Qt::HANDLE> threads;
    std::atomic<int> concurrent{0};
    std::atomic<int> maxConcurrent{0};
    std::atomic<long long> stepsDone{0};
};

inline double scriptedLoss(std::int64_t step) { return 2.0 * std::exp(-0.05 * double(step)) + 0.1; }

// Runs `totalSteps` steps of `stepMs` each; checkpoint every `checkpointEvery` steps (a file
// outDir/checkpoint-N/step holding N). With resume, starts after the newest checkpoint.
struct ScriptedTrainer {
    std::shared_ptr<ScriptLog> log = std::make_shared<ScriptLog>();
    std::int64_t totalSteps = 20;
    int stepMs = 0;
    std::int64_t checkpointEvery = 5;
    std::string failWith;  // when set: fail after the first step with this error

    TrainResult operator()(const TrainRequest& request) const {
        {
            std::lock_guard<std::mutex> lock(log->mutex);
            log->requests.push_back(request);
            log->threads.push_back(QThread::currentThreadId());
        }
        const int now = ++log->concurrent;
        int seen = log->maxConcurrent.load();
        while (now > seen && !log->maxConcurrent.compare_exchange_weak(seen, now)) {}
        struct Leave {
            ScriptLog* l;
            ~Leave() { --l->concurrent; }
        } leave{log.get()};

        std::int64_t first = 1;
        TrainResult result;
        if (request.resume) {
            for (std::int64_t s = totalSteps; s >= 1; --s) {
                if (QDir(QString::fromStdString(request.outDir))
                        .exists(QStringLiteral("checkpoint-%1").arg(s))) {
                    first = s + 1;
                    break;
                }
            }
        }
        for (std::int64_t step = first; step <= totalSteps; ++step) {
            while (request.control && request.control->pause && !request.control->cancel)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            if (request.control && request.control->cancel) {
                result.status = TrainStatus::Cancelled;
                return result;
            }
            if (stepMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(stepMs));
            TrainMetrics m;
            m.step = step;
            m.totalSteps = totalSteps;
            m.loss = scriptedLoss(step);
            m.learningRate = 1e-3 * double(step) / double(totalSteps);
            m.gradNorm = 1.0 / double(step);
            m.tokensPerSecond = 1000.0 + double(step);
            m.peakMemoryGiB = 0.5;
            if (step % 5 == 0) m.evalLoss = scriptedLoss(step) + 0.2;
            ++log->stepsDone;
            if (request.onStep && !request.onStep(m)) {
                result.status = TrainStatus::Cancelled;
                return result;
            }
            if (!failWith.empty()) {
                result.status = TrainStatus::Failed;
                result.error = failWith;
                return result;
            }
            if (checkpointEvery > 0 && step % checkpointEvery == 0) {
                const QString dir = QDir(QString::fromStdString(request.outDir))
                                        .filePath(QStringLiteral("checkpoint-%1").arg(step));
                QDir().mkpath(dir);
                result.lastCheckpoint = dir.toStdString();
                if (request.onCheckpoint) request.onCheckpoint(result.lastCheckpoint);
            }
            result.steps = step;
            result.finalLoss = m.loss;
        }
        result.status = TrainStatus::Completed;
        result.deviceDescription = "CPU: scripted";
        result.adapterDir = request.outDir + "/adapter";
        return result;
    }
};

}  // namespace ts::test
