// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/eval/eval_compare.h"

#include "app/eval/eval_gate.h"

#include "engine/core/error.h"
#include "engine/eval/metrics.h"

#include <QLocale>
#include <QMap>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ts {

namespace {

QString number(double value) { return QLocale::c().toString(value, 'g', 6); }

}  // namespace

QList<ThresholdText> describeThresholds(const QString& thresholdsJson, const QString& suiteName) {
    const std::string source = "suite '" + suiteName.toStdString() + "' thresholds";
    const auto json = nlohmann::json::parse(thresholdsJson.toStdString(), nullptr, false);
    if (json.is_discarded()) throw Error("the thresholds are not valid JSON", source, "thresholds");
    QList<ThresholdText> out;
    for (const auto& t : eval::parseThresholds(json, source)) {
        QString text;
        switch (t.comparison) {
        case eval::Comparison::AtLeast: text = QStringLiteral("≥ %1").arg(number(t.limit)); break;
        case eval::Comparison::AtMost: text = QStringLiteral("≤ %1").arg(number(t.limit)); break;
        case eval::Comparison::MaxRegressionVsBase:
            text = QStringLiteral("regression ≤ %1 pts vs base").arg(number(t.limit));
            break;
        }
        out.push_back({QString::fromStdString(t.metric), text});
    }
    return out;
}

int MetricComparisonRow::direction(int column) const {
    if (column <= 0 || column >= deltas.size() || !deltas[column] || *deltas[column] == 0) return 0;
    const bool up = *deltas[column] > 0;
    return up == higherIsBetter ? 1 : -1;
}

bool ExampleComparisonRow::fixedIn(int column) const {
    if (column <= 0 || column >= correct.size() || correct.isEmpty()) return false;
    return correct[0].has_value() && !*correct[0] && correct[column].value_or(false);
}

QList<qint64> EvalComparison::regressedExampleIds() const {
    QList<qint64> ids;
    for (const auto& e : examples)
        if (e.regressed()) ids.push_back(e.exampleId);
    return ids;
}

QList<qint64> EvalComparison::regressedExampleIds(int column) const {
    QList<qint64> ids;
    for (const auto& e : examples)
        if (column >= 0 && column < e.regressedIn.size() && e.regressedIn[column]) ids.push_back(e.exampleId);
    return ids;
}

EvalComparison joinEvalResults(const QList<EvalRunResults>& runs, const QList<ThresholdText>& thresholds,
                               const QHash<qint64, QStringList>& tagsByExample) {
    EvalComparison out;
    const int n = int(runs.size());

    // Metrics: every metric any column measured or any threshold gates, in name order.
    QMap<QString, MetricComparisonRow> metricRows;
    auto rowFor = [&](const QString& metric) -> MetricComparisonRow& {
        auto it = metricRows.find(metric);
        if (it == metricRows.end()) {
            MetricComparisonRow row;
            row.metric = metric;
            row.higherIsBetter = eval::higherIsBetter(metric.toStdString());
            row.values.resize(n);
            row.deltas.resize(n);
            row.passed.resize(n);
            it = metricRows.insert(metric, row);
        }
        return *it;
    };
    for (const auto& t : thresholds) {
        auto& row = rowFor(t.metric);
        row.threshold = row.threshold.isEmpty() ? t.text : row.threshold + QStringLiteral("; ") + t.text;
    }
    for (int c = 0; c < n; ++c) {
        out.columns.push_back(runs[c].run);
        ColumnVerdict verdict;
        verdict.verdict = runs[c].run.verdict;
        for (const auto& m : runs[c].metrics) {
            auto& row = rowFor(m.metric);
            row.values[c] = m.value;
            row.passed[c] = m.passed;
            if (m.passed && !*m.passed) verdict.failingMetrics.push_back(m.metric);
        }
        verdict.failingMetrics.sort();
        out.verdicts.push_back(verdict);
    }
    for (auto& row : metricRows) {
        for (int c = 1; c < n; ++c)
            if (row.values[0] && row.values[c]) row.deltas[c] = *row.values[c] - *row.values[0];
        out.metrics.push_back(row);
    }

    // Examples: joined by id; the texts come from whichever column has the example.
    QMap<qint64, ExampleComparisonRow> exampleRows;
    QSet<QString> labels, tags;
    for (int c = 0; c < n; ++c) {
        for (const auto& e : runs[c].examples) {
            auto it = exampleRows.find(e.exampleId);
            if (it == exampleRows.end()) {
                ExampleComparisonRow row;
                row.exampleId = e.exampleId;
                row.input = e.inputText;
                row.reference = e.referenceText;
                row.label = e.label;
                row.tags = tagsByExample.value(e.exampleId);
                row.outputs.resize(n);
                row.correct.resize(n);
                row.regressedIn.fill(false, n);
                it = exampleRows.insert(e.exampleId, row);
            }
            it->outputs[c] = e.outputText;
            it->correct[c] = e.correct;
        }
    }
    for (auto& row : exampleRows) {
        const bool referenceRight = n > 0 && row.correct[0].value_or(false);
        for (int c = 1; c < n; ++c)
            row.regressedIn[c] = referenceRight && row.correct[c].has_value() && !*row.correct[c];
        if (!row.label.isEmpty()) labels.insert(row.label);
        for (const auto& t : row.tags) tags.insert(t);
        out.examples.push_back(row);
    }
    out.labels = QStringList(labels.begin(), labels.end());
    out.labels.sort();
    out.tags = QStringList(tags.begin(), tags.end());
    out.tags.sort();
    return out;
}

