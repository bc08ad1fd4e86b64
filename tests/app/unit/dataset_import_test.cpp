// SPDX-License-Identifier: GPL-3.0-or-later
// Importing files into a project: versions, bad lines, cancel and crash safety, export.
#include "dataset_test_support.h"

#include "app/datasets/dataset_exporter.h"
#include "app/datasets/dataset_importer.h"
#include "app/datasets/dataset_repository.h"
#include "engine/core/error.h"

#include <QCryptographicHash>
#include <QSqlQuery>

#include <sys/wait.h>
#include <unistd.h>

using namespace ts;

namespace {

QString fixture(const char* name) {
    return QStringLiteral(TS_TEST_DATA_DIR "/datasets/") + QLatin1String(name);
}

// `n` classification lines, "text i" labelled by i % 3.
QByteArray classificationLines(int n, int offset = 0) {
    QByteArray bytes;
    for (int i = offset; i < offset + n; ++i)
        bytes += "{\"text\": \"text " + QByteArray::number(i) + "\", \"label\": \"l" +
                 QByteArray::number(i % 3) + "\"}\n";
    return bytes;
}

ImportOptions newDataset(const char* name) {
    ImportOptions o;
    o.datasetName = QLatin1String(name);
    return o;
}

}  // namespace

using DatasetImport = test::ProjectFixture;

TEST_F(DatasetImport, ChatFileBecomesOneVersionWithIssuesReported) {
    DatasetImporter importer(db());
    const ImportResult r = importer.importFile(fixture("chat.jsonl"), newDataset("chat"));
    EXPECT_FALSE(r.cancelled);
    EXPECT_EQ(r.importedCount, 3);
    EXPECT_EQ(r.badRecordCount, 3);
    ASSERT_EQ(r.issues.size(), 3);
    EXPECT_EQ(r.issues[0].line, 3);
    EXPECT_EQ(r.issues[1].line, 4);
    EXPECT_EQ(r.issues[2].line, 5);
    EXPECT_EQ(r.mapping.format, SourceFormat::ChatMessages);

    DatasetRepository repo(db());
    const DatasetVersionInfo v = repo.version(r.versionId);
    EXPECT_EQ(v.datasetName, QStringLiteral("chat"));
    EXPECT_EQ(v.versionNumber, 1);
    EXPECT_EQ(v.exampleCount, 3);
    EXPECT_EQ(v.source, QStringLiteral("import"));
    EXPECT_EQ(v.parentVersionId, 0);

    // The version hash is sha256 over the ordered example hashes, recomputed here from the rows.
    const auto members = repo.loadMembers(r.versionId);
    ASSERT_EQ(members.size(), 3u);
    QCryptographicHash expected(QCryptographicHash::Sha256);
    for (size_t i = 0; i < members.size(); ++i) {
        EXPECT_EQ(members[i].position, qint64(i));
        EXPECT_EQ(members[i].split, Split::Unassigned);
        const ExampleRecord stored = repo.loadExample(members[i].exampleId);
        EXPECT_EQ(stored.contentHash(), members[i].contentHash);
        expected.addData(members[i].contentHash.toLatin1() + "\n");
    }
    EXPECT_EQ(v.contentHash, QString::fromLatin1(expected.result().toHex()));
    EXPECT_EQ(r.contentHash, v.contentHash);
    EXPECT_EQ(repo.loadExample(members[2].exampleId).sourceLine, 7);
    EXPECT_EQ(members[1].outputText, QStringLiteral("Rome"));

    // Full-text search sees the imported text.
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM examples_fts WHERE examples_fts MATCH "
                                   "'paris'")),
              1);
}

TEST_F(DatasetImport, TakenNameIsRefusedBeforeWriting) {
    DatasetImporter importer(db());
    importer.importFile(fixture("alpaca.jsonl"), newDataset("same"));
    const qint64 examples = count(QStringLiteral("SELECT count(*) FROM examples"));
    EXPECT_THROW(importer.importFile(fixture("alpaca.jsonl"), newDataset("same")), Error);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM examples")), examples);
}

