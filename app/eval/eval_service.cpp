// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/eval/eval_service.h"

#include "app/adapters/adapter_registry.h"
#include "app/datasets/dataset_repository.h"
#include "app/eval/answer_sampler.h"
#include "app/eval/eval_gate.h"
#include "app/eval/eval_suite.h"
#include "app/store/project_store.h"
#include "engine/core/error.h"
#include "engine/eval/evaluator.h"
#include "engine/eval/metric_suite.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QVariant>

#include <algorithm>

namespace ts {

namespace {

struct PreparedExample {
    qint64 exampleId = 0;
    EvalItem item;
    QString reference;
    std::string inputText;  // the prompt as the judge metric shows it to the judge model
};

// Space-separated token ids ("5 17 33"): how prompts are written for a model without tokenizer.
std::vector<std::int32_t> parseIds(const QString& text, qint64 exampleId, const char* field) {
    std::vector<std::int32_t> ids;
    for (const auto& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int id = word.toInt(&ok);
        if (!ok)
            throw Error("the model has no tokenizer, so the text must be token ids separated by spaces; found '" +
                            word.toStdString() + "'",
                        "example " + std::to_string(exampleId), field);
        ids.push_back(id);
    }
    return ids;
}

PreparedExample prepare(qint64 exampleId, const ExampleRecord& record, bool tokenizer) {
    PreparedExample out;
    out.exampleId = exampleId;
    // The same prompt the playground and the candidate generator send (the system prompt once).
    std::vector<EvalMessage> messages = promptMessages(record);
    switch (record.kind) {
    case ExampleKind::Chat: {
        int last = int(record.messages.size()) - 1;
        while (last >= 0 && record.messages[last].role != QStringLiteral("assistant")) --last;
        out.reference = last >= 0 ? record.messages[last].content : QString();
        break;
    }
    case ExampleKind::PromptCompletion: out.reference = record.completion; break;
    case ExampleKind::Classification: out.reference = record.label; break;
    case ExampleKind::Preference: out.reference = record.chosen; break;
    }
    // One turn: its text; a conversation: "role: text" lines (the system prompt is left out: it
    // instructs the evaluated model, not the judge).
    int turns = 0;
    for (const auto& m : messages) turns += m.role != "system";
    for (const auto& m : messages) {
        if (m.role == "system") continue;
        if (!out.inputText.empty()) out.inputText += "\n";
        out.inputText += turns == 1 ? m.content : m.role + ": " + m.content;
    }
    if (tokenizer) {
        out.item.messages = std::move(messages);
        out.item.reference = out.reference.toStdString();
    } else {
        if (messages.empty()) throw Error("the example has no prompt", "example " + std::to_string(exampleId), "input");
        out.item.promptIds = parseIds(QString::fromStdString(messages.back().content), exampleId, "input");
        out.item.referenceIds = parseIds(out.reference, exampleId, "output");
    }
    return out;
}

void execOrFail(QSqlQuery& q, const EvalSuiteRepository& repo, const QString& what) {
    if (!q.exec()) repo.fail(what, q.lastError().text());
}

void markRun(QSqlDatabase& db, const EvalSuiteRepository& repo, qint64 id, const QString& status,
             const QString& error) {
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE eval_runs SET status = ?, finished = ?, error = ? WHERE id = ?"));
    q.addBindValue(status);
    q.addBindValue(utcTimestampNow());
    q.addBindValue(error.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(error));
    q.addBindValue(id);
    execOrFail(q, repo, QStringLiteral("cannot update evaluation %1").arg(id));
}

}  // namespace

EvalOutcome runEvaluation(QSqlDatabase db, const EvalRequest& request, const EvalProgress& progress,
                          const std::atomic<bool>* cancel) {
    EvalSuiteRepository suites(db);
    const EvalSuite suite = suites.suite(request.suiteId);
    const std::string suiteSource = "suite '" + suite.name.toStdString() + "'";
    const auto specs = eval::parseMetricSpecs(nlohmann::json::parse(suite.metricsJson.toStdString()), suiteSource);
    // The adapter of a run with a gate is judged by the thresholds fixed when that run started.
    const AppliedThresholds applied = thresholdsForEvaluation(db, suite, request.adapterVersionId);
    const auto thresholds =
        eval::parseThresholds(nlohmann::json::parse(applied.thresholdsJson.toStdString()), suiteSource);

    QString modelPath = request.modelPath;
    QString adapterFolder;
    if (request.adapterVersionId) {
        const auto adapter = AdapterRegistry(db).version(request.adapterVersionId);
        adapterFolder = adapter.path;
        if (modelPath.isEmpty()) modelPath = adapter.baseModel;
    }
    if (modelPath.isEmpty()) throw Error("no model to evaluate", db.databaseName().toStdString(), "model");

    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO eval_runs (suite_id, adapter_version_id, base_model, status, started) "
                                  "VALUES (?, ?, ?, 'running', ?)"));
    insert.addBindValue(suite.id);
    insert.addBindValue(request.adapterVersionId ? QVariant(request.adapterVersionId)
                                                 : QVariant(QMetaType(QMetaType::LongLong)));
    insert.addBindValue(modelPath);
    insert.addBindValue(utcTimestampNow());
    execOrFail(insert, suites, QStringLiteral("cannot start an evaluation"));
    EvalOutcome outcome;
    outcome.evalRunId = insert.lastInsertId().toLongLong();
    outcome.thresholdSource = applied.sourceText();

    try {
        auto evaluator = Evaluator::load(modelPath.toStdString(), adapterFolder.toStdString(), request.device);
        DatasetRepository datasets(db);
        std::vector<PreparedExample> prepared;
        for (const auto& member : datasets.loadMembers(suite.datasetVersionId)) {
            if (suite.split != QStringLiteral("all") && splitName(member.split) != suite.split) continue;
            prepared.push_back(prepare(member.exampleId, datasets.loadExample(member.exampleId),
                                       evaluator->hasTokenizer()));
        }
        if (prepared.empty())
            throw Error("the suite's split '" + suite.split.toStdString() + "' has no examples", suiteSource, "split");

        std::vector<EvalItem> items;
        for (const auto& p : prepared) items.push_back(p.item);
        EvaluatorOptions options;
        options.generation = request.generation;
        options.batchSize = request.batchSize;
        options.scoreReferences =
            std::any_of(specs.begin(), specs.end(), [](const auto& s) { return s.name == "perplexity"; });
        const auto result = evaluator->evaluate(
            items, options,
            [&](std::size_t done, std::size_t total) { return !progress || progress(qint64(done), qint64(total)); },
            cancel);
        if (result.stopped) {
            markRun(db, suites, outcome.evalRunId, QStringLiteral("cancelled"), {});
            outcome.cancelled = true;
            outcome.summary = QStringLiteral("cancelled");
            return outcome;
        }

        std::vector<eval::ScoredExample> scored;
        for (std::size_t i = 0; i < prepared.size(); ++i) {
            const auto& out = result.outputs[i];
            eval::ScoredExample s;
            s.output = out.text;
            s.reference = evaluator->hasTokenizer() ? prepared[i].reference.toStdString()
                                                    : tokenIdsAsText(prepared[i].item.referenceIds);
            s.referenceNll = out.referenceNll;
            s.referenceTokens = out.referenceTokens;
            s.outputTokens = out.tokenIds.size() - (out.stopReason == StopReason::StopToken ? 1 : 0);
            scored.push_back(std::move(s));
        }
        std::vector<std::optional<eval::JudgeResult>> judgements;
        if (const auto* judgeSpec = eval::findJudgeSpec(specs)) {
            // The evaluated model is done: free it before the judge model is loaded (once, for all
            // examples).
            evaluator.reset();
            auto judge = eval::Judge::load(*judgeSpec->judge, request.device);
            std::vector<eval::JudgeInput> inputs;
            for (std::size_t i = 0; i < prepared.size(); ++i)
                inputs.push_back({prepared[i].inputText, scored[i].reference, scored[i].output});
            const auto judged = judge->judge(inputs, {}, cancel);
            if (judged.size() < inputs.size() || (cancel && cancel->load())) {
                markRun(db, suites, outcome.evalRunId, QStringLiteral("cancelled"), {});
                outcome.cancelled = true;
                outcome.summary = QStringLiteral("cancelled");
                return outcome;
            }
            judgements.assign(judged.begin(), judged.end());
        }
        const auto scores = eval::scoreExamples(specs, scored, judgements);
        // The base model is its own baseline: its regression gates measure zero.
        std::map<std::string, double> baseMetrics = request.adapterVersionId ? std::map<std::string, double>{}
                                                                               : scores.metrics;
        if (request.adapterVersionId)
            if (auto base = suites.latestCompleted(suite.id, 0))
                for (auto [name, value] : suites.metricValues(base->id).asKeyValueRange())
                    baseMetrics[name.toStdString()] = value;
        const auto verdict = eval::decide(scores.metrics, thresholds, baseMetrics);

        if (!db.transaction()) suites.fail(QStringLiteral("cannot begin a transaction"), db.lastError().text());
        try {
            for (const auto& [name, value] : scores.metrics) {
                QSqlQuery q(db);
                q.prepare(QStringLiteral("INSERT INTO eval_metric_results (eval_run_id, metric, value, threshold, "
                                         "passed) VALUES (?, ?, ?, ?, ?)"));
                q.addBindValue(outcome.evalRunId);
                q.addBindValue(QString::fromStdString(name));
                q.addBindValue(value);
                QVariant limit(QMetaType(QMetaType::Double)), passed(QMetaType(QMetaType::Int));
                for (const auto& o : verdict.outcomes)
                    if (o.threshold.metric == name) {
                        limit = o.threshold.limit;
                        // Several gates on one metric: it passes only when all do.
                        passed = (passed.isNull() || passed.toInt()) && o.passed ? 1 : 0;
                    }
                q.addBindValue(limit);
                q.addBindValue(passed);
                execOrFail(q, suites, QStringLiteral("cannot store metric %1").arg(QString::fromStdString(name)));
                outcome.metrics.insert(QString::fromStdString(name), value);
            }
            for (const auto& o : verdict.outcomes) {
                if (o.value) continue;  // an unmeasured gate: stored so the table shows why it failed
                QSqlQuery q(db);
                q.prepare(QStringLiteral("INSERT OR IGNORE INTO eval_metric_results (eval_run_id, metric, value, "
                                         "threshold, passed) VALUES (?, ?, NULL, ?, 0)"));
                q.addBindValue(outcome.evalRunId);
                q.addBindValue(QString::fromStdString(o.threshold.metric));
                q.addBindValue(o.threshold.limit);
                execOrFail(q, suites, QStringLiteral("cannot store a metric"));
            }
            for (std::size_t i = 0; i < prepared.size(); ++i) {
                const auto& e = scores.examples[i];
                QSqlQuery q(db);
                q.prepare(QStringLiteral("INSERT INTO eval_example_results (eval_run_id, example_id, output_text, "
                                         "correct, score, details_json) VALUES (?, ?, ?, ?, ?, ?)"));
                q.addBindValue(outcome.evalRunId);
                q.addBindValue(prepared[i].exampleId);
                q.addBindValue(QString::fromStdString(scored[i].output));
                q.addBindValue(e.correct ? QVariant(*e.correct ? 1 : 0) : QVariant(QMetaType(QMetaType::Int)));
                q.addBindValue(e.score ? QVariant(*e.score) : QVariant(QMetaType(QMetaType::Double)));
                q.addBindValue(QString::fromStdString(e.details.dump()));
                execOrFail(q, suites, QStringLiteral("cannot store the output of example %1").arg(prepared[i].exampleId));
            }
            QSqlQuery q(db);
            q.prepare(QStringLiteral("UPDATE eval_runs SET status = 'completed', verdict = ?, finished = ? WHERE id = ?"));
            q.addBindValue(verdict.go ? QStringLiteral("go") : QStringLiteral("no_go"));
            q.addBindValue(utcTimestampNow());
            q.addBindValue(outcome.evalRunId);
            execOrFail(q, suites, QStringLiteral("cannot finish the evaluation"));
        } catch (...) {
            db.rollback();
            throw;
        }
        if (!db.commit()) suites.fail(QStringLiteral("cannot commit the results"), db.lastError().text());
        outcome.go = verdict.go;
        outcome.summary = QString::fromStdString(verdict.summary());
        return outcome;
    } catch (const std::exception& e) {
        try {
            markRun(db, suites, outcome.evalRunId, QStringLiteral("failed"), QString::fromUtf8(e.what()));
        } catch (const std::exception&) {
            // The original error is the one worth reporting.
        }
        throw;
    }
}

