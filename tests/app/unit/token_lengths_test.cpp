// SPDX-License-Identifier: GPL-3.0-or-later
// Token lengths in the project model's real tokens: the counts equal the sequence lengths the
// training data loader makes of the exported split; a different tokenizer clears and recounts;
// cancelling keeps what was committed; a model that cannot be read changes nothing.
#include "dataset_test_support.h"

#include "app/datasets/dataset_importer.h"
#include "app/datasets/dataset_table_model.h"
#include "app/datasets/token_count_job.h"
#include "app/datasets/token_lengths.h"
#include "app/recipes/recipe_store.h"
#include "app/runs/run_store.h"
#include "engine/tokenizer/tokenizer.h"
#include "engine/train/training_length.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFileInfo>
#include <QProcess>
#include <QSemaphore>
#include <QSignalSpy>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <map>

namespace ts {
namespace {

const QString kFixtures = QStringLiteral(TS_SHARED_FIXTURES_DIR "/tokenizers/");

// Chats (one file has one format): with a system prompt, which the importer keeps as the first
// message and apart; short ones; one of two turns with non-ASCII text.
const QByteArray kSftLines =
    R"({"messages": [{"role": "system", "content": "Answer with one JSON object."}, {"role": "user", "content": "Printer on floor 3 is jammed"}, {"role": "assistant", "content": "{\"category\": \"hardware\"}"}]}
{"messages": [{"role": "user", "content": "Translate to French: good morning"}, {"role": "assistant", "content": "bonjour"}]}
{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello! How can I help?"}, {"role": "user", "content": "Write two sentences about caf\u00e9s in Paris and why people like them so much."}, {"role": "assistant", "content": "Paris has thousands of caf\u00e9s. People like them for the coffee, the terraces and watching the street."}]}
{"messages": [{"role": "user", "content": "Say hi"}, {"role": "assistant", "content": "hi"}]}
)";

class TokenLengths : public test::ProjectFixture {
protected:
    void SetUp() override {
        test::ProjectFixture::SetUp();
        ImportOptions o;
        o.datasetName = QStringLiteral("sft");
        versionId_ = DatasetImporter(db()).importFile(writeFile(QStringLiteral("sft.jsonl"), kSftLines), o).versionId;
        ASSERT_GT(versionId_, 0);
    }

    // Example id -> stored token count (-1 = none).
    std::map<qint64, int> storedCounts() const {
        std::map<qint64, int> counts;
        QSqlQuery q(db());
        EXPECT_TRUE(q.exec(QStringLiteral("SELECT id, token_count FROM examples ORDER BY id")));
        while (q.next()) counts[q.value(0).toLongLong()] = q.value(1).isNull() ? -1 : q.value(1).toInt();
        return counts;
    }

    // The lengths training makes of the exported split, in position order (the engine's tests
    // prove TrainingLengthCounter equals the loader's sequence lengths).
    std::vector<std::int64_t> trainingLengths(const QString& tokenizerPath) const {
        const QString file = tempPath(QStringLiteral("split.jsonl"));
        EXPECT_EQ(exportSplitJsonl(db(), versionId_, QStringLiteral("unassigned"), file), 4);
        const auto tokenizer = loadTokenizer(tokenizerPath.toStdString());
        const TrainingLengthCounter counter(*tokenizer);
        QFile lines(file);
        EXPECT_TRUE(lines.open(QIODevice::ReadOnly));
        std::vector<std::int64_t> lengths;
        while (!lines.atEnd())
            lengths.push_back(counter.count(lines.readLine().trimmed().toStdString()));
        return lengths;
    }

    std::vector<std::int64_t> countsInPositionOrder() const {
        std::vector<std::int64_t> counts;
        QSqlQuery q(db());
        q.prepare(QStringLiteral("SELECT e.token_count FROM version_examples v JOIN examples e ON e.id = "
                                 "v.example_id WHERE v.version_id = ? ORDER BY v.position"));
        q.addBindValue(versionId_);
        EXPECT_TRUE(q.exec());
        while (q.next()) counts.push_back(q.value(0).isNull() ? -1 : q.value(0).toLongLong());
        return counts;
    }