TEST_F(DatasetImport, FileWithNoUsableRecordIsAnError) {
    const QString path = writeFile(QStringLiteral("bad.jsonl"), "{not json\n{\"text\": 1}\n");
    ImportOptions o = newDataset("bad");
    ColumnMapping m;
    m.format = SourceFormat::Classification;
    m.text = QStringLiteral("text");
    m.label = QStringLiteral("label");
    o.mapping = m;
    DatasetImporter importer(db());
    try {
        importer.importFile(path, o);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("line 1"), std::string::npos) << e.what();
    }
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM datasets")), 0);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM examples")), 0);
}

TEST_F(DatasetImport, CancelMidwayLeavesNothing) {
    const QString path = writeFile(QStringLiteral("many.jsonl"), classificationLines(100));
    ImportOptions o = newDataset("cancelled");
    o.batchSize = 10;
    int calls = 0;
    o.progress = [&](qint64 read, qint64 total) {
        EXPECT_LE(read, total);
        return ++calls < 3;  // cancel after the third batch has been written
    };
    DatasetImporter importer(db());
    const ImportResult r = importer.importFile(path, o);
    EXPECT_TRUE(r.cancelled);
    EXPECT_EQ(calls, 3);
    EXPECT_EQ(r.versionId, 0);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM datasets")), 0);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM dataset_versions")), 0);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM examples")), 0);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM examples_fts")), 0);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM project_meta WHERE key LIKE "
                                   "'dataset_import.%'")),
              0);
}

TEST_F(DatasetImport, KilledImportIsCleanedOnNextOpen) {
    const QString path = writeFile(QStringLiteral("many.jsonl"), classificationLines(100));
    // An existing dataset must survive the recovery untouched.
    DatasetImporter(db()).importFile(fixture("classification.jsonl"), newDataset("kept"));
    store_.close();

    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        // The child imports and dies without cleanup after two committed batches.
        ProjectStore store;
        if (!store.open(projectPath_, OpenMode::OpenExisting).ok) _exit(3);
        ImportOptions o = newDataset("killed");
        o.batchSize = 10;
        int calls = 0;
        o.progress = [&](qint64, qint64) {
            if (++calls == 2) _exit(0);
            return true;
        };
        DatasetImporter(store.database()).importFile(path, o);
        _exit(4);  // not reached: the import must have been killed
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0);

    ASSERT_TRUE(store_.open(projectPath_, OpenMode::OpenExisting).ok);
    // The killed import's examples are there but no version shows them.
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM examples")), 3 + 20);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM dataset_versions")), 1);
    // Within the idle time it might still be running elsewhere: left alone.
    EXPECT_EQ(DatasetImporter::recoverInterruptedImports(db()), 0);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM examples")), 3 + 20);
    EXPECT_EQ(DatasetImporter::recoverInterruptedImports(db(), 0), 1);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM examples")), 3);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM examples_fts")), 3);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM datasets")), 1);
    EXPECT_EQ(DatasetImporter::recoverInterruptedImports(db(), 0), 0);
}

TEST_F(DatasetImport, AppendMakesANewVersionOnTopOfTheLatest) {
    DatasetImporter importer(db());
    const QString first = writeFile(QStringLiteral("a.jsonl"), classificationLines(7));
    const QString second = writeFile(QStringLiteral("b.jsonl"), classificationLines(5, 7));
    const ImportResult v1 = importer.importFile(first, newDataset("grow"));
    ImportOptions o = newDataset("grow");
    o.target = ImportTarget::AppendToDataset;
    o.batchSize = 2;  // several id ranges
    const ImportResult v2 = importer.importFile(second, o);
    DatasetRepository repo(db());
    const auto info = repo.version(v2.versionId);
    EXPECT_EQ(info.versionNumber, 2);
    EXPECT_EQ(info.parentVersionId, v1.versionId);
    EXPECT_EQ(info.exampleCount, 12);
    const auto members = repo.loadMembers(v2.versionId);
    ASSERT_EQ(members.size(), 12u);
    for (size_t i = 0; i < members.size(); ++i) {
        EXPECT_EQ(members[i].position, qint64(i));
        EXPECT_EQ(members[i].inputText, QStringLiteral("text %1").arg(i));
    }
    EXPECT_EQ(repo.loadMembers(v1.versionId).size(), 7u);  // the old version is unchanged

    o.target = ImportTarget::ReplaceDataset;
    const ImportResult v3 = importer.importFile(second, o);
    EXPECT_EQ(repo.version(v3.versionId).exampleCount, 5);
    EXPECT_EQ(repo.version(v3.versionId).parentVersionId, v2.versionId);
}

