// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/token_count_job.h"

#include "app/store/project_store.h"

#include <QtConcurrent/QtConcurrentRun>

namespace ts {

TokenCountJob::TokenCountJob(QString projectPath, QString modelPath, QObject* parent)
    : QObject(parent), projectPath_(std::move(projectPath)), modelPath_(std::move(modelPath)) {
    qRegisterMetaType<ts::TokenCountResult>();
}

TokenCountJob::~TokenCountJob() {
    cancel();
    future_.waitForFinished();
}

void TokenCountJob::start() {
    cancelRequested_.store(false);
    future_ = QtConcurrent::run([this] { run(); });
}

// Posted rather than emitted from the worker, as in DatasetImportJob: listeners run on the job's
// thread whatever their connection type, and a destroyed job drops what is still queued.
void TokenCountJob::run() {
    ProjectStore store;
    const OpenResult opened = store.open(projectPath_, OpenMode::OpenExisting);
    if (!opened.ok) {
        QMetaObject::invokeMethod(this, [this, error = opened.error] { emit failed(error); },
                                  Qt::QueuedConnection);
        return;
    }
    TokenCountOptions options;
    options.cancel = &cancelRequested_;
    options.progress = [this](qint64 done, qint64 total) {
        QMetaObject::invokeMethod(this, [this, done, total] { emit progress(done, total); },
                                  Qt::QueuedConnection);
    };
    try {
        const TokenCountResult result = countExampleTokens(store.database(), modelPath_, options);
        QMetaObject::invokeMethod(this, [this, result] { emit finished(result); },
                                  Qt::QueuedConnection);
    } catch (const std::exception& e) {
        QMetaObject::invokeMethod(
            this, [this, error = QString::fromStdString(e.what())] { emit failed(error); },
            Qt::QueuedConnection);
    }
}

}  // namespace ts