    qint64 versionId_ = 0;
};

TEST_F(TokenLengths, ModelFollowsTheNewestRecipeUntilOneIsChosen) {
    EXPECT_TRUE(tokenLengthModel(db()).path.isEmpty());
    EXPECT_EQ(tokenLengthModel(db()).maxSeqLen, 0);
    QJsonObject recipe{{QStringLiteral("base_model"), kFixtures + QStringLiteral("qwen")},
                       {QStringLiteral("max_seq_len"), 512}};
    saveRecipe(db(), QStringLiteral("first"), recipe);
    TokenLengthModel model = tokenLengthModel(db());
    EXPECT_EQ(model.maxSeqLen, 512);
    EXPECT_EQ(model.path, kFixtures + QStringLiteral("qwen"));
    EXPECT_FALSE(model.chosen);
    EXPECT_TRUE(model.origin.contains(QStringLiteral("first"))) << model.origin.toStdString();

    setTokenLengthModel(db(), kFixtures + QStringLiteral("llama2-style"));
    model = tokenLengthModel(db());
    EXPECT_EQ(model.path, kFixtures + QStringLiteral("llama2-style"));
    EXPECT_TRUE(model.chosen);
    setTokenLengthModel(db(), QString());  // back to following the recipes
    EXPECT_EQ(tokenLengthModel(db()).path, kFixtures + QStringLiteral("qwen"));
}

TEST_F(TokenLengths, CountsEqualTheSequencesTrainingMakes) {
    for (const char* name : {"qwen", "llama2-style", "mistral-v1/tokenizer.model"}) {
        const QString path = kFixtures + QLatin1String(name);
        const TokenCountResult r = countExampleTokens(db(), path);
        EXPECT_EQ(r.counted, 4) << name;
        EXPECT_EQ(r.unreadable, 0) << r.firstProblem.toStdString();
        EXPECT_EQ(countsInPositionOrder(), trainingLengths(path)) << name;
        const TokenCountState state = tokenCountState(db());
        EXPECT_EQ(state.uncounted, 0);
        EXPECT_EQ(state.countedWith, path);
        EXPECT_EQ(state.fingerprint, tokenizerFingerprint(path));
    }
}

TEST_F(TokenLengths, ExportSendsTheSystemPromptOnce) {
    const QString file = tempPath(QStringLiteral("split.jsonl"));
    ASSERT_EQ(exportSplitJsonl(db(), versionId_, QStringLiteral("unassigned"), file), 4);
    QFile f(file);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QJsonArray messages = QJsonDocument::fromJson(f.readLine()).object().value(QStringLiteral("messages")).toArray();
    ASSERT_EQ(messages.size(), 3);
    EXPECT_EQ(messages[0].toObject().value(QStringLiteral("role")).toString(), QStringLiteral("system"));
    EXPECT_EQ(messages[1].toObject().value(QStringLiteral("role")).toString(), QStringLiteral("user"));
}

TEST_F(TokenLengths, SameTokenizerKeepsCountsAnotherClearsAndRecounts) {
    const QString qwen = kFixtures + QStringLiteral("qwen");
    const QString llama = kFixtures + QStringLiteral("llama2-style");
    ASSERT_EQ(countExampleTokens(db(), qwen).counted, 4);
    const auto qwenCounts = storedCounts();

    const TokenCountResult again = countExampleTokens(db(), qwen);
    EXPECT_EQ(again.counted, 0);  // nothing left to count, nothing cleared
    EXPECT_FALSE(again.cleared);
    EXPECT_EQ(storedCounts(), qwenCounts);

    const TokenCountResult other = countExampleTokens(db(), llama);
    EXPECT_TRUE(other.cleared);
    EXPECT_EQ(other.counted, 4);
    EXPECT_NE(storedCounts(), qwenCounts);  // different vocabularies, different lengths
    EXPECT_EQ(countsInPositionOrder(), trainingLengths(llama));
}

