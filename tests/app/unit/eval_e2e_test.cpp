// SPDX-License-Identifier: GPL-3.0-or-later
// Evaluation end to end on the CPU with the tiny reference Llama (vocab 384, no tokenizer: prompts
// and references are token ids): base evaluation of two suites, stored metrics and per-example
// results, the verdict naming the failing metric, perplexity against the reference logits that
// transformers produced, cancel, the engine thread, and the registry's promote / rollback.
#include "app/adapters/adapter_registry.h"
#include "app/eval/eval_service.h"
#include "app/eval/eval_suite.h"
#include "app/store/project_store.h"
#include "engine/core/error.h"
#include "store_test_support.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

using namespace ts;

namespace {

const QString kModel = QStringLiteral(TS_TEST_DATA_DIR "/reference_models/llama");

QString idsText(const std::vector<int>& ids, std::size_t begin, std::size_t end) {
    QStringList words;
    for (std::size_t i = begin; i < end; ++i) words << QString::number(ids[i]);
    return words.join(QLatin1Char(' '));
}

class EvalEndToEnd : public ::testing::Test {
protected:
    void SetUp() override {
        std::ifstream in(TS_TEST_DATA_DIR "/reference_models/llama/reference.json");
        ASSERT_TRUE(in) << "reference.json missing";
        reference_ = nlohmann::json::parse(in);
        inputIds_ = reference_["input_ids"].get<std::vector<int>>();
        greedyIds_ = reference_["greedy_ids"].get<std::vector<int>>();
        ASSERT_TRUE(dir_.isValid());
        projectPath_ = dir_.filePath(QStringLiteral("e2e.tsproj"));
        const auto opened = store_.open(projectPath_, OpenMode::CreateNew);
        ASSERT_TRUE(opened.ok) << opened.error.toStdString();
        exec(QStringLiteral("INSERT INTO datasets (id, name) VALUES (1, 'ids')"));
        exec(QStringLiteral("INSERT INTO dataset_versions (id, dataset_id, version_number, content_hash, source) "
                            "VALUES (1, 1, 1, 'h', 'import')"));
        const std::size_t n = inputIds_.size();
        // 1: the prompt the reference greedy continuation was made from -> exact match.
        addExample(1, idsText(inputIds_, 0, n), idsText(greedyIds_, 0, greedyIds_.size()), QStringLiteral("eval"));
        // 2: same prompt, a wrong reference -> a miss.
        addExample(2, idsText(inputIds_, 0, n), QStringLiteral("5 5 5"), QStringLiteral("eval"));
        // 3: general set: the first half of the ids as prompt, the rest as reference (perplexity).
        addExample(3, idsText(inputIds_, 0, kSplit), idsText(inputIds_, kSplit, n), QStringLiteral("general"));
    }
    void exec(const QString& sql) {
        QSqlQuery q(store_.database());
        ASSERT_TRUE(q.exec(sql)) << sql.toStdString();
    }
    void addExample(int id, const QString& prompt, const QString& completion, const QString& split) {
        QSqlQuery q(store_.database());
        q.prepare(QStringLiteral("INSERT INTO examples (id, kind, prompt, completion, input_text, output_text, "
                                 "content_hash) VALUES (?, 'prompt_completion', ?, ?, ?, ?, ?)"));
        q.addBindValue(id);
        q.addBindValue(prompt);
        q.addBindValue(completion);
        q.addBindValue(prompt);
        q.addBindValue(completion);
        q.addBindValue(QStringLiteral("hash%1").arg(id));
        ASSERT_TRUE(q.exec());
        QSqlQuery m(store_.database());
        m.prepare(QStringLiteral("INSERT INTO version_examples (version_id, example_id, split, position) "
                                 "VALUES (1, ?, ?, ?)"));
        m.addBindValue(id);
        m.addBindValue(split);
        m.addBindValue(id - 1);
        ASSERT_TRUE(m.exec());
    }
    // Summed NLL of input_ids[kSplit..] given the ids before, from transformers' logits.
    double referenceNll() const {
        double nll = 0;
        const auto& logits = reference_["logits"];
        for (std::size_t p = kSplit - 1; p + 1 < inputIds_.size(); ++p) {
            const auto row = logits[p].get<std::vector<double>>();
            double maxLogit = row[0];
            for (double v : row) maxLogit = std::max(maxLogit, v);
            double sum = 0;
            for (double v : row) sum += std::exp(v - maxLogit);
            nll -= row[std::size_t(inputIds_[p + 1])] - maxLogit - std::log(sum);
        }
        return nll;
    }
    EvalRequest request(qint64 suiteId) const {
        EvalRequest r;
        r.suiteId = suiteId;
        r.modelPath = kModel;
        r.generation.maxNewTokens = int(greedyIds_.size());
        r.generation.ignoreStopTokens = true;  // the reference greedy ids run through eos
        r.batchSize = 2;
        return r;
    }