QHash<qint64, QStringList> exampleTags(QSqlDatabase db, const QList<qint64>& exampleIds) {
    QHash<qint64, QStringList> out;
    if (exampleIds.isEmpty()) return out;
    const QSet<qint64> wanted(exampleIds.begin(), exampleIds.end());
    // One query for all: the tag table is small next to the examples, and filtering here avoids
    // building an IN list of thousands of ids.
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT et.example_id, t.name FROM example_tags et JOIN tags t ON t.id = et.tag_id "
                               "ORDER BY t.name")))
        throw Error("cannot read the example tags: " + q.lastError().text().toStdString(),
                    db.databaseName().toStdString(), "example_tags");
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        if (wanted.contains(id)) out[id].push_back(q.value(1).toString());
    }
    return out;
}

EvalComparison loadEvalComparison(QSqlDatabase db, const QList<qint64>& evalRunIds) {
    EvalSuiteRepository repo(db);
    QList<EvalRunResults> runs;
    QSet<qint64> exampleIds;
    for (qint64 id : evalRunIds) {
        EvalRunResults r;
        r.run = repo.run(id);
        r.metrics = repo.metricResults(id);
        r.examples = repo.exampleResults(id);
        for (const auto& e : r.examples) exampleIds.insert(e.exampleId);
        runs.push_back(std::move(r));
    }
    // The threshold column shows what the last column (the newest candidate) was judged by: the
    // gate fixed when its run started, or the suite's thresholds. Each verdict names its own.
    QList<ThresholdText> thresholds;
    QStringList judgedBy, judgedByShort;
    for (const EvalRunResults& r : runs) {
        const AppliedThresholds applied = thresholdsOfEvaluation(db, r.run.id);
        judgedBy << applied.sourceText();
        judgedByShort << applied.shortText();
        const EvalSuite suite = repo.suite(r.run.suiteId);
        thresholds = describeThresholds(applied.thresholdsJson, suite.name);
    }
    EvalComparison out =
        joinEvalResults(runs, thresholds, exampleTags(db, QList<qint64>(exampleIds.begin(), exampleIds.end())));
    for (int c = 0; c < out.verdicts.size() && c < judgedBy.size(); ++c) {
        out.verdicts[c].judgedBy = judgedBy[c];
        out.verdicts[c].judgedByShort = judgedByShort[c];
    }
    return out;
}

}  // namespace ts
