// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Comparing evaluations side by side: N eval runs of one suite (the base model and adapter
// versions) joined into one metrics table (values, deltas against the first column, the suite's
// thresholds and each column's verdict with the failing metrics named) and one per-example table
// (input, reference, every column's output and correctness, label, tags).
//
// The first column is the reference: deltas are measured against it, and an example is a
// REGRESSION in a later column when the reference got it right and that column got it wrong.
// Callers put the older subject first (the base model, then versions oldest to newest), so a
// regression reads "the older one was right, the newer one is wrong".
//
// Pure logic on plain structs (joinEvalResults) plus a loader from the project database
// (loadEvalComparison). Qt Core only, torch-free; thresholds are parsed by the engine's metrics
// parser so the texts match what the verdict was decided on.
#include "app/eval/eval_suite.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace ts {

// Everything stored about one evaluation, as the repository returns it.
struct EvalRunResults {
    EvalRunInfo run;
    QList<EvalMetricRow> metrics;
    QList<EvalExampleRow> examples;
};

// How one threshold of a suite reads: "≥ 0.8", "≤ 12", "regression ≤ 2 pts vs base".
struct ThresholdText {
    QString metric;
    QString text;
};
// Parses a suite's thresholds JSON (throws ts::Error naming the suite and metric on a bad entry).
QList<ThresholdText> describeThresholds(const QString& thresholdsJson, const QString& suiteName);

struct MetricComparisonRow {
    QString metric;
    bool higherIsBetter = true;
    QString threshold;                         // empty: no gate on this metric
    QVector<std::optional<double>> values;     // one per column
    QVector<std::optional<double>> deltas;     // value - first column's value; [0] is nullopt
    QVector<std::optional<bool>> passed;       // per column, as stored with the evaluation
    // Whether column i's delta is an improvement (+1), a worsening (-1) or neither (0), taking
    // the metric's direction into account (lower perplexity is better).
    int direction(int column) const;
};

struct ColumnVerdict {
    QString verdict;  // go, no_go, pending
    QStringList failingMetrics;
    QString judgedBy;       // which thresholds decided it (AppliedThresholds::sourceText), when loaded
    QString judgedByShort;  // the same in a few words (AppliedThresholds::shortText)
};

struct ExampleComparisonRow {
    qint64 exampleId = 0;
    QString input;
    QString reference;
    QString label;
    QStringList tags;
    QVector<QString> outputs;               // one per column; empty when not evaluated there
    QVector<std::optional<bool>> correct;   // one per column
    QVector<bool> regressedIn;              // per column: reference right, this column wrong
    bool regressed() const { return regressedIn.contains(true); }
    // Right in the reference, unknown or wrong before: newly right in some later column.
    bool fixedIn(int column) const;
};

struct EvalComparison {
    QList<EvalRunInfo> columns;
    QList<MetricComparisonRow> metrics;   // metric-name order
    QList<ColumnVerdict> verdicts;        // one per column
    QList<ExampleComparisonRow> examples; // example id order, every example of any column
    QStringList labels;                   // distinct non-empty labels, sorted
    QStringList tags;                     // distinct tags, sorted

    QList<qint64> regressedExampleIds() const;
    QList<qint64> regressedExampleIds(int column) const;
};

// Joins the results of N evaluations. `thresholds` annotates the metric rows (may be empty).
// `tagsByExample` gives the tags of each example id (may be empty).
EvalComparison joinEvalResults(const QList<EvalRunResults>& runs, const QList<ThresholdText>& thresholds = {},
                               const QHash<qint64, QStringList>& tagsByExample = {});

// Loads the eval runs (in the given order), the thresholds the last one was judged by (a run's
// gate snapshot or the suite's, app/eval/eval_gate.h) and the examples' tags from the project,
// and joins them; each verdict says which thresholds decided it. Throws ts::Error naming the project file on a database problem.
EvalComparison loadEvalComparison(QSqlDatabase db, const QList<qint64>& evalRunIds);

// The tags of the given examples, sorted by name.
QHash<qint64, QStringList> exampleTags(QSqlDatabase db, const QList<qint64>& exampleIds);

}  // namespace ts
