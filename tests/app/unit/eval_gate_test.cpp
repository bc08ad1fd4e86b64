// SPDX-License-Identifier: GPL-3.0-or-later
// The go/no-go gate (app/eval/eval_gate.h): a recipe names the suites that judge its runs; a run
// fixes their thresholds when it is created; the adapter that run produced is judged by that
// snapshot even after the suite changed, while the base model is judged by the suite as it is;
// stored evaluations say which thresholds decided them; old-style recipe thresholds are mapped
// into the suites only by an explicit plan and never dropped. The verdict part trains a tiny
// random-init Llama for two steps on the CPU and evaluates it for real.
#include "run_test_support.h"

#include "app/adapters/adapter_registry.h"
#include "app/datasets/dataset_repository.h"
#include "app/eval/eval_gate.h"
#include "app/eval/eval_service.h"
#include "app/eval/eval_suite.h"
#include "app/recipes/recipe_check.h"
#include "app/runs/run_service.h"
#include "app/runs/run_store.h"
#include "engine/train/model_shapes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace ts::test {
namespace {

EvalSuite makeSuite(const QString& name, const QString& split, const QString& metrics, const QString& thresholds) {
    EvalSuite s;
    s.name = name;
    s.datasetVersionId = 1;
    s.split = split;
    s.metricsJson = metrics;
    s.thresholdsJson = thresholds;
    return s;
}

class EvalGate : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(dir_.isValid());
        ASSERT_TRUE(store_.open(dir_.filePath(QStringLiteral("gate.tsproj")), OpenMode::CreateNew).ok);
        addDatasetVersion(store_.database(), 6);
    }
    QTemporaryDir dir_;
    ProjectStore store_;
};

TEST_F(EvalGate, RecipeGateNamesSuitesAndSaysWhatIsMissing) {
    QJsonObject recipe{{QStringLiteral("lora"), QJsonObject{{QStringLiteral("r"), 8}}}};
    EXPECT_TRUE(gateSuiteNames(recipe).isEmpty());
    QStringList problems = gateProblems(store_.database(), recipe);
    ASSERT_EQ(problems.size(), 1);
    EXPECT_TRUE(problems[0].startsWith(QStringLiteral("ui.gate.suites:")));

    recipe = withGateSuiteNames(recipe, {QStringLiteral("held-out"), QStringLiteral(" "), QStringLiteral("held-out"),
                                         QStringLiteral("general")});
    EXPECT_EQ(gateSuiteNames(recipe), (QStringList{QStringLiteral("held-out"), QStringLiteral("general")}));
    problems = gateProblems(store_.database(), recipe);
    ASSERT_EQ(problems.size(), 2);
    EXPECT_TRUE(problems[0].contains(QStringLiteral("'held-out'")));

    EvalSuiteRepository repo(store_.database());
    repo.save(makeSuite(QStringLiteral("held-out"), QStringLiteral("eval"), QStringLiteral(R"(["exact_match"])"),
                        QStringLiteral(R"({"exact_match": {">=": 0.8}})")));
    repo.save(makeSuite(QStringLiteral("general"), QStringLiteral("eval"), QStringLiteral(R"(["token_f1"])"),
                        QStringLiteral("{}")));
    problems = gateProblems(store_.database(), recipe);
    ASSERT_EQ(problems.size(), 1);  // a suite without thresholds cannot judge anything
    EXPECT_TRUE(problems[0].contains(QStringLiteral("'general' has no thresholds")));
    EvalSuite general = *repo.suiteByName(QStringLiteral("general"));
    general.thresholdsJson = QStringLiteral(R"({"token_f1": {"max_regression": 2}})");
    repo.save(general);
    EXPECT_TRUE(gateProblems(store_.database(), recipe).isEmpty());

    // Removing the last name removes the whole gate object, and the rest of "ui" stays.
    QJsonObject withUi = recipe;
    QJsonObject ui = withUi.value(QStringLiteral("ui")).toObject();
    ui.insert(QStringLiteral("train_split"), QStringLiteral("train"));
    withUi.insert(QStringLiteral("ui"), ui);
    const QJsonObject cleared = withGateSuiteNames(withUi, {});
    EXPECT_FALSE(cleared.value(QStringLiteral("ui")).toObject().contains(QStringLiteral("gate")));
    EXPECT_EQ(cleared.value(QStringLiteral("ui")).toObject().value(QStringLiteral("train_split")).toString(),
              QStringLiteral("train"));
}