// ---- engine thread -------------------------------------------------------------------------

EvalWorker::EvalWorker(QString projectPath, std::shared_ptr<std::atomic<bool>> cancel)
    : projectPath_(std::move(projectPath)), cancel_(std::move(cancel)) {}

void EvalWorker::run(const EvalRequest& request) {
    const QString connection = QStringLiteral("eval_worker_%1").arg(quintptr(QThread::currentThreadId()));
    {
        // A connection of this thread to the project (the GUI's store stays on its own thread).
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(projectPath_);
        if (!db.open()) {
            emit failed(tr("Cannot open %1: %2").arg(projectPath_, db.lastError().text()));
        } else {
            QSqlQuery(db).exec(QStringLiteral("PRAGMA foreign_keys = ON"));
            QSqlQuery(db).exec(QStringLiteral("PRAGMA busy_timeout = 5000"));
            try {
                const auto outcome = runEvaluation(
                    db, request,
                    [this](qint64 done, qint64 total) {
                        emit progress(done, total);
                        return true;
                    },
                    cancel_.get());
                if (outcome.cancelled) emit cancelled(outcome.evalRunId);
                else emit finished(outcome.evalRunId, outcome.go, outcome.summary);
            } catch (const std::exception& e) {
                emit failed(QString::fromUtf8(e.what()));
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(connection);
}

EvalService::EvalService(QString projectPath, QObject* parent)
    : QObject(parent), thread_(new QThread(this)), cancel_(std::make_shared<std::atomic<bool>>(false)) {
    worker_ = new EvalWorker(std::move(projectPath), cancel_);
    worker_->moveToThread(thread_);
    connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &EvalWorker::progress, this, &EvalService::progress);
    connect(worker_, &EvalWorker::finished, this, [this](qint64 id, bool go, const QString& summary) {
        running_ = false;
        emit finished(id, go, summary);
    });
    connect(worker_, &EvalWorker::cancelled, this, [this](qint64 id) {
        running_ = false;
        emit cancelled(id);
    });
    connect(worker_, &EvalWorker::failed, this, [this](const QString& message) {
        running_ = false;
        emit failed(message);
    });
    thread_->setObjectName(QStringLiteral("eval engine"));
    thread_->start();
}

EvalService::~EvalService() {
    cancel_->store(true);
    thread_->requestInterruption();
    thread_->quit();
    thread_->wait();
}

bool EvalService::start(const EvalRequest& request) {
    if (running_) return false;
    running_ = true;
    cancel_->store(false);
    QMetaObject::invokeMethod(worker_, [worker = worker_, request] { worker->run(request); }, Qt::QueuedConnection);
    return true;
}

void EvalService::cancel() { cancel_->store(true); }

}  // namespace ts