    static constexpr std::size_t kSplit = 6;
    nlohmann::json reference_;
    std::vector<int> inputIds_, greedyIds_;
    QTemporaryDir dir_;
    QString projectPath_;
    ProjectStore store_;
};

TEST_F(EvalEndToEnd, BaseEvaluationVerdictRegistryAndRollback) {
    EvalSuiteRepository suites(store_.database());
    EvalSuite task;
    task.name = QStringLiteral("task");
    task.datasetVersionId = 1;
    task.split = QStringLiteral("eval");
    task.metricsJson = QStringLiteral(R"(["exact_match", "token_f1", "avg_output_tokens"])");
    task.thresholdsJson = QStringLiteral(R"({"exact_match": {">=": 0.75}, "token_f1": {">=": 0.5}})");
    task.id = suites.save(task);
    EvalSuite general;
    general.name = QStringLiteral("general");
    general.datasetVersionId = 1;
    general.split = QStringLiteral("general");
    general.metricsJson = QStringLiteral(R"(["perplexity"])");
    general.thresholdsJson = QStringLiteral(R"({"perplexity": {"max_regression": 0.5}})");
    general.id = suites.save(general);
    // Bad suites are refused before anything is stored.
    EvalSuite bad = task;
    bad.id = 0;
    bad.name = QStringLiteral("bad");
    bad.thresholdsJson = QStringLiteral(R"({"exact_match": {"=>": 1}})");
    EXPECT_THROW(suites.save(bad), Error);
    EXPECT_EQ(suites.suites().size(), 2);

    // Base on the task suite: one of two examples matches -> no-go naming exact_match.
    std::vector<std::pair<qint64, qint64>> progress;
    const auto base = runEvaluation(store_.database(), request(task.id), [&](qint64 done, qint64 total) {
        progress.emplace_back(done, total);
        return true;
    });
    EXPECT_FALSE(base.cancelled);
    EXPECT_FALSE(base.go);
    EXPECT_NE(base.summary.indexOf(QStringLiteral("exact_match 0.5 < 0.75")), -1) << base.summary.toStdString();
    EXPECT_DOUBLE_EQ(base.metrics.value(QStringLiteral("exact_match")), 0.5);
    EXPECT_DOUBLE_EQ(base.metrics.value(QStringLiteral("token_f1")), 0.5);
    EXPECT_DOUBLE_EQ(base.metrics.value(QStringLiteral("avg_output_tokens")), double(greedyIds_.size()));
    EXPECT_EQ(progress.back(), std::make_pair(qint64(2), qint64(2)));

    const auto run = suites.run(base.evalRunId);
    EXPECT_EQ(run.status, QStringLiteral("completed"));
    EXPECT_EQ(run.verdict, QStringLiteral("no_go"));
    EXPECT_EQ(run.adapterName, QStringLiteral("base"));
    const auto examples = suites.exampleResults(base.evalRunId);
    ASSERT_EQ(examples.size(), 2);
    EXPECT_EQ(examples[0].outputText, idsText(greedyIds_, 0, greedyIds_.size()));  // parity with transformers
    EXPECT_TRUE(*examples[0].correct);
    EXPECT_FALSE(*examples[1].correct);
    for (const auto& row : suites.metricResults(base.evalRunId)) {
        if (row.metric == QStringLiteral("exact_match")) {
            EXPECT_FALSE(*row.passed);
        }
        if (row.metric == QStringLiteral("token_f1")) {
            EXPECT_TRUE(*row.passed);
        }
    }

    // Base on the general suite: perplexity equals the one from transformers' logits.
    const auto generalBase = runEvaluation(store_.database(), request(general.id));
    const double expected = std::exp(referenceNll() / double(inputIds_.size() - kSplit));
    EXPECT_NEAR(generalBase.metrics.value(QStringLiteral("perplexity")), expected, expected * 1e-4);
    EXPECT_TRUE(generalBase.go) << generalBase.summary.toStdString();  // base is its own baseline

    // The registry: two versions, promote both in turn, roll back in one action.
    AdapterRegistry registry(store_.database());
    qint64 ids[2];
    for (int i = 0; i < 2; ++i) {
        const QString folder = dir_.filePath(QStringLiteral("adapter%1").arg(i));
        QDir().mkpath(folder);
        QFile f(AdapterRegistry::adapterWeightsFile(folder));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("not a safetensors file ") + QByteArray::number(i));
        f.close();
        AdapterRegistration r;
        r.name = QStringLiteral("v%1").arg(i + 1);
        r.folder = folder;
        r.baseModel = kModel;
        r.datasetVersionId = 1;
        ids[i] = registry.registerVersion(r);
    }
    registry.promote(ids[0]);
    registry.promote(ids[1]);
    EXPECT_EQ(registry.rollback(QStringLiteral("general regression")), ids[0]);
    EXPECT_EQ(registry.production()->id, ids[0]);