TEST_F(EvalGate, RunFixesTheThresholdsInForceWhenItIsCreated) {
    EvalSuiteRepository repo(store_.database());
    const qint64 suiteId = repo.save(makeSuite(QStringLiteral("held-out"), QStringLiteral("eval"),
                                               QStringLiteral(R"(["exact_match"])"),
                                               QStringLiteral(R"({"exact_match": {">=": 0.8}})")));
    ScriptedTrainer trainer;
    RunService service(store_, trainer);
    QJsonObject recipe{{QStringLiteral("base_model"), QStringLiteral("/models/x")},
                       {QStringLiteral("dataset_version"), QStringLiteral("1")}};

    // A gate naming a suite the project lacks is refused before any row exists.
    try {
        service.createRun(withGateSuiteNames(recipe, {QStringLiteral("nope")}), QStringLiteral("bad"));
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.field(), "ui.gate.suites");
        EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos);
    }
    EXPECT_TRUE(listRuns(store_.database()).isEmpty());

    const qint64 runId = service.createRun(withGateSuiteNames(recipe, {QStringLiteral("held-out")}), QStringLiteral("r"));
    // The bar is lowered after the run started: the run keeps the bar it started with.
    EvalSuite lowered = repo.suite(suiteId);
    lowered.thresholdsJson = QStringLiteral(R"({"exact_match": {">=": 0.1}})");
    repo.save(lowered);

    const RunRecord run = *loadRun(store_.database(), runId);
    const std::optional<GateSnapshot> snapshot = gateSnapshotOf(run.recipeSnapshot);
    ASSERT_TRUE(snapshot.has_value());
    ASSERT_EQ(snapshot->suites.size(), 1);
    EXPECT_EQ(snapshot->suites[0].suiteId, suiteId);
    EXPECT_EQ(snapshot->suites[0].suiteName, QStringLiteral("held-out"));
    EXPECT_EQ(QJsonDocument::fromJson(snapshot->suites[0].thresholdsJson.toUtf8()).object(),
              QJsonDocument::fromJson(R"({"exact_match": {">=": 0.8}})").object());
    EXPECT_FALSE(snapshot->taken.isEmpty());
    // The snapshot sits under "ui", which the engine's recipe parser accepts and ignores.
    EXPECT_TRUE(checkRecipeJson(run.recipeSnapshot.toStdString()).ok);

    // A recipe without a gate makes a run without a snapshot.
    const qint64 plain = service.createRun(recipe, QStringLiteral("plain"));
    EXPECT_FALSE(gateSnapshotOf(loadRun(store_.database(), plain)->recipeSnapshot).has_value());
}