TEST_F(TokenLengths, CancelKeepsCommittedBatchesAndTheNextRunFinishes) {
    const QString qwen = kFixtures + QStringLiteral("qwen");
    std::atomic<bool> cancel{false};
    TokenCountOptions options;
    options.batchSize = 1;
    options.threads = 1;
    options.cancel = &cancel;
    std::vector<std::pair<qint64, qint64>> reports;
    options.progress = [&](qint64 done, qint64 total) {
        reports.emplace_back(done, total);
        if (done == 1) cancel = true;
    };
    const TokenCountResult first = countExampleTokens(db(), qwen, options);
    EXPECT_TRUE(first.cancelled);
    EXPECT_EQ(first.counted, 1);
    EXPECT_EQ(tokenCountState(db()).uncounted, 3);
    EXPECT_EQ(tokenCountState(db(), false).uncounted, -1);  // "some", without counting them
    ASSERT_GE(reports.size(), 2u);
    EXPECT_EQ(reports.front(), std::make_pair(qint64(0), qint64(4)));

    const TokenCountResult rest = countExampleTokens(db(), qwen);
    EXPECT_FALSE(rest.cleared);  // the committed count was kept
    EXPECT_EQ(rest.counted, 3);
    EXPECT_EQ(tokenCountState(db(), false).uncounted, 0);
    EXPECT_EQ(countsInPositionOrder(), trainingLengths(qwen));
}

TEST_F(TokenLengths, UnreadableModelChangesNothing) {
    ASSERT_EQ(countExampleTokens(db(), kFixtures + QStringLiteral("qwen")).counted, 4);
    const auto before = storedCounts();
    const QString missing = tempPath(QStringLiteral("no-such-model"));
    try {
        countExampleTokens(db(), missing);
        ADD_FAILURE() << "a missing model was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-model"), std::string::npos) << e.what();
    }
    // A folder without a tokenizer, and a file that is no tokenizer.
    QDir().mkpath(tempPath(QStringLiteral("empty-model")));
    EXPECT_THROW(countExampleTokens(db(), tempPath(QStringLiteral("empty-model"))), Error);
    EXPECT_THROW(countExampleTokens(db(), writeFile(QStringLiteral("tokenizer.json"), "{broken")), Error);
    EXPECT_EQ(storedCounts(), before);
    EXPECT_EQ(tokenCountState(db()).countedWith, kFixtures + QStringLiteral("qwen"));
}

TEST_F(TokenLengths, UncountedExamplesAreFoundThroughTheirIndex) {
    QSqlQuery plan(db());
    ASSERT_TRUE(plan.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT id FROM examples "
                                         "WHERE token_count IS NULL AND id > 0 ORDER BY id LIMIT 10")));
    QString details;
    while (plan.next()) details += plan.value(3).toString() + QLatin1Char('\n');
    EXPECT_TRUE(details.contains(QStringLiteral("examples_uncounted"))) << details.toStdString();
}

TEST_F(TokenLengths, BrowserFiltersByTokensAndRepaintsCountsAsTheyArrive) {
    DatasetTableModel model(db());
    model.setVersion(versionId_);
    ASSERT_EQ(model.rowCount(), 4);
    EXPECT_FALSE(model.data(model.index(0, DatasetTableModel::TokensColumn)).isValid());

    ASSERT_EQ(countExampleTokens(db(), kFixtures + QStringLiteral("qwen")).counted, 4);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.refreshTokenCounts();
    ASSERT_EQ(changed.size(), 1);
    const auto lengths = countsInPositionOrder();
    for (int row = 0; row < 4; ++row)
        EXPECT_EQ(model.data(model.index(row, DatasetTableModel::TokensColumn)).toLongLong(), lengths[size_t(row)]);

    // Below the shortest's length + 1: only the shortest example ("Say hi") is left.
    const std::int64_t shortest = *std::min_element(lengths.begin(), lengths.end());
    ExampleFilter filter;
    filter.maxTokens = shortest;
    model.setFilter(filter);
    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(model.data(model.index(0, DatasetTableModel::PositionColumn)).toLongLong(), 4);  // shown 1-based
    filter.maxTokens = 0;
    filter.minTokens = shortest + 1;
    model.setFilter(filter);
    EXPECT_EQ(model.rowCount(), 3);
}

