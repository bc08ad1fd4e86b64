// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs a DatasetImporter on a worker thread with a connection of its own, for the import dialog:
// progress and the result are emitted on the thread that owns the job (posted there, so even a
// direct connection runs on that thread, after every earlier progress signal); cancel() is a
// flag the import checks after each batch. ImportOptions::progress, if set, is called on the
// worker thread. Destroying the job cancels the import and waits for it.
#include "app/datasets/dataset_importer.h"

#include <QFuture>
#include <QObject>

#include <atomic>

namespace ts {

class DatasetImportJob : public QObject {
    Q_OBJECT
public:
    // `projectPath` is opened again on the worker thread (one SQLite connection per thread).
    DatasetImportJob(QString projectPath, QString filePath, ImportOptions options,
                     QObject* parent = nullptr);
    ~DatasetImportJob() override;

    void start();
    void cancel() { cancelRequested_.store(true); }
    bool isRunning() const { return future_.isRunning(); }
    void waitForFinished() { future_.waitForFinished(); }

signals:
    void progress(qint64 bytesRead, qint64 totalBytes);
    void finished(const ts::ImportResult& result);  // also when cancelled (result.cancelled)
    void failed(const QString& message);

private:
    void run();

    QString projectPath_, filePath_;
    ImportOptions options_;
    std::atomic<bool> cancelRequested_{false};
    QFuture<void> future_;
};

}  // namespace ts

Q_DECLARE_METATYPE(ts::ImportResult)
