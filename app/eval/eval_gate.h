// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The go/no-go gate of a recipe, with ONE source of truth for the thresholds: the evaluation
// suites (eval_suites.thresholds_json). A recipe only names the suites its runs will be judged by
// (ui.gate.suites, docs/recipes.md); the recipe editor and the Suites tab both edit the suites'
// own thresholds.
//
// The discipline is "held-out set and thresholds before training": when a run is created, the
// thresholds of its gate suites are copied into the run's recipe snapshot (ui.gate.snapshot). An
// evaluation of the adapter that run produced is judged by that snapshot, not by whatever the
// suite says later, so a verdict cannot move because someone lowered a bar after seeing the
// numbers. Evaluations of the base model, and of adapters from runs without a gate, are judged
// by the suite's thresholds at evaluation time.
//
// Older recipes carried their own numbers in a top-level "thresholds" object (min_task_score,
// min_format_valid_rate, max_general_regression) that no verdict ever used. They are kept in the
// recipe as written (never dropped) and can be moved into the gate suites with an explicit plan
// that says which metric each number becomes (planLegacyThresholdMove).
//
// Qt Core/Sql only; thresholds are parsed with the engine's torch-free metrics parser.
#include "app/eval/eval_suite.h"

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace ts {

// ---- the gate a recipe names -------------------------------------------------------------

// The suite names in ui.gate.suites, in order, blanks and repeats left out.
QStringList gateSuiteNames(const QJsonObject& recipe);
// The recipe with ui.gate.suites set to `names` (the gate object removed when empty).
QJsonObject withGateSuiteNames(QJsonObject recipe, const QStringList& names);

// Why the recipe's gate cannot judge a run yet, one line per problem, each starting with the
// field ("ui.gate.suites: …"): no suite chosen, a named suite missing from the project, a suite
// with no thresholds. Empty when the gate is complete. Throws ts::Error on a database failure.
QStringList gateProblems(QSqlDatabase db, const QJsonObject& recipe);

// ---- the snapshot a run keeps ------------------------------------------------------------

struct GateSuiteSnapshot {
    qint64 suiteId = 0;
    QString suiteName;
    qint64 datasetVersionId = 0;
    QString split;
    QString metricsJson;
    QString thresholdsJson;  // as the suite stored it (the engine's normalised form)
};

struct GateSnapshot {
    QString taken;  // ISO-8601 UTC, when the run was created
    QList<GateSuiteSnapshot> suites;
    const GateSuiteSnapshot* find(qint64 suiteId) const;
};

// Reads the gate suites of `recipe` as they are now. Throws ts::Error (field ui.gate.suites)
// naming a suite that does not exist in the project.
GateSnapshot takeGateSnapshot(QSqlDatabase db, const QJsonObject& recipe);
QJsonObject withGateSnapshot(QJsonObject recipe, const GateSnapshot& snapshot);
// The snapshot stored in a run's (or an adapter version's) recipe snapshot, if any.
std::optional<GateSnapshot> gateSnapshotOf(const QJsonObject& recipeSnapshot);
std::optional<GateSnapshot> gateSnapshotOf(const QString& recipeSnapshotJson);

// ---- which thresholds a verdict uses -----------------------------------------------------

struct AppliedThresholds {
    enum class Source { RunGate, Suite };
    Source source = Source::Suite;
    QString thresholdsJson = QStringLiteral("{}");
    qint64 runId = 0;  // RunGate: the run whose snapshot it is
    QString taken;     // RunGate: when the snapshot was taken
    // Only for a stored evaluation judged by the suite: the suite's thresholds now differ from
    // the limits stored with that evaluation (the stored verdict used the stored limits).
    bool suiteChangedSince = false;
    // "run #3's gate, fixed 2026-05-01 12:00 UTC" / "the suite's thresholds at evaluation time".
    QString sourceText() const;
    QString shortText() const;  // "gate of run #3" / "suite's thresholds"
};

// The thresholds an evaluation of `adapterVersionId` (0 = base model) on `suite` is judged by:
// the gate snapshot of the run that trained the adapter when it names this suite, else the
// suite's own. Throws ts::Error on a database failure.
AppliedThresholds thresholdsForEvaluation(QSqlDatabase db, const EvalSuite& suite, qint64 adapterVersionId);
// The same for an evaluation already stored (what its verdict was judged by).
AppliedThresholds thresholdsOfEvaluation(QSqlDatabase db, qint64 evalRunId);

// "accuracy ≥ 0.9; json_valid ≥ 0.97" (empty for no thresholds).
QString thresholdsSummary(const QString& thresholdsJson, const QString& suiteName);

// ---- old-style recipe thresholds ---------------------------------------------------------

struct LegacyThresholds {
    QJsonObject raw;  // the recipe's "thresholds" object as written
    std::optional<double> minTaskScore, minFormatValidRate, maxGeneralRegression;
    QStringList otherKeys;  // keys this version has no meaning for
};
// The recipe's top-level "thresholds" when it holds anything.
std::optional<LegacyThresholds> legacyThresholdsOf(const QJsonObject& recipe);
// "min task score 0.8, min valid output rate 0.95, max general regression 0.03".
QString describeLegacyThresholds(const LegacyThresholds& legacy);

struct LegacyThresholdMove {
    QString legacyKey;  // "min_task_score"
    qint64 suiteId = 0;
    QString suiteName;
    QString metric;
    QString kind;  // ">=" or "max_regression"
    double limit = 0;
    std::optional<double> replaces;  // the suite's previous limit of that metric and kind
    QString text() const;            // "min_task_score 0.8 → accuracy ≥ 0.8 in 'Triage'"
};
struct LegacyThresholdPlan {
    QList<LegacyThresholdMove> moves;
    QStringList kept;  // "max_general_regression: no gate suite is a general-capability set"
    bool isEmpty() const { return moves.isEmpty(); }
};
// Where each old number goes among `gateSuites` (the recipe's gate suites, in order):
//   min_task_score        → "≥" on the task metric of the first non-general suite that measures
//                           one (accuracy, macro_f1, exact_match, token_f1, judge)
//   min_format_valid_rate → "≥" on schema_valid, json_valid or regex_match of such a suite
//   max_general_regression (a fraction) → "max_regression" in points (×100) on the first metric
//                           of a general-capability suite (split "general" or a dataset of kind
//                           general_capability)
// Numbers with no fitting suite stay in the recipe and are listed in `kept`.
LegacyThresholdPlan planLegacyThresholdMove(QSqlDatabase db, const LegacyThresholds& legacy,
                                            const QList<EvalSuite>& gateSuites);
// Writes the moves into the suites (EvalSuiteRepository::save, all in one transaction) and
// returns the recipe without the moved keys (the "thresholds" object removed once empty).
QJsonObject applyLegacyThresholdMove(QSqlDatabase db, const QJsonObject& recipe,
                                     const LegacyThresholdPlan& plan);

}  // namespace ts
