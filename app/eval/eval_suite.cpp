// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/eval/eval_suite.h"

#include "engine/core/error.h"
#include "engine/eval/metric_suite.h"
#include "engine/eval/metrics.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace ts {

namespace {
std::optional<double> optionalDouble(const QVariant& v) {
    if (v.isNull()) return std::nullopt;
    return v.toDouble();
}
const char* kRunColumns =
    "SELECT r.id, r.suite_id, r.adapter_version_id, coalesce(a.name, 'base'), r.base_model, r.status, r.verdict, "
    "r.created, coalesce(r.finished, ''), coalesce(r.error, '') "
    "FROM eval_runs r LEFT JOIN adapter_versions a ON a.id = r.adapter_version_id ";
EvalRunInfo readRun(const QSqlQuery& q) {
    EvalRunInfo r;
    r.id = q.value(0).toLongLong();
    r.suiteId = q.value(1).toLongLong();
    r.adapterVersionId = q.value(2).toLongLong();
    r.adapterName = q.value(3).toString();
    r.baseModel = q.value(4).toString();
    r.status = q.value(5).toString();
    r.verdict = q.value(6).toString();
    r.created = q.value(7).toString();
    r.finished = q.value(8).toString();
    r.error = q.value(9).toString();
    return r;
}
}  // namespace

EvalSuiteRepository::EvalSuiteRepository(QSqlDatabase db) : db_(std::move(db)) {}

void EvalSuiteRepository::fail(const QString& what, const QString& driverMessage) const {
    throw Error((what + (driverMessage.isEmpty() ? QString() : QStringLiteral(": ") + driverMessage)).toStdString(),
                db_.databaseName().toStdString(), "eval_suites");
}

qint64 EvalSuiteRepository::save(const EvalSuite& suite) {
    const std::string source = "suite '" + suite.name.toStdString() + "'";
    const auto metrics = nlohmann::json::parse(suite.metricsJson.toStdString(), nullptr, false);
    if (metrics.is_discarded()) throw Error("the metrics are not valid JSON", source, "metrics");
    eval::parseMetricSpecs(metrics, source + " metrics");
    const auto thresholds = nlohmann::json::parse(suite.thresholdsJson.toStdString(), nullptr, false);
    if (thresholds.is_discarded()) throw Error("the thresholds are not valid JSON", source, "thresholds");
    eval::parseThresholds(thresholds, source + " thresholds");
    if (suite.name.trimmed().isEmpty()) throw Error("a suite needs a name", db_.databaseName().toStdString(), "name");

    QSqlQuery q(db_);
    if (suite.id == 0) {
        q.prepare(QStringLiteral("INSERT INTO eval_suites (name, dataset_version_id, split, metrics_json, "
                                 "thresholds_json) VALUES (?, ?, ?, ?, ?)"));
    } else {
        q.prepare(QStringLiteral("UPDATE eval_suites SET name = ?, dataset_version_id = ?, split = ?, "
                                 "metrics_json = ?, thresholds_json = ?, updated = strftime('%Y-%m-%dT%H:%M:%fZ', "
                                 "'now') WHERE id = ?"));
    }
    q.addBindValue(suite.name.trimmed());
    q.addBindValue(suite.datasetVersionId);
    q.addBindValue(suite.split);
    q.addBindValue(QString::fromStdString(metrics.dump()));
    q.addBindValue(QString::fromStdString(thresholds.dump()));
    if (suite.id) q.addBindValue(suite.id);
    if (!q.exec()) fail(QStringLiteral("cannot save suite '%1'").arg(suite.name), q.lastError().text());
    return suite.id ? suite.id : q.lastInsertId().toLongLong();
}

QList<EvalSuite> EvalSuiteRepository::suites() const {
    QSqlQuery q(db_);
    if (!q.exec(QStringLiteral("SELECT id, name, dataset_version_id, split, metrics_json, thresholds_json "
                               "FROM eval_suites ORDER BY name")))
        fail(QStringLiteral("cannot list suites"), q.lastError().text());
    QList<EvalSuite> out;
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toString(),
                    q.value(4).toString(), q.value(5).toString()});
    return out;
}

EvalSuite EvalSuiteRepository::suite(qint64 id) const {
    for (const auto& s : suites())
        if (s.id == id) return s;
    fail(QStringLiteral("suite %1 does not exist").arg(id), {});
}

std::optional<EvalSuite> EvalSuiteRepository::suiteByName(const QString& name) const {
    for (const auto& s : suites())
        if (s.name == name) return s;
    return std::nullopt;
}

