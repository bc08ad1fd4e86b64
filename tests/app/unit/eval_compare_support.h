// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A real project for comparison tests and screenshots: a support-ticket triage dataset (labelled,
// some examples tagged), two adapter versions registered through the AdapterRegistry with the
// training runs they came from (loss and eval_loss curves in run_metrics), one suite saved through
// EvalSuiteRepository, and completed evaluations of the base model, v1 and v2 whose per-example
// correctness follows kCorrect. Aggregate metrics are derived from kCorrect (accuracy) so tests
// can recompute every expected number independently. Used by gtest and QtTest programs alike, so
// it reports failure by throwing ts::Error rather than through a test framework.
#include "app/adapters/adapter_registry.h"
#include "app/eval/eval_suite.h"
#include "app/runs/run_store.h"
#include "app/store/project_store.h"
#include "engine/core/error.h"

#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <array>
#include <cmath>

namespace ts::test {

struct TicketExample {
    const char* text;
    const char* label;
    const char* tag;  // empty: untagged
};

inline constexpr std::array<TicketExample, 10> kTickets = {{
    {"My card was charged twice for the March invoice.", "billing", "vip"},
    {"The export button crashes the app on Windows 11.", "bug", ""},
    {"How do I change the email address on my account?", "account", ""},
    {"Refund still not received after 14 days.", "billing", "escalated"},
    {"App freezes when I open a PDF larger than 20 MB.", "bug", "vip"},
    {"Please delete my account and all my data.", "account", "escalated"},
    {"Invoice shows the wrong VAT number.", "billing", ""},
    {"Password reset link expired immediately.", "account", "vip"},
    {"Dark mode text is unreadable in the settings page.", "bug", ""},
    {"Le paiement a échoué mais la commande est passée.", "billing", "non-english"},
}};

// Correctness per example (rows) for base, v1, v2 (columns).
inline constexpr std::array<std::array<bool, 3>, 10> kCorrect = {{
    {false, true, true},
    {true, true, false},   // v2 regressed
    {true, false, true},   // v1 regressed
    {false, false, true},
    {true, true, true},
    {true, true, false},   // v2 regressed
    {false, true, true},
    {true, false, false},  // v1 and v2 regressed
    {false, true, true},
    {false, false, true},
}};

inline constexpr std::array<double, 3> kPerplexity = {8.0, 7.2, 8.7};
inline constexpr double kAccuracyGate = 0.6;
inline constexpr double kPerplexityMaxRegression = 0.5;

inline double accuracyOf(int column) {
    int right = 0;
    for (const auto& row : kCorrect) right += row[std::size_t(column)] ? 1 : 0;
    return double(right) / double(kCorrect.size());
}

struct CompareProject {
    qint64 datasetVersionId = 0;
    qint64 suiteId = 0;
    qint64 v1 = 0, v2 = 0;            // adapter versions
    qint64 run1 = 0, run2 = 0;        // training runs
    qint64 evalBase = 0, evalV1 = 0, evalV2 = 0;
    QList<qint64> exampleIds;         // in kTickets order
};

inline void execOrThrow(QSqlQuery& q, const char* what) {
    if (!q.exec()) throw Error(std::string(what) + ": " + q.lastError().text().toStdString(), "test project");
}

// Wrong predictions cycle through the other labels, so the outputs look like a classifier's.
inline QString predictedLabel(std::size_t example, bool right) {
    const QString truth = QString::fromUtf8(kTickets[example].label);
    if (right) return truth;
    static const QStringList labels = {QStringLiteral("account"), QStringLiteral("billing"), QStringLiteral("bug")};
    return labels[(labels.indexOf(truth) + 1 + int(example % 2)) % 3];
}

inline qint64 insertEvalRun(QSqlDatabase db, const CompareProject& p, qint64 adapterVersionId, int column,
                            const QString& baseModel) {
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO eval_runs (suite_id, adapter_version_id, base_model, status, verdict, "
                             "started, finished) VALUES (?, ?, ?, 'completed', ?, '2025-05-0%1T10:00:00Z', "
                             "'2025-05-0%1T10:05:00Z')").arg(column + 1));
    const double accuracy = accuracyOf(column);
    const bool accuracyPassed = accuracy >= kAccuracyGate;
    const bool perplexityPassed = kPerplexity[std::size_t(column)] - kPerplexity[0] <= kPerplexityMaxRegression;
    q.addBindValue(p.suiteId);
    q.addBindValue(adapterVersionId ? QVariant(adapterVersionId) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(baseModel);
    q.addBindValue(accuracyPassed && perplexityPassed ? QStringLiteral("go") : QStringLiteral("no_go"));
    execOrThrow(q, "insert eval run");
    const qint64 id = q.lastInsertId().toLongLong();
    struct Metric {
        QString name;
        double value;
        QVariant threshold;
        QVariant passed;
    };
    const Metric metrics[] = {
        {QStringLiteral("accuracy"), accuracy, kAccuracyGate, accuracyPassed ? 1 : 0},
        {QStringLiteral("perplexity"), kPerplexity[std::size_t(column)], kPerplexityMaxRegression,
         perplexityPassed ? 1 : 0},
        {QStringLiteral("avg_output_tokens"), 3.0 + column, QVariant(QMetaType(QMetaType::Double)),
         QVariant(QMetaType(QMetaType::Int))},
    };
    for (const auto& m : metrics) {
        QSqlQuery r(db);
        r.prepare(QStringLiteral("INSERT INTO eval_metric_results (eval_run_id, metric, value, threshold, passed) "
                                 "VALUES (?, ?, ?, ?, ?)"));
        r.addBindValue(id);
        r.addBindValue(m.name);
        r.addBindValue(m.value);
        r.addBindValue(m.threshold);
        r.addBindValue(m.passed);
        execOrThrow(r, "insert metric");
    }
    for (std::size_t i = 0; i < kTickets.size(); ++i) {
        const bool right = kCorrect[i][std::size_t(column)];
        QSqlQuery r(db);
        r.prepare(QStringLiteral("INSERT INTO eval_example_results (eval_run_id, example_id, output_text, correct) "
                                 "VALUES (?, ?, ?, ?)"));
        r.addBindValue(id);
        r.addBindValue(p.exampleIds[int(i)]);
        r.addBindValue(predictedLabel(i, right));
        r.addBindValue(right ? 1 : 0);
        execOrThrow(r, "insert example result");
    }
    return id;
}

inline qint64 addTrainingRun(QSqlDatabase db, qint64 datasetVersionId, const QString& name, double floor) {
    NewRun run;
    run.name = name;
    run.recipeSnapshot = QStringLiteral(R"({"lora": {"r": 16}})");
    run.datasetVersionId = datasetVersionId;
    run.baseModel = QStringLiteral("SmolLM2-135M-Instruct");
    const qint64 id = insertRun(db, run);
    QVector<MetricPoint> points;
    for (int step = 1; step <= 120; ++step) {
        const double t = step;
        points.push_back({id, step, QStringLiteral("loss"),
                          floor + 1.8 * std::exp(-t / 30.0) + 0.06 * std::sin(t * 1.3) * std::exp(-t / 200.0)});
        if (step % 20 == 0) points.push_back({id, step, QStringLiteral("eval_loss"), floor + 0.12 + 1.6 * std::exp(-t / 35.0)});
    }
    insertMetrics(db, points);
    setRunStatus(db, id, RunStatus::Completed);
    return id;
}

// Builds everything in the open project `store`; adapter folders go under `folder`.
inline CompareProject buildCompareProject(const ProjectStore& store, const QString& folder) {
    QSqlDatabase db = store.database();
    CompareProject p;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("INSERT INTO datasets (name) VALUES ('support-tickets')")))
        throw Error("insert dataset", "test project");
    const qint64 datasetId = q.lastInsertId().toLongLong();
    q.prepare(QStringLiteral("INSERT INTO dataset_versions (dataset_id, version_number, content_hash, example_count, "
                             "source) VALUES (?, 1, 'h', ?, 'import')"));
    q.addBindValue(datasetId);
    q.addBindValue(int(kTickets.size()));
    execOrThrow(q, "insert dataset version");
    p.datasetVersionId = q.lastInsertId().toLongLong();
    for (std::size_t i = 0; i < kTickets.size(); ++i) {
        QSqlQuery e(db);
        e.prepare(QStringLiteral("INSERT INTO examples (kind, text, label, input_text, output_text, content_hash) "
                                 "VALUES ('classification', ?, ?, ?, ?, ?)"));
        e.addBindValue(QString::fromUtf8(kTickets[i].text));
        e.addBindValue(QString::fromUtf8(kTickets[i].label));
        e.addBindValue(QString::fromUtf8(kTickets[i].text));
        e.addBindValue(QString::fromUtf8(kTickets[i].label));
        e.addBindValue(QStringLiteral("hash%1").arg(i));
        execOrThrow(e, "insert example");
        const qint64 exampleId = e.lastInsertId().toLongLong();
        p.exampleIds.push_back(exampleId);
        QSqlQuery v(db);
        v.prepare(QStringLiteral("INSERT INTO version_examples (version_id, example_id, split, position) "
                                 "VALUES (?, ?, 'eval', ?)"));
        v.addBindValue(p.datasetVersionId);
        v.addBindValue(exampleId);
        v.addBindValue(int(i));
        execOrThrow(v, "insert version example");
        const QString tag = QString::fromUtf8(kTickets[i].tag);
        if (!tag.isEmpty()) {
            QSqlQuery t(db);
            t.prepare(QStringLiteral("INSERT OR IGNORE INTO tags (name) VALUES (?)"));
            t.addBindValue(tag);
            execOrThrow(t, "insert tag");
            QSqlQuery et(db);
            et.prepare(QStringLiteral("INSERT INTO example_tags (example_id, tag_id) "
                                      "SELECT ?, id FROM tags WHERE name = ?"));
            et.addBindValue(exampleId);
            et.addBindValue(tag);
            execOrThrow(et, "tag example");
        }
    }

    EvalSuiteRepository suites(db);
    EvalSuite suite;
    suite.name = QStringLiteral("triage-holdout");
    suite.datasetVersionId = p.datasetVersionId;
    suite.split = QStringLiteral("eval");
    suite.metricsJson = QStringLiteral(R"(["accuracy", "perplexity", "avg_output_tokens"])");
    suite.thresholdsJson = QStringLiteral(R"({"accuracy": {">=": %1}, "perplexity": {"max_regression": %2}})")
                               .arg(kAccuracyGate)
                               .arg(kPerplexityMaxRegression);
    p.suiteId = suites.save(suite);

    p.run1 = addTrainingRun(db, p.datasetVersionId, QStringLiteral("LoRA r8 baseline"), 0.62);
    p.run2 = addTrainingRun(db, p.datasetVersionId, QStringLiteral("QLoRA r16 + more data"), 0.48);
    AdapterRegistry registry(db);
    auto registerVersion = [&](const QString& name, qint64 runId, qint64 parent) {
        const QString dir = folder + QLatin1Char('/') + name;
        QDir().mkpath(dir);
        QFile weights(AdapterRegistry::adapterWeightsFile(dir));
        if (!weights.open(QIODevice::WriteOnly)) throw Error("cannot write adapter", dir.toStdString());
        weights.write("adapter weights of " + name.toUtf8());
        weights.close();
        QFile config(dir + QStringLiteral("/adapter_config.json"));
        if (config.open(QIODevice::WriteOnly)) config.write(R"({"peft_type": "LORA", "r": 16})");
        AdapterRegistration r;
        r.name = name;
        r.folder = dir;
        r.baseModel = QStringLiteral("SmolLM2-135M-Instruct");
        r.runId = runId;
        r.parentVersionId = parent;
        r.datasetVersionId = p.datasetVersionId;
        return registry.registerVersion(r);
    };
    p.v1 = registerVersion(QStringLiteral("triage-v1"), p.run1, 0);
    p.v2 = registerVersion(QStringLiteral("triage-v2"), p.run2, p.v1);
    p.evalBase = insertEvalRun(db, p, 0, 0, QStringLiteral("SmolLM2-135M-Instruct"));
    p.evalV1 = insertEvalRun(db, p, p.v1, 1, QStringLiteral("SmolLM2-135M-Instruct"));
    p.evalV2 = insertEvalRun(db, p, p.v2, 2, QStringLiteral("SmolLM2-135M-Instruct"));
    return p;
}

}  // namespace ts::test