    // An adapter whose file is not a valid adapter: the evaluation fails, is recorded as failed
    // with the reason, and nothing else is stored.
    EvalRequest broken = request(task.id);
    broken.adapterVersionId = ids[1];
    broken.modelPath.clear();  // from the adapter's base model
    EXPECT_THROW(runEvaluation(store_.database(), broken), Error);
    const auto failed = suites.runs(task.id).first();
    EXPECT_EQ(failed.status, QStringLiteral("failed"));
    EXPECT_FALSE(failed.error.isEmpty());
    EXPECT_EQ(failed.adapterName, QStringLiteral("v2"));
    EXPECT_TRUE(suites.metricResults(failed.id).isEmpty());
    // The baseline lookup ignores failed runs.
    EXPECT_EQ(suites.latestCompleted(task.id, 0)->id, base.evalRunId);
}

TEST_F(EvalEndToEnd, CancelAndEngineThread) {
    EvalSuiteRepository suites(store_.database());
    EvalSuite task;
    task.name = QStringLiteral("task");
    task.datasetVersionId = 1;
    task.metricsJson = QStringLiteral(R"(["exact_match"])");
    task.id = suites.save(task);

    std::atomic<bool> cancel{true};
    const auto cancelled = runEvaluation(store_.database(), request(task.id), {}, &cancel);
    EXPECT_TRUE(cancelled.cancelled);
    EXPECT_EQ(suites.run(cancelled.evalRunId).status, QStringLiteral("cancelled"));

    EvalService service(projectPath_);
    QSignalSpy finished(&service, &EvalService::finished);
    QSignalSpy progress(&service, &EvalService::progress);
    QSignalSpy failed(&service, &EvalService::failed);
    ASSERT_TRUE(service.start(request(task.id)));
    EXPECT_FALSE(service.start(request(task.id)));  // one at a time
    ASSERT_TRUE(finished.wait(120000)) << (failed.isEmpty() ? "" : failed.first().first().toString().toStdString());
    EXPECT_FALSE(service.isRunning());
    EXPECT_GE(progress.size(), 1);
    const qint64 id = finished.first().at(0).toLongLong();
    EXPECT_TRUE(finished.first().at(1).toBool());  // no thresholds: go
    EXPECT_DOUBLE_EQ(suites.metricValues(id).value(QStringLiteral("exact_match")), 0.5);
}

}  // namespace