TEST_F(EvalGate, AdapterVerdictUsesTheRunsSnapshotBaseUsesTheSuite) {
    const QString tokenizer = QStringLiteral(TS_SHARED_FIXTURES_DIR "/tokenizers/llama2-style");
    if (!QFile::exists(tokenizer + QStringLiteral("/tokenizer.json")))
        GTEST_SKIP() << "the shared tokenizer fixtures are missing: " << tokenizer.toStdString();
    const QString model = dir_.filePath(QStringLiteral("tiny-llama"));
    writeRandomInitModel("tiny", tokenizer.toStdString(), model.toStdString(), 5);

    // The gate before training: the outputs must stay short (always true for 4 new tokens).
    EvalSuiteRepository repo(store_.database());
    const qint64 suiteId =
        repo.save(makeSuite(QStringLiteral("held-out"), QStringLiteral("eval"), QStringLiteral(R"(["avg_output_tokens"])"),
                            QStringLiteral(R"({"avg_output_tokens": {"<=": 1000}})")));
    RunServiceOptions options;
    options.metricFlushMs = 5;
    RunService service(store_, &runTraining, options);
    const QJsonObject recipe = withGateSuiteNames(
        QJsonObject{{QStringLiteral("base_model"), model},
                    {QStringLiteral("dataset_version"), QStringLiteral("1")},
                    {QStringLiteral("quant"), QStringLiteral("none")},
                    {QStringLiteral("max_steps"), 2},
                    {QStringLiteral("batch_size"), 2},
                    {QStringLiteral("max_seq_len"), 32},
                    {QStringLiteral("warmup_steps"), 0}},
        {QStringLiteral("held-out")});
    const qint64 runId = service.createRun(recipe, QStringLiteral("gated"));
    service.enqueue(runId);
    ASSERT_TRUE(QTest::qWaitFor([&] { return service.isIdle(); }, 300000));
    const RunRecord run = *loadRun(store_.database(), runId);
    ASSERT_EQ(run.status, RunStatus::Completed) << run.error.toStdString();
    const QList<AdapterVersion> versions = AdapterRegistry(store_.database()).versions();
    ASSERT_EQ(versions.size(), 1);

    // After training someone moves the bar so that every output fails it.
    EvalSuite moved = repo.suite(suiteId);
    moved.thresholdsJson = QStringLiteral(R"({"avg_output_tokens": {"<=": 0}})");
    repo.save(moved);

    EvalRequest request;
    request.suiteId = suiteId;
    request.modelPath = model;
    request.generation.maxNewTokens = 4;
    request.generation.ignoreStopTokens = true;
    const EvalOutcome base = runEvaluation(store_.database(), request);
    EXPECT_FALSE(base.go);  // the base model has no run: the suite's thresholds now
    request.adapterVersionId = versions[0].id;
    const EvalOutcome tuned = runEvaluation(store_.database(), request);
    EXPECT_TRUE(tuned.go) << tuned.summary.toStdString();  // judged by the bar set before training
    EXPECT_TRUE(tuned.thresholdSource.contains(QStringLiteral("#%1").arg(runId))) << tuned.thresholdSource.toStdString();
    EXPECT_EQ(repo.run(tuned.evalRunId).verdict, QStringLiteral("go"));
    bool storedLimit = false;
    for (const EvalMetricRow& row : repo.metricResults(tuned.evalRunId))
        if (row.metric == QStringLiteral("avg_output_tokens")) {
            storedLimit = true;
            EXPECT_EQ(row.threshold, std::optional<double>(1000));
            EXPECT_EQ(row.passed, std::optional<bool>(true));
        }
    EXPECT_TRUE(storedLimit);

    // Read back: each stored verdict names what decided it.
    const AppliedThresholds tunedApplied = thresholdsOfEvaluation(store_.database(), tuned.evalRunId);
    EXPECT_EQ(tunedApplied.source, AppliedThresholds::Source::RunGate);
    EXPECT_EQ(tunedApplied.runId, runId);
    EXPECT_EQ(thresholdsSummary(tunedApplied.thresholdsJson, QStringLiteral("held-out")),
              QStringLiteral("avg_output_tokens ≤ 1000"));
    AppliedThresholds baseApplied = thresholdsOfEvaluation(store_.database(), base.evalRunId);
    EXPECT_EQ(baseApplied.source, AppliedThresholds::Source::Suite);
    EXPECT_FALSE(baseApplied.suiteChangedSince);
    // The suite changes again: the base model's stored verdict is now marked as judged by
    // limits the suite no longer has.
    moved.thresholdsJson = QStringLiteral(R"({"avg_output_tokens": {"<=": 2}})");
    repo.save(moved);
    baseApplied = thresholdsOfEvaluation(store_.database(), base.evalRunId);
    EXPECT_TRUE(baseApplied.suiteChangedSince);
    EXPECT_EQ(thresholdsOfEvaluation(store_.database(), tuned.evalRunId).source, AppliedThresholds::Source::RunGate);
}

