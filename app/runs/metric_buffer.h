// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The hand-over point between the engine thread and the GUI thread for per-step metrics: the
// engine appends under a mutex and is told whether the buffer was empty before, so it emits
// one cheap "metrics ready" signal per batch instead of one per value. The GUI thread takes
// everything at once. Neither side ever waits on the other for longer than a vector swap.
#include <QMutex>
#include <QMutexLocker>
#include <QString>
#include <QVector>

#include <utility>

namespace ts {

// One value of one named metric at one optimizer step of one run. A NaN value is kept as NaN
// here; the store writes it as NULL (SQLite has no NaN).
struct MetricPoint {
    qint64 runId = 0;
    qint64 step = 0;
    QString name;
    double value = 0;
};

class MetricBuffer {
public:
    // Returns true when the buffer was empty before: the caller signals the consumer then.
    bool append(QVector<MetricPoint> points) {
        QMutexLocker lock(&mutex_);
        const bool wasEmpty = pending_.isEmpty();
        if (wasEmpty) {
            pending_ = std::move(points);
        } else {
            pending_ += points;
        }
        return wasEmpty && !pending_.isEmpty();
    }
    QVector<MetricPoint> takeAll() {
        QMutexLocker lock(&mutex_);
        return std::exchange(pending_, {});
    }
    bool isEmpty() const {
        QMutexLocker lock(&mutex_);
        return pending_.isEmpty();
    }

private:
    mutable QMutex mutex_;
    QVector<MetricPoint> pending_;
};

// The metric names a run records (run_metrics.name). Method-specific extras (DPO rewards) are
// stored under the trainer's own names next to these.
namespace metric {
inline const QString kLoss = QStringLiteral("loss");
inline const QString kEvalLoss = QStringLiteral("eval_loss");
inline const QString kLearningRate = QStringLiteral("learning_rate");
inline const QString kGradNorm = QStringLiteral("grad_norm");
inline const QString kTokensPerSecond = QStringLiteral("tokens_per_second");
inline const QString kPeakMemoryGiB = QStringLiteral("peak_memory_gib");
inline const QString kEpoch = QStringLiteral("epoch");
}  // namespace metric

}  // namespace ts
