// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/metric_writer.h"

#include "app/runs/run_store.h"
#include "app/store/project_store.h"
#include "engine/core/error.h"

#include <QSqlError>

namespace ts {

void MetricWriterWorker::write(const QVector<MetricPoint>& points) {
    QString error;
    if (connectionName_.isEmpty()) {
        connectionName_ = QStringLiteral("metric_writer_%1").arg(quintptr(this));
        const QSqlDatabase db = store_.openConnectionForThisThread(connectionName_);
        if (!db.isOpen())
            error = QStringLiteral("%1: cannot open a connection for the metric writer: %2")
                        .arg(store_.path(), db.lastError().text());
    }
    if (error.isEmpty()) {
        try {
            insertMetrics(QSqlDatabase::database(connectionName_, false), points);
        } catch (const Error& e) {
            error = QString::fromStdString(e.what());
        }
    }
    emit written(points, error);
}

void MetricWriterWorker::close() {
    if (connectionName_.isEmpty()) return;
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName_);
    connectionName_.clear();
}

MetricWriter::MetricWriter(const ProjectStore& store, QObject* parent) : QObject(parent) {
    thread_.setObjectName(QStringLiteral("metric writer"));
    worker_ = new MetricWriterWorker(store);
    worker_->moveToThread(&thread_);
    connect(worker_, &MetricWriterWorker::written, this,
            [this](const QVector<MetricPoint>& points, const QString& error) {
                --pendingBatches_;
                emit written(points, error);
            },
            Qt::QueuedConnection);
    thread_.start();
}

MetricWriter::~MetricWriter() {
    // Queued writes run first (a thread's posted calls are delivered in order), then the close.
    QMetaObject::invokeMethod(worker_, &MetricWriterWorker::close, Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
    delete worker_;
}

void MetricWriter::write(const QVector<MetricPoint>& points) {
    if (points.isEmpty()) return;
    ++pendingBatches_;
    QMetaObject::invokeMethod(worker_, [worker = worker_, points] { worker->write(points); }, Qt::QueuedConnection);
}

void MetricWriter::waitForWrites() {
    QMetaObject::invokeMethod(worker_, [] {}, Qt::BlockingQueuedConnection);
}

}  // namespace ts