TEST_F(DatasetImport, JsonlExportRoundTripsToTheSameContent) {
    DatasetImporter importer(db());
    DatasetRepository repo(db());
    for (const char* name : {"chat.jsonl", "sharegpt.jsonl"}) {
        const ImportResult r = importer.importFile(fixture(name), newDataset(name));
        const QString out = tempPath(QStringLiteral("export_") + QLatin1String(name));
        const qint64 written = exportVersion(repo, r.versionId, out);
        EXPECT_EQ(written, r.importedCount);
        ImportOptions again = newDataset("again");
        again.datasetName += QLatin1String(name);
        const ImportResult back = importer.importFile(out, again);
        EXPECT_EQ(back.badRecordCount, 0);
        EXPECT_EQ(back.contentHash, r.contentHash) << name;
    }
}

TEST_F(DatasetImport, CsvExportIsReadableCsv) {
    DatasetImporter importer(db());
    DatasetRepository repo(db());
    const ImportResult r = importer.importFile(fixture("classification.csv"), newDataset("csv"));
    const QString out = tempPath(QStringLiteral("out.csv"));
    ExportOptions o;
    o.format = FileFormat::Csv;
    o.includeSplitField = true;
    EXPECT_EQ(exportVersion(repo, r.versionId, out, o), 4);
    auto reader = RecordReader::open(out, FileFormat::Csv);
    EXPECT_EQ(reader->columns().first(), QStringLiteral("split"));
    SourceRow row;
    LineIssue issue;
    QStringList inputs;
    while (reader->next(row, issue) == ReadStatus::Row)
        inputs << row.fields.value(QStringLiteral("input")).toString();
    EXPECT_EQ(inputs, (QStringList{QStringLiteral("great movie"),
                                   QStringLiteral("slow, but worth it"),
                                   QStringLiteral("first line\r\nsecond line"),
                                   QStringLiteral("she said \"awful\"")}));
}

namespace ts {
namespace {

using GeneralCapabilitySet = test::ProjectFixture;

// A dataset becomes the project's general-capability set and back; its versions and examples
// are untouched; an unknown dataset is an error that names it.
TEST_F(GeneralCapabilitySet, MarkAndUnmarkADataset) {
    ImportOptions o;
    o.datasetName = QStringLiteral("general");
    const ImportResult r = DatasetImporter(db()).importFile(fixture("chat.jsonl"), o);
    DatasetRepository repo(db());
    ASSERT_FALSE(repo.dataset(r.datasetId)->generalCapability);
    repo.setGeneralCapabilitySet(r.datasetId, true);
    EXPECT_TRUE(repo.dataset(r.datasetId)->generalCapability);
    EXPECT_TRUE(repo.datasetByName(QStringLiteral("general"))->generalCapability);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM datasets WHERE kind = 'general_capability'")), 1);
    EXPECT_EQ(repo.versions(r.datasetId).size(), 1);
    EXPECT_EQ(repo.version(r.versionId).exampleCount, r.importedCount);
    repo.setGeneralCapabilitySet(r.datasetId, false);
    EXPECT_FALSE(repo.datasets().first().generalCapability);
    try {
        repo.setGeneralCapabilitySet(r.datasetId + 100, true);
        ADD_FAILURE() << "an unknown dataset was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(std::to_string(r.datasetId + 100)), std::string::npos);
    }
}

}  // namespace
}  // namespace ts
