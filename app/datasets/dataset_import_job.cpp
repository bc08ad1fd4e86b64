// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/dataset_import_job.h"

#include "app/datasets/project_worker.h"

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

// Signals are posted to the job's thread (project_worker.h says why).
void DatasetImportJob::run() {
    ImportOptions options = options_;
    const auto userProgress = options_.progress;
    options.progress = [this, userProgress](qint64 read, qint64 total) {
        postTo(this, [this, read, total] { emit progress(read, total); });
        if (userProgress && !userProgress(read, total)) return false;
        return !cancelRequested_.load();
    };
    runWithProjectConnection(
        this, projectPath_,
        [this, &options](QSqlDatabase db) { return DatasetImporter(db).importFile(filePath_, options); },
        [this](const ImportResult& result) { emit finished(result); },
        [this](const QString& message) { emit failed(message); });
}

}  // namespace ts
