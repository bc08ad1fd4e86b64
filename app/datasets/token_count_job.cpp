// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/token_count_job.h"

#include "app/datasets/project_worker.h"

#include <QtConcurrent/QtConcurrentRun>

namespace ts {

TokenCountJob::TokenCountJob(QString projectPath, QString modelPath, QObject* parent)
    : QObject(parent), projectPath_(std::move(projectPath)), modelPath_(std::move(modelPath)) {
    qRegisterMetaType<ts::TokenCountResult>();
    pool_.setMaxThreadCount(1);
}

TokenCountJob::~TokenCountJob() {
    cancel();
    future_.waitForFinished();
}

void TokenCountJob::start() {
    cancelRequested_.store(false);
    future_ = QtConcurrent::run(&pool_, [this] { run(); });
}

void TokenCountJob::run() {
    TokenCountOptions options;
    options.cancel = &cancelRequested_;
    options.progress = [this](qint64 done, qint64 total) {
        postTo(this, [this, done, total] { emit progress(done, total); });
    };
    runWithProjectConnection(
        this, projectPath_,
        [this, &options](QSqlDatabase db) { return countExampleTokens(db, modelPath_, options); },
        [this](const TokenCountResult& result) { emit finished(result); },
        [this](const QString& message) { emit failed(message); });
}

}  // namespace ts
