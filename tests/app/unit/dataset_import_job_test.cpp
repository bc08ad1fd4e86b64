// SPDX-License-Identifier: GPL-3.0-or-later
// The import run on a worker thread: progress and result arrive as signals; cancel works.
#include "dataset_test_support.h"

#include "app/datasets/dataset_import_job.h"

#include <QSignalSpy>
#include <QThread>

using namespace ts;

using DatasetImportJobTest = test::ProjectFixture;

namespace {
QByteArray lines(int n) {
    QByteArray bytes;
    for (int i = 0; i < n; ++i)
        bytes += "{\"text\": \"t" + QByteArray::number(i) + "\", \"label\": \"x\"}\n";
    return bytes;
}
}  // namespace

TEST_F(DatasetImportJobTest, ImportsOnAWorkerThread) {
    ImportOptions o;
    o.datasetName = QStringLiteral("job");
    o.batchSize = 50;
    DatasetImportJob job(projectPath_, writeFile(QStringLiteral("j.jsonl"), lines(500)), o);
    QSignalSpy progress(&job, &DatasetImportJob::progress);
    QSignalSpy finished(&job, &DatasetImportJob::finished);
    QSignalSpy failed(&job, &DatasetImportJob::failed);
    job.start();
    ASSERT_TRUE(finished.wait(30000)) << (failed.isEmpty() ? std::string("timeout")
                                          : failed.first().first().toString().toStdString());
    const auto result = finished.first().first().value<ImportResult>();
    EXPECT_EQ(result.importedCount, 500);
    EXPECT_FALSE(result.cancelled);
    EXPECT_GE(progress.size(), 10);
    EXPECT_EQ(count(QStringLiteral("SELECT example_count FROM dataset_versions")), 500);
}

TEST_F(DatasetImportJobTest, CancelLeavesNothing) {
    ImportOptions o;
    o.datasetName = QStringLiteral("cancel");
    o.batchSize = 10;
    DatasetImportJob* jobPtr = nullptr;
    // Cancel from the callback once the first batch is in, as the dialog's button would.
    o.progress = [&jobPtr](qint64, qint64) {
        jobPtr->cancel();
        return true;
    };
    DatasetImportJob job(projectPath_, writeFile(QStringLiteral("c.jsonl"), lines(500)), o);
    jobPtr = &job;
    QSignalSpy finished(&job, &DatasetImportJob::finished);
    job.start();
    ASSERT_TRUE(finished.wait(30000));
    EXPECT_TRUE(finished.first().first().value<ImportResult>().cancelled);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM examples")), 0);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM datasets")), 0);
}

// The result is delivered on the job's thread, even to a direct connection, and it is not lost
// when the import is over before anyone waits for it.
TEST_F(DatasetImportJobTest, SignalsArriveOnTheOwnersThreadEvenWhenTheImportIsAlreadyOver) {
    ImportOptions o;
    o.datasetName = QStringLiteral("late");
    o.batchSize = 10;
    DatasetImportJob job(projectPath_, writeFile(QStringLiteral("l.jsonl"), lines(30)), o);
    QThread* const owner = QThread::currentThread();
    int onOtherThreads = 0;
    QObject::connect(&job, &DatasetImportJob::progress, &job, [&] {
        if (QThread::currentThread() != owner) ++onOtherThreads;
    }, Qt::DirectConnection);
    QObject::connect(&job, &DatasetImportJob::finished, &job, [&] {
        if (QThread::currentThread() != owner) ++onOtherThreads;
    }, Qt::DirectConnection);
    QSignalSpy finished(&job, &DatasetImportJob::finished);
    job.start();
    job.waitForFinished();  // the worker is done before the spy waits
    ASSERT_TRUE(finished.wait(30000));
    EXPECT_EQ(finished.first().first().value<ImportResult>().importedCount, 30);
    EXPECT_EQ(onOtherThreads, 0);
}
