// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs countExampleTokens() (token_lengths.h) on a worker thread with a connection of its own,
// for the Datasets page: it counts while the user browses. Signals are posted to the job's own
// thread, in order (every progress before the result). cancel() stops after the current batch
// (what was committed stays: those counts are valid). Destroying the job cancels and waits.
#include "app/datasets/token_lengths.h"

#include <QFuture>
#include <QObject>
#include <QThreadPool>

#include <atomic>

namespace ts {

class TokenCountJob : public QObject {
    Q_OBJECT
public:
    TokenCountJob(QString projectPath, QString modelPath, QObject* parent = nullptr);
    ~TokenCountJob() override;

    void start();
    void cancel() { cancelRequested_.store(true); }
    bool isRunning() const { return future_.isRunning(); }
    void waitForFinished() { future_.waitForFinished(); }
    const QString& modelPath() const { return modelPath_; }

signals:
    void progress(qint64 done, qint64 total);
    void finished(const ts::TokenCountResult& result);  // also when cancelled (result.cancelled)
    void failed(const QString& message);

private:
    void run();

    QString projectPath_, modelPath_;
    std::atomic<bool> cancelRequested_{false};
    // Its own thread, not the global pool's: a count of a million examples takes minutes and
    // would hold back the page's statistics, curation and export tasks on a two-core machine.
    QThreadPool pool_;
    QFuture<void> future_;
};

}  // namespace ts

Q_DECLARE_METATYPE(ts::TokenCountResult)
