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

void DatasetImportJob::run() {
    {
        ProjectStore store;
        const OpenResult opened = store.open(projectPath_, OpenMode::OpenExisting);
        if (!opened.ok) {
            emit failed(opened.error);
            return;
        }
        ImportOptions options = options_;
        const auto userProgress = options_.progress;
        options.progress = [this, userProgress](qint64 read, qint64 total) {
            emit progress(read, total);  // queued to the job's thread
            if (userProgress && !userProgress(read, total)) return false;
            return !cancelRequested_.load();
        };
        try {
            const ImportResult result = DatasetImporter(store.database()).importFile(filePath_, options);
            emit finished(result);
        } catch (const std::exception& e) {
            emit failed(QString::fromStdString(e.what()));
        }
    }
}

}  // namespace ts
