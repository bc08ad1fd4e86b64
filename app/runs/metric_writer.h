// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Writes run metrics into the project on a thread of its own, with its own SQLite connection
// (one connection per thread). Measured: the GUI thread's longest wall-time stalls during a run
// were its metric commits — 14–30 ms blocked inside SQLite (file writes, and the WAL checkpoint
// SQLite runs inside a commit every ~1,000 pages) for 1–7 ms of CPU (docs/benchmarks.md). Here
// the GUI thread only hands the batch over.
//
// Batches are written in the order given; written() comes back on the owner's thread for each,
// after its transaction committed (or failed: the error names the project file).
#include "app/runs/metric_buffer.h"

#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <QThread>
#include <QVector>

namespace ts {

class ProjectStore;

// Lives on the writer thread; use through MetricWriter.
class MetricWriterWorker : public QObject {
    Q_OBJECT
public:
    explicit MetricWriterWorker(const ProjectStore& store) : store_(store) {}

public slots:
    void write(const QVector<ts::MetricPoint>& points);
    void close();  // closes the thread's connection (before the thread stops)

signals:
    void written(const QVector<ts::MetricPoint>& points, const QString& error);

private:
    const ProjectStore& store_;
    QString connectionName_;
};

class MetricWriter : public QObject {
    Q_OBJECT
public:
    explicit MetricWriter(const ProjectStore& store, QObject* parent = nullptr);
    ~MetricWriter() override;  // writes what is queued, closes the connection, stops the thread

    void write(const QVector<MetricPoint>& points);
    // Every batch given to write() has been written and reported.
    bool isDrained() const { return pendingBatches_ == 0; }
    // Blocks the caller until the batches queued so far are in SQLite (their written() signals
    // may still be on their way). For shutdown, not for the GUI's normal path.
    void waitForWrites();

signals:
    void written(const QVector<ts::MetricPoint>& points, const QString& error);

private:
    QThread thread_;
    MetricWriterWorker* worker_ = nullptr;
    int pendingBatches_ = 0;
};

}  // namespace ts