void EvalSuiteRepository::remove(qint64 id) {
    QSqlQuery q(db_);
    q.prepare(QStringLiteral("DELETE FROM eval_suites WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec()) fail(QStringLiteral("cannot delete suite %1").arg(id), q.lastError().text());
}

QList<EvalRunInfo> EvalSuiteRepository::runs(qint64 suiteId) const {
    QSqlQuery q(db_);
    q.prepare(QString::fromLatin1(kRunColumns) + QStringLiteral("WHERE ? = 0 OR r.suite_id = ? ORDER BY r.id DESC"));
    q.addBindValue(suiteId);
    q.addBindValue(suiteId);
    if (!q.exec()) fail(QStringLiteral("cannot list evaluations"), q.lastError().text());
    QList<EvalRunInfo> out;
    while (q.next()) out.append(readRun(q));
    return out;
}

EvalRunInfo EvalSuiteRepository::run(qint64 evalRunId) const {
    QSqlQuery q(db_);
    q.prepare(QString::fromLatin1(kRunColumns) + QStringLiteral("WHERE r.id = ?"));
    q.addBindValue(evalRunId);
    if (!q.exec()) fail(QStringLiteral("cannot read evaluation %1").arg(evalRunId), q.lastError().text());
    if (!q.next()) fail(QStringLiteral("evaluation %1 does not exist").arg(evalRunId), {});
    return readRun(q);
}

std::optional<EvalRunInfo> EvalSuiteRepository::latestCompleted(qint64 suiteId, qint64 adapterVersionId) const {
    QSqlQuery q(db_);
    q.prepare(QString::fromLatin1(kRunColumns) +
              QStringLiteral("WHERE r.suite_id = ? AND coalesce(r.adapter_version_id, 0) = ? AND r.status = "
                             "'completed' ORDER BY r.id DESC LIMIT 1"));
    q.addBindValue(suiteId);
    q.addBindValue(adapterVersionId);
    if (!q.exec()) fail(QStringLiteral("cannot read evaluations"), q.lastError().text());
    if (!q.next()) return std::nullopt;
    return readRun(q);
}

QList<EvalMetricRow> EvalSuiteRepository::metricResults(qint64 evalRunId) const {
    QSqlQuery q(db_);
    q.prepare(QStringLiteral("SELECT metric, value, threshold, passed FROM eval_metric_results WHERE eval_run_id = ? "
                             "ORDER BY metric"));
    q.addBindValue(evalRunId);
    if (!q.exec()) fail(QStringLiteral("cannot read metric results"), q.lastError().text());
    QList<EvalMetricRow> out;
    while (q.next()) {
        EvalMetricRow row;
        row.metric = q.value(0).toString();
        row.value = optionalDouble(q.value(1));
        row.threshold = optionalDouble(q.value(2));
        if (!q.value(3).isNull()) row.passed = q.value(3).toInt() != 0;
        out.append(row);
    }
    return out;
}

QMap<QString, double> EvalSuiteRepository::metricValues(qint64 evalRunId) const {
    QMap<QString, double> out;
    for (const auto& row : metricResults(evalRunId))
        if (row.value) out.insert(row.metric, *row.value);
    return out;
}

QList<EvalExampleRow> EvalSuiteRepository::exampleResults(qint64 evalRunId) const {
    QSqlQuery q(db_);
    q.prepare(QStringLiteral("SELECT r.example_id, e.input_text, e.output_text, r.output_text, r.correct, r.score, "
                             "coalesce(r.details_json, ''), coalesce(e.label, '') FROM eval_example_results r "
                             "JOIN examples e ON e.id = r.example_id WHERE r.eval_run_id = ? ORDER BY r.example_id"));
    q.addBindValue(evalRunId);
    if (!q.exec()) fail(QStringLiteral("cannot read example results"), q.lastError().text());
    QList<EvalExampleRow> out;
    while (q.next()) {
        EvalExampleRow row;
        row.exampleId = q.value(0).toLongLong();
        row.inputText = q.value(1).toString();
        row.referenceText = q.value(2).toString();
        row.outputText = q.value(3).toString();
        if (!q.value(4).isNull()) row.correct = q.value(4).toInt() != 0;
        row.score = optionalDouble(q.value(5));
        row.detailsJson = q.value(6).toString();
        row.label = q.value(7).toString();
        out.append(row);
    }
    return out;
}

}  // namespace ts
