// SPDX-License-Identifier: GPL-3.0-or-later
// Cancelling curation (planning, MinHash, writing the new version) and export: a cancelled
// curation writes no version, a cancelled export leaves no file behind.
#include "dataset_test_support.h"

#include "app/datasets/curation.h"
#include "app/datasets/dataset_exporter.h"
#include "app/datasets/dataset_importer.h"
#include "app/datasets/minhash.h"

#include <QDir>

#include <atomic>
#include <random>

using namespace ts;

namespace {
QByteArray promptRows(int n) {
    QByteArray bytes;
    for (int i = 0; i < n; ++i)
        bytes += "{\"prompt\": \"question " + QByteArray::number(i % (n / 2)) +
                 " about rivers\", \"completion\": \"answer " + QByteArray::number(i % (n / 2)) +
                 "\"}\n";  // the second half repeats the first: exact duplicates to remove
    return bytes;
}

std::vector<VersionMemberRow> randomMembers(int n) {
    std::mt19937 random(3);
    std::vector<VersionMemberRow> members(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        QStringList words;
        for (int w = 0; w < 30; ++w) words << QStringLiteral("w%1").arg(random() % 5000);
        members[size_t(i)].exampleId = i + 1;
        members[size_t(i)].position = i;
        members[size_t(i)].inputText = words.mid(0, 10).join(QLatin1Char(' '));
        members[size_t(i)].outputText = words.mid(10).join(QLatin1Char(' '));
    }
    return members;
}

// Files in `dir` whose name starts with `stem` (the export or a temporary copy of it).
QStringList filesNamed(const QString& dir, const QString& stem) {
    return QDir(dir).entryList({stem + QStringLiteral("*")}, QDir::Files | QDir::Hidden);
}
}  // namespace

TEST(CurationCancel, NearDuplicateSearchStopsWhenCancelledBeforeSigning) {
    std::atomic<bool> cancel{true};
    std::vector<QString> texts(100, QStringLiteral("the same words over and over"));
    EXPECT_THROW(findNearDuplicates(texts, MinHashParams{}, 2, &cancel), OperationCancelled);
    cancel = false;
    EXPECT_EQ(findNearDuplicates(texts, MinHashParams{}, 2, &cancel).size(), 1u);
}

// The flag is set by the token counter while the last example is judged, after the quality
// loop's last look at it; exact duplicates and labels are off, so only the MinHash stage can
// notice: planning must stop there rather than finish.
TEST(CurationCancel, PlanningStopsInTheMinHashStageWhenCancelledWhileRunning) {
    const auto members = randomMembers(1500);
    std::atomic<bool> cancel{false};
    size_t counted = 0;
    CurationParams params;
    params.removeExactDuplicates = false;
    params.removeConflictingLabels = false;
    params.findNearDuplicates = true;
    params.threads = 2;
    params.maxSequenceTokens = 1000;
    params.tokenCounter = [&](const QString&) {
        if (++counted == members.size()) cancel = true;
        return 10;
    };
    params.cancel = &cancel;
    EXPECT_THROW(planCuration(members, params), OperationCancelled);
    EXPECT_EQ(counted, members.size());

    // The same work without the flag runs to the end.
    params.tokenCounter = [](const QString&) { return 10; };
    cancel = false;
    EXPECT_EQ(planCuration(members, params).examinedCount, 1500);
}

using CancelStore = test::ProjectFixture;

TEST_F(CancelStore, CancelledCurationWritesNoVersion) {
    ImportOptions o;
    o.datasetName = QStringLiteral("d");
    const ImportResult imported =
        DatasetImporter(db()).importFile(writeFile(QStringLiteral("d.jsonl"), promptRows(3000)), o);
    ASSERT_GT(imported.versionId, 0);
    DatasetRepository repo(db());
    const qint64 versionsBefore = count(QStringLiteral("SELECT count(*) FROM dataset_versions"));
    const qint64 membersBefore = count(QStringLiteral("SELECT count(*) FROM version_examples"));

    std::atomic<bool> cancel{true};
    CurationParams params;
    params.cancel = &cancel;
    EXPECT_THROW(planCuration(repo, imported.versionId, params), OperationCancelled);

    cancel = false;
    const CurationReport report = planCuration(repo, imported.versionId, params);
    ASSERT_EQ(report.countFor(RemovalReason::ExactDuplicate), 1500);
    cancel = true;
    EXPECT_THROW(applyCuration(repo, report, {}, &cancel), OperationCancelled);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM dataset_versions")), versionsBefore);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM version_examples")), membersBefore);

    // The connection is usable afterwards (the transaction was rolled back, not left open).
    cancel = false;
    const qint64 curated = applyCuration(repo, report, {}, &cancel);
    EXPECT_EQ(repo.version(curated).exampleCount, 1500);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM dataset_versions")), versionsBefore + 1);
}

TEST_F(CancelStore, ExportCancelledWhileWritingLeavesNoFile) {
    ImportOptions o;
    o.datasetName = QStringLiteral("d");
    const ImportResult imported =
        DatasetImporter(db()).importFile(writeFile(QStringLiteral("d.jsonl"), promptRows(1000)), o);
    DatasetRepository repo(db());
    const QString out = tempPath(QStringLiteral("export.jsonl"));

    std::atomic<bool> cancel{false};
    std::vector<qint64> progress;
    ExportOptions options;
    options.cancel = &cancel;
    options.onProgress = [&](qint64 written) {
        progress.push_back(written);
        if (written >= 2 * kExportProgressEvery) cancel = true;  // part of the file is written
    };
    EXPECT_THROW(exportVersion(repo, imported.versionId, out, options), OperationCancelled);
    EXPECT_EQ(progress, (std::vector<qint64>{0, kExportProgressEvery, 2 * kExportProgressEvery}));
    EXPECT_TRUE(filesNamed(dir_.path(), QStringLiteral("export")).isEmpty())
        << filesNamed(dir_.path(), QStringLiteral("export")).join(QLatin1Char(' ')).toStdString();

    // Cancelled before it starts: an older file of that name stays as it was.
    {
        QFile old(out);
        ASSERT_TRUE(old.open(QIODevice::WriteOnly));
        old.write("old export\n");
    }
    options.onProgress = nullptr;
    cancel = true;
    EXPECT_THROW(exportVersion(repo, imported.versionId, out, options), OperationCancelled);
    QFile old(out);
    ASSERT_TRUE(old.open(QIODevice::ReadOnly));
    EXPECT_EQ(old.readAll(), QByteArray("old export\n"));
    EXPECT_EQ(filesNamed(dir_.path(), QStringLiteral("export")), QStringList{QStringLiteral("export.jsonl")});

    // Not cancelled: the whole version is written.
    cancel = false;
    EXPECT_EQ(exportVersion(repo, imported.versionId, out, options), 1000);
}