// The job runs on a thread of its own: with every thread of the global pool (where the page's
// statistics, curation and export tasks run) taken, it still counts - and does not hold them
// back while it does.
TEST_F(TokenLengths, JobCountsOnItsOwnThreadAndReportsInOrder) {
    QThreadPool* global = QThreadPool::globalInstance();
    const int globalThreads = global->maxThreadCount();
    global->setMaxThreadCount(1);
    QSemaphore gate;
    QFuture<void> blocker = QtConcurrent::run([&gate] { gate.acquire(); });
    TokenCountJob job(projectPath_, kFixtures + QStringLiteral("qwen"));
    QSignalSpy progress(&job, &TokenCountJob::progress);
    QSignalSpy finished(&job, &TokenCountJob::finished);
    job.start();
    const bool finishedWhileGated = finished.wait(60000);
    gate.release();
    blocker.waitForFinished();
    global->setMaxThreadCount(globalThreads);
    ASSERT_TRUE(finishedWhileGated);
    const auto result = finished.at(0).at(0).value<TokenCountResult>();
    EXPECT_EQ(result.counted, 4);
    ASSERT_GE(progress.size(), 2);
    EXPECT_EQ(progress.last().at(0).toLongLong(), 4);
    EXPECT_EQ(tokenCountState(db()).uncounted, 0);

    TokenCountJob broken(projectPath_, tempPath(QStringLiteral("missing")));
    QSignalSpy failed(&broken, &TokenCountJob::failed);
    broken.start();
    ASSERT_TRUE(failed.wait(60000));
    EXPECT_TRUE(failed.at(0).at(0).toString().contains(QStringLiteral("missing")));
}

// The CLI built beside this test: `dataset tokens` counts in the chosen model's tokens and
// remembers it, `dataset general` marks the general-capability set, `dataset list` shows it.
TEST_F(TokenLengths, CommandLineCountsAndMarks) {
    const QString cli = QCoreApplication::applicationDirPath() + QStringLiteral("/tuning-studio-cli");
    if (!QFileInfo::exists(cli)) GTEST_SKIP() << "tuning-studio-cli is not built";
    auto runCli = [&](const QStringList& args, int* exitCode) {
        QProcess process;
        process.start(cli, QStringList{QStringLiteral("dataset")} + args +
                               QStringList{QStringLiteral("--project"), projectPath_});
        EXPECT_TRUE(process.waitForFinished(120000));
        *exitCode = process.exitCode();
        return QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
    };
    int code = -1;
    QString out = runCli({QStringLiteral("tokens")}, &code);
    EXPECT_NE(code, 0);  // no recipe, no model: said, nothing counted
    EXPECT_TRUE(out.contains(QStringLiteral("no model for token lengths"))) << out.toStdString();
    EXPECT_EQ(tokenCountState(db()).uncounted, 4);

    out = runCli({QStringLiteral("tokens"), QStringLiteral("--model"), kFixtures + QStringLiteral("qwen")}, &code);
    EXPECT_EQ(code, 0) << out.toStdString();
    EXPECT_TRUE(out.contains(QStringLiteral("counted 4 examples"))) << out.toStdString();
    EXPECT_EQ(countsInPositionOrder(), trainingLengths(kFixtures + QStringLiteral("qwen")));
    EXPECT_TRUE(tokenLengthModel(db()).chosen);

    out = runCli({QStringLiteral("general"), QStringLiteral("--name"), QStringLiteral("sft")}, &code);
    EXPECT_EQ(code, 0) << out.toStdString();
    out = runCli({QStringLiteral("list")}, &code);
    EXPECT_TRUE(out.contains(QStringLiteral("sft (id 1)  general-capability set"))) << out.toStdString();
}

}  // namespace
}  // namespace ts