TEST_F(EvalGate, OldStyleThresholdsMoveIntoSuitesOnlyByAPlan) {
    EvalSuiteRepository repo(store_.database());
    const qint64 taskId = repo.save(makeSuite(QStringLiteral("triage"), QStringLiteral("eval"),
                                              QStringLiteral(R"(["json_valid", {"name": "accuracy"}])"),
                                              QStringLiteral(R"({"accuracy": 0.9})")));
    const qint64 generalId = repo.save(makeSuite(QStringLiteral("general"), QStringLiteral("general"),
                                                 QStringLiteral(R"(["perplexity", "token_f1"])"),
                                                 QStringLiteral(R"({"perplexity": {"max_regression": 0.5}})")));
    const QJsonObject old{{QStringLiteral("lr"), 1e-4},
                          {QStringLiteral("thresholds"),
                           QJsonObject{{QStringLiteral("min_task_score"), 0.8},
                                       {QStringLiteral("min_format_valid_rate"), 0.95},
                                       {QStringLiteral("max_general_regression"), 0.03},
                                       {QStringLiteral("min_judge"), 4}}}};
    // An old recipe still passes the engine's check (the key is one it keeps for the app).
    EXPECT_TRUE(checkRecipeJson(QJsonDocument(old).toJson().toStdString()).ok);
    const std::optional<LegacyThresholds> legacy = legacyThresholdsOf(old);
    ASSERT_TRUE(legacy.has_value());
    EXPECT_EQ(legacy->minTaskScore, std::optional<double>(0.8));
    EXPECT_EQ(legacy->otherKeys, QStringList{QStringLiteral("min_judge")});
    const QString described = describeLegacyThresholds(*legacy);
    EXPECT_TRUE(described.contains(QStringLiteral("min task score 0.8"))) << described.toStdString();
    EXPECT_TRUE(described.contains(QStringLiteral("min_judge 4"))) << described.toStdString();

    // With only the task suite in the gate, the general number has nowhere to go and stays.
    LegacyThresholdPlan plan = planLegacyThresholdMove(store_.database(), *legacy, {repo.suite(taskId)});
    ASSERT_EQ(plan.moves.size(), 2);
    EXPECT_EQ(plan.moves[0].metric, QStringLiteral("accuracy"));
    EXPECT_EQ(plan.moves[0].replaces, std::optional<double>(0.9));
    EXPECT_EQ(plan.moves[1].metric, QStringLiteral("json_valid"));
    EXPECT_EQ(plan.kept.size(), 2);  // max_general_regression and min_judge

    plan = planLegacyThresholdMove(store_.database(), *legacy, {repo.suite(taskId), repo.suite(generalId)});
    ASSERT_EQ(plan.moves.size(), 3);
    EXPECT_EQ(plan.moves[2].suiteId, generalId);
    EXPECT_EQ(plan.moves[2].metric, QStringLiteral("token_f1"));  // perplexity is not higher-is-better
    EXPECT_EQ(plan.moves[2].kind, QStringLiteral("max_regression"));
    EXPECT_DOUBLE_EQ(plan.moves[2].limit, 3.0);  // 0.03 as a fraction is 3 points

    const QJsonObject after = applyLegacyThresholdMove(store_.database(), old, plan);
    EXPECT_EQ(after.value(QStringLiteral("thresholds")).toObject(), (QJsonObject{{QStringLiteral("min_judge"), 4}}));
    EXPECT_EQ(after.value(QStringLiteral("lr")).toDouble(), 1e-4);
    const QJsonObject task = QJsonDocument::fromJson(repo.suite(taskId).thresholdsJson.toUtf8()).object();
    EXPECT_EQ(task.value(QStringLiteral("accuracy")).toObject().value(QStringLiteral(">=")).toDouble(), 0.8);
    EXPECT_EQ(task.value(QStringLiteral("json_valid")).toObject().value(QStringLiteral(">=")).toDouble(), 0.95);
    const QJsonObject general = QJsonDocument::fromJson(repo.suite(generalId).thresholdsJson.toUtf8()).object();
    EXPECT_EQ(general.value(QStringLiteral("token_f1")).toObject().value(QStringLiteral("max_regression")).toDouble(), 3.0);
    EXPECT_EQ(general.value(QStringLiteral("perplexity")).toObject().value(QStringLiteral("max_regression")).toDouble(),
              0.5);
    // Nothing left to move: the plan is empty and applying it changes nothing.
    const auto rest = legacyThresholdsOf(after);
    ASSERT_TRUE(rest.has_value());
    EXPECT_TRUE(planLegacyThresholdMove(store_.database(), *rest, {repo.suite(taskId)}).isEmpty());
}

// A suite over a whole dataset counts as the forgetting check once that dataset is marked as the
// project's general-capability set: an old recipe's max_general_regression then has a home.
TEST_F(EvalGate, SuiteOnTheGeneralCapabilitySetJudgesRegression) {
    execOrFail(store_.database(), QStringLiteral("INSERT INTO datasets (name) VALUES ('everyday questions')"));
    execOrFail(store_.database(), QStringLiteral(
        "INSERT INTO dataset_versions (dataset_id, version_number, content_hash, example_count, source) "
        "VALUES (2, 1, 'g', 0, 'import')"));
    EvalSuiteRepository repo(store_.database());
    const qint64 taskId = repo.save(makeSuite(QStringLiteral("triage"), QStringLiteral("eval"),
                                              QStringLiteral(R"(["exact_match"])"),
                                              QStringLiteral(R"({"exact_match": 0.5})")));
    EvalSuite everyday = makeSuite(QStringLiteral("everyday"), QStringLiteral("all"),
                                   QStringLiteral(R"(["token_f1"])"), QStringLiteral("{}"));
    everyday.datasetVersionId = 2;
    const qint64 everydayId = repo.save(everyday);
    const QJsonObject old{{QStringLiteral("thresholds"),
                           QJsonObject{{QStringLiteral("max_general_regression"), 0.02}}}};
    const auto legacy = legacyThresholdsOf(old);
    ASSERT_TRUE(legacy.has_value());
    const QList<EvalSuite> gate{repo.suite(taskId), repo.suite(everydayId)};
    EXPECT_TRUE(planLegacyThresholdMove(store_.database(), *legacy, gate).moves.empty());

    DatasetRepository(store_.database()).setGeneralCapabilitySet(2, true);
    const LegacyThresholdPlan plan = planLegacyThresholdMove(store_.database(), *legacy, gate);
    ASSERT_EQ(plan.moves.size(), 1);
    EXPECT_EQ(plan.moves[0].suiteId, everydayId);
    EXPECT_EQ(plan.moves[0].kind, QStringLiteral("max_regression"));
    EXPECT_DOUBLE_EQ(plan.moves[0].limit, 2.0);
}

}  // namespace
}  // namespace ts::test
