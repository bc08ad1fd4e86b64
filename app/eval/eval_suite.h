// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Evaluation suites (defined before training: a dataset version, a split, the metrics and the
// go/no-go thresholds) and the stored results of evaluations (eval_runs and their per-metric and
// per-example rows).
//
// Works on one QSqlDatabase connection, on the thread that owns it. Errors are ts::Error naming
// the project file and the table/field.
#include <QMap>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace ts {

struct EvalSuite {
    qint64 id = 0;
    QString name;
    qint64 datasetVersionId = 0;
    QString split = QStringLiteral("eval");  // train, eval, general, unassigned, all
    QString metricsJson = QStringLiteral("[]");
    QString thresholdsJson = QStringLiteral("{}");
};

struct EvalMetricRow {
    QString metric;
    std::optional<double> value;
    std::optional<double> threshold;
    std::optional<bool> passed;
};

struct EvalExampleRow {
    qint64 exampleId = 0;
    QString inputText;      // from the example, for side-by-side review
    QString referenceText;  // the example's expected output
    QString outputText;
    std::optional<bool> correct;
    std::optional<double> score;
    QString detailsJson;
    QString label;  // the example's label (classification) or empty
};

struct EvalRunInfo {
    qint64 id = 0;
    qint64 suiteId = 0;
    qint64 adapterVersionId = 0;  // 0 = base model
    QString adapterName;          // "base" for the base model
    QString baseModel;
    QString status;
    QString verdict;  // go, no_go, pending
    QString created, finished, error;
};

class EvalSuiteRepository {
public:
    explicit EvalSuiteRepository(QSqlDatabase db);

    // Validates the metrics and thresholds (the engine's parsers) before writing. Returns the id.
    qint64 save(const EvalSuite& suite);  // id 0: insert, else update
    QList<EvalSuite> suites() const;
    EvalSuite suite(qint64 id) const;
    std::optional<EvalSuite> suiteByName(const QString& name) const;
    void remove(qint64 id);

    QList<EvalRunInfo> runs(qint64 suiteId = 0) const;  // newest first; 0 = all suites
    EvalRunInfo run(qint64 evalRunId) const;
    // The newest completed evaluation of `adapterVersionId` (0 = base) on the suite.
    std::optional<EvalRunInfo> latestCompleted(qint64 suiteId, qint64 adapterVersionId) const;
    QList<EvalMetricRow> metricResults(qint64 evalRunId) const;
    QMap<QString, double> metricValues(qint64 evalRunId) const;
    QList<EvalExampleRow> exampleResults(qint64 evalRunId) const;  // in example id order

    QSqlDatabase database() const { return db_; }
    [[noreturn]] void fail(const QString& what, const QString& driverMessage) const;

private:
    QSqlDatabase db_;
};

}  // namespace ts
