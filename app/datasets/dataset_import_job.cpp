// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/dataset_import_job.h"

#include "app/store/project_store.h"

#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

namespace ts {

DatasetImportJob::DatasetImportJob(QString projectPath, QString filePath, ImportOptions options,
                                   QObject* parent)
    : QObject(parent), projectPath_(std::move(projectPath)), filePath_(std::move(filePath)),
      options_(std::move(options)) {
    qRegisterMetaType<ts::ImportResult>();
}

DatasetImportJob::~DatasetImportJob() {
    cancel();
    future_.waitForFinished();
}

void DatasetImportJob::start() {
    cancelRequested_.store(false);
    future_ = QtConcurrent::run([this] { run(); });
}

// The signals are emitted on the job's own thread, whoever listens and however they connected:
// a direct connection (QSignalSpy's, for one) would otherwise run its slot on the worker thread,
// racing with the owner (Qt 6.4's QSignalSpy appends unguarded from the emitting thread, and a
// result that arrived before wait() started was missed). Posting also keeps them in order: every
// progress before the result. A job destroyed first drops what is still posted.
void DatasetImportJob::run() {
    ProjectStore store;
    const OpenResult opened = store.open(projectPath_, OpenMode::OpenExisting);
    if (!opened.ok) {
        QMetaObject::invokeMethod(this, [this, error = opened.error] { emit failed(error); },
                                  Qt::QueuedConnection);
        return;
    }
    ImportOptions options = options_;
    const auto userProgress = options_.progress;
    options.progress = [this, userProgress](qint64 read, qint64 total) {
        QMetaObject::invokeMethod(this, [this, read, total] { emit progress(read, total); },
                                  Qt::QueuedConnection);
        if (userProgress && !userProgress(read, total)) return false;
        return !cancelRequested_.load();
    };
    try {
        const ImportResult result = DatasetImporter(store.database()).importFile(filePath_, options);
        QMetaObject::invokeMethod(this, [this, result] { emit finished(result); },
                                  Qt::QueuedConnection);
    } catch (const std::exception& e) {
        QMetaObject::invokeMethod(
            this, [this, error = QString::fromStdString(e.what())] { emit failed(error); },
            Qt::QueuedConnection);
    }
}

}  // namespace ts
