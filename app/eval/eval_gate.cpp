// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/eval/eval_gate.h"

#include "app/adapters/adapter_registry.h"
#include "app/eval/eval_compare.h"
#include "app/store/project_store.h"
#include "engine/core/error.h"
#include "engine/eval/metric_suite.h"
#include "engine/eval/metrics.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <cmath>

namespace ts {

namespace {

const QString kUi = QStringLiteral("ui");
const QString kGate = QStringLiteral("gate");
const QString kSuites = QStringLiteral("suites");
const QString kSnapshot = QStringLiteral("snapshot");
const QString kLegacy = QStringLiteral("thresholds");

QJsonObject parseObject(const QString& json) { return QJsonDocument::fromJson(json.toUtf8()).object(); }
QString compact(const QJsonObject& o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }

QString number(double v) { return QLocale::c().toString(v, 'g', 6); }

// "2026-05-01T12:00:00.123Z" → "2026-05-01 12:00 UTC"
QString shortTime(const QString& iso) {
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) + QStringLiteral(" UTC") : iso;
}

std::vector<eval::Threshold> parsedThresholds(const QString& json, const QString& suiteName) {
    const auto parsed = nlohmann::json::parse(json.toStdString(), nullptr, false);
    if (parsed.is_discarded())
        throw Error("the thresholds are not valid JSON", "suite '" + suiteName.toStdString() + "'", "thresholds");
    return eval::parseThresholds(parsed, "suite '" + suiteName.toStdString() + "' thresholds");
}

std::vector<std::string> producedMetrics(const EvalSuite& suite) {
    const auto parsed = nlohmann::json::parse(suite.metricsJson.toStdString(), nullptr, false);
    if (parsed.is_discarded()) return {};
    try {
        return eval::producedMetricNames(eval::parseMetricSpecs(parsed, "suite '" + suite.name.toStdString() + "'"));
    } catch (const Error&) {
        return {};
    }
}

bool isGeneralCapabilitySuite(QSqlDatabase db, const EvalSuite& suite) {
    if (suite.split == QStringLiteral("general")) return true;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT d.kind FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id "
                             "WHERE v.id = ?"));
    q.addBindValue(suite.datasetVersionId);
    return q.exec() && q.next() && q.value(0).toString() == QStringLiteral("general_capability");
}

[[noreturn]] void dbFail(QSqlDatabase db, const QString& what, const QSqlQuery& q) {
    throw Error((what + QStringLiteral(": ") + q.lastError().text()).toStdString(), db.databaseName().toStdString(),
                "ui.gate");
}

}  // namespace

// ---- the gate a recipe names -------------------------------------------------------------

QStringList gateSuiteNames(const QJsonObject& recipe) {
    QStringList names;
    const QJsonArray list = recipe.value(kUi).toObject().value(kGate).toObject().value(kSuites).toArray();
    for (const QJsonValue& v : list) {
        const QString name = v.toString().trimmed();
        if (!name.isEmpty() && !names.contains(name)) names << name;
    }
    return names;
}

QJsonObject withGateSuiteNames(QJsonObject recipe, const QStringList& names) {
    QJsonObject ui = recipe.value(kUi).toObject();
    QJsonObject gate = ui.value(kGate).toObject();
    if (names.isEmpty()) {
        gate.remove(kSuites);
    } else {
        gate.insert(kSuites, QJsonArray::fromStringList(names));
    }
    if (gate.isEmpty()) {
        ui.remove(kGate);
    } else {
        ui.insert(kGate, gate);
    }
    if (ui.isEmpty()) {
        recipe.remove(kUi);
    } else {
        recipe.insert(kUi, ui);
    }
    return recipe;
}

QStringList gateProblems(QSqlDatabase db, const QJsonObject& recipe) {
    const QStringList names = gateSuiteNames(recipe);
    if (names.isEmpty())
        return {QCoreApplication::translate("ts::EvalGate", "ui.gate.suites: choose the evaluation suite(s) this run will be judged by; their go/no-go "
                   "thresholds are fixed before training")};
    QStringList problems;
    const EvalSuiteRepository repo(db);
    for (const QString& name : names) {
        const std::optional<EvalSuite> suite = repo.suiteByName(name);
        if (!suite) {
            problems << QCoreApplication::translate("ts::EvalGate", "ui.gate.suites: there is no evaluation suite named '%1' in this project").arg(name);
            continue;
        }
        if (parseObject(suite->thresholdsJson).isEmpty())
            problems << QCoreApplication::translate("ts::EvalGate", "ui.gate.suites: suite '%1' has no thresholds yet; set at least one").arg(name);
    }
    return problems;
}

// ---- the snapshot a run keeps ------------------------------------------------------------

const GateSuiteSnapshot* GateSnapshot::find(qint64 suiteId) const {
    for (const GateSuiteSnapshot& s : suites)
        if (s.suiteId == suiteId) return &s;
    return nullptr;
}

GateSnapshot takeGateSnapshot(QSqlDatabase db, const QJsonObject& recipe) {
    GateSnapshot snapshot;
    snapshot.taken = utcTimestampNow();
    const EvalSuiteRepository repo(db);
    for (const QString& name : gateSuiteNames(recipe)) {
        const std::optional<EvalSuite> suite = repo.suiteByName(name);
        if (!suite)
            throw Error("there is no evaluation suite named '" + name.toStdString() + "' in this project",
                        db.databaseName().toStdString(), "ui.gate.suites");
        snapshot.suites.push_back({suite->id, suite->name, suite->datasetVersionId, suite->split, suite->metricsJson,
                                   suite->thresholdsJson});
    }
    return snapshot;
}

QJsonObject withGateSnapshot(QJsonObject recipe, const GateSnapshot& snapshot) {
    QJsonArray suites;
    for (const GateSuiteSnapshot& s : snapshot.suites)
        suites.append(QJsonObject{{QStringLiteral("id"), s.suiteId},
                                  {QStringLiteral("name"), s.suiteName},
                                  {QStringLiteral("dataset_version"), s.datasetVersionId},
                                  {QStringLiteral("split"), s.split},
                                  {QStringLiteral("metrics"), QJsonDocument::fromJson(s.metricsJson.toUtf8()).array()},
                                  {QStringLiteral("thresholds"), parseObject(s.thresholdsJson)}});
    QJsonObject ui = recipe.value(kUi).toObject();
    QJsonObject gate = ui.value(kGate).toObject();
    gate.insert(kSnapshot, QJsonObject{{QStringLiteral("taken"), snapshot.taken}, {kSuites, suites}});
    ui.insert(kGate, gate);
    recipe.insert(kUi, ui);
    return recipe;
}

std::optional<GateSnapshot> gateSnapshotOf(const QJsonObject& recipeSnapshot) {
    const QJsonValue value = recipeSnapshot.value(kUi).toObject().value(kGate).toObject().value(kSnapshot);
    if (!value.isObject()) return std::nullopt;
    const QJsonObject object = value.toObject();
    GateSnapshot snapshot;
    snapshot.taken = object.value(QStringLiteral("taken")).toString();
    for (const QJsonValue& v : object.value(kSuites).toArray()) {
        const QJsonObject s = v.toObject();
        snapshot.suites.push_back(
            {s.value(QStringLiteral("id")).toInteger(), s.value(QStringLiteral("name")).toString(),
             s.value(QStringLiteral("dataset_version")).toInteger(), s.value(QStringLiteral("split")).toString(),
             QString::fromUtf8(QJsonDocument(s.value(QStringLiteral("metrics")).toArray()).toJson(QJsonDocument::Compact)),
             compact(s.value(QStringLiteral("thresholds")).toObject())});
    }
    return snapshot;
}

std::optional<GateSnapshot> gateSnapshotOf(const QString& recipeSnapshotJson) {
    return gateSnapshotOf(parseObject(recipeSnapshotJson));
}

// ---- which thresholds a verdict uses -----------------------------------------------------

QString AppliedThresholds::sourceText() const {
    if (source == Source::RunGate)
        return QCoreApplication::translate("ts::EvalGate", "the gate of run #%1, fixed when it was started (%2)").arg(runId).arg(shortTime(taken));
    if (suiteChangedSince)
        return QCoreApplication::translate("ts::EvalGate", "the suite's thresholds at evaluation time (the suite has been changed since; the stored "
                  "verdict used the limits stored with it)");
    return QCoreApplication::translate("ts::EvalGate", "the suite's thresholds at evaluation time (the adapter's run had no gate snapshot)");
}

QString AppliedThresholds::shortText() const {
    if (source == Source::RunGate) return QCoreApplication::translate("ts::EvalGate", "gate of run #%1").arg(runId);
    return QCoreApplication::translate("ts::EvalGate", "suite's thresholds");
}

AppliedThresholds thresholdsForEvaluation(QSqlDatabase db, const EvalSuite& suite, qint64 adapterVersionId) {
    AppliedThresholds applied;
    applied.thresholdsJson = suite.thresholdsJson;
    if (adapterVersionId == 0) return applied;
    const AdapterVersion version = AdapterRegistry(db).version(adapterVersionId);
    if (version.runId == 0) return applied;
    // The run row's snapshot first (the adapter's copy is the same text, but an adapter
    // registered by hand may lack it).
    QString recipeSnapshot = version.recipeSnapshot;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT recipe_snapshot FROM runs WHERE id = ?"));
    q.addBindValue(version.runId);
    if (!q.exec()) dbFail(db, QStringLiteral("cannot read run %1").arg(version.runId), q);
    if (q.next()) recipeSnapshot = q.value(0).toString();
    const std::optional<GateSnapshot> snapshot = gateSnapshotOf(recipeSnapshot);
    if (!snapshot) return applied;
    const GateSuiteSnapshot* entry = snapshot->find(suite.id);
    if (!entry) return applied;
    applied.source = AppliedThresholds::Source::RunGate;
    applied.thresholdsJson = entry->thresholdsJson;
    applied.runId = version.runId;
    applied.taken = snapshot->taken;
    return applied;
}

AppliedThresholds thresholdsOfEvaluation(QSqlDatabase db, qint64 evalRunId) {
    EvalSuiteRepository repo(db);
    const EvalRunInfo run = repo.run(evalRunId);
    const EvalSuite suite = repo.suite(run.suiteId);
    AppliedThresholds applied = thresholdsForEvaluation(db, suite, run.adapterVersionId);
    if (applied.source == AppliedThresholds::Source::RunGate || run.status != QStringLiteral("completed"))
        return applied;
    // Judged by the suite as it was then: compare its limits now with those stored per metric.
    try {
        const auto now = parsedThresholds(suite.thresholdsJson, suite.name);
        QHash<QString, std::optional<double>> stored;
        for (const EvalMetricRow& row : repo.metricResults(evalRunId)) stored.insert(row.metric, row.threshold);
        for (const auto& t : now) {
            const QString metric = QString::fromStdString(t.metric);
            // Every gated metric has a stored row with a limit (unmeasured ones too).
            if (!stored.contains(metric) || !stored.value(metric)) {
                applied.suiteChangedSince = true;
                break;
            }
        }
        for (auto it = stored.cbegin(); it != stored.cend() && !applied.suiteChangedSince; ++it) {
            if (!it.value()) continue;
            bool found = false;
            for (const auto& t : now)
                found = found || (QString::fromStdString(t.metric) == it.key() && t.limit == *it.value());
            applied.suiteChangedSince = !found;
        }
    } catch (const Error&) {
        applied.suiteChangedSince = true;
    }
    return applied;
}

QString thresholdsSummary(const QString& thresholdsJson, const QString& suiteName) {
    QStringList parts;
    for (const ThresholdText& t : describeThresholds(thresholdsJson, suiteName))
        parts << QStringLiteral("%1 %2").arg(t.metric, t.text);
    return parts.join(QStringLiteral("; "));
}

// ---- old-style recipe thresholds ---------------------------------------------------------

std::optional<LegacyThresholds> legacyThresholdsOf(const QJsonObject& recipe) {
    const QJsonObject raw = recipe.value(kLegacy).toObject();
    if (raw.isEmpty()) return std::nullopt;
    LegacyThresholds legacy;
    legacy.raw = raw;
    for (auto it = raw.begin(); it != raw.end(); ++it) {
        const std::optional<double> value = it->isDouble() ? std::optional<double>(it->toDouble()) : std::nullopt;
        if (it.key() == QStringLiteral("min_task_score") && value) legacy.minTaskScore = value;
        else if (it.key() == QStringLiteral("min_format_valid_rate") && value) legacy.minFormatValidRate = value;
        else if (it.key() == QStringLiteral("max_general_regression") && value) legacy.maxGeneralRegression = value;
        else legacy.otherKeys << it.key();
    }
    return legacy;
}

QString describeLegacyThresholds(const LegacyThresholds& legacy) {
    QStringList parts;
    if (legacy.minTaskScore) parts << QCoreApplication::translate("ts::EvalGate", "min task score %1").arg(number(*legacy.minTaskScore));
    if (legacy.minFormatValidRate) parts << QCoreApplication::translate("ts::EvalGate", "min valid output rate %1").arg(number(*legacy.minFormatValidRate));
    if (legacy.maxGeneralRegression)
        parts << QCoreApplication::translate("ts::EvalGate", "max general regression %1").arg(number(*legacy.maxGeneralRegression));
    for (const QString& key : legacy.otherKeys)
        parts << QStringLiteral("%1 %2").arg(
                     key, QString::fromUtf8(QJsonDocument(QJsonArray{legacy.raw.value(key)}).toJson(QJsonDocument::Compact))
                              .mid(1)
                              .chopped(1));
    return parts.join(QStringLiteral(", "));
}

QString LegacyThresholdMove::text() const {
    const QString gate = kind == QStringLiteral("max_regression")
                             ? QCoreApplication::translate("ts::EvalGate", "%1 may fall at most %2 points below the base model").arg(metric, number(limit))
                             : QStringLiteral("%1 ≥ %2").arg(metric, number(limit));
    QString line = QCoreApplication::translate("ts::EvalGate", "%1 → %2 in suite '%3'").arg(legacyKey, gate, suiteName);
    if (replaces) line += QCoreApplication::translate("ts::EvalGate", " (replaces %1)").arg(number(*replaces));
    return line;
}

LegacyThresholdPlan planLegacyThresholdMove(QSqlDatabase db, const LegacyThresholds& legacy,
                                            const QList<EvalSuite>& gateSuites) {
    LegacyThresholdPlan plan;
    auto previous = [](const EvalSuite& suite, const QString& metric, const QString& kind) -> std::optional<double> {
        const QJsonValue v = parseObject(suite.thresholdsJson).value(metric);
        if (v.isDouble() && kind == QStringLiteral(">=")) return v.toDouble();
        const QJsonValue limit = v.toObject().value(kind);
        return limit.isDouble() ? std::optional<double>(limit.toDouble()) : std::nullopt;
    };
    // First suite (of the wanted kind) measuring one of `metrics`, in the order given.
    auto pick = [&](bool general, const QStringList& metrics) -> std::optional<std::pair<EvalSuite, QString>> {
        for (const EvalSuite& suite : gateSuites) {
            if (isGeneralCapabilitySuite(db, suite) != general) continue;
            const auto produced = producedMetrics(suite);
            for (const QString& m : metrics)
                for (const auto& p : produced)
                    if (QString::fromStdString(p) == m) return std::make_pair(suite, m);
        }
        return std::nullopt;
    };
    auto add = [&](const QString& key, const std::pair<EvalSuite, QString>& target, const QString& kind,
                   double limit) {
        plan.moves.push_back({key, target.first.id, target.first.name, target.second, kind, limit,
                              previous(target.first, target.second, kind)});
    };

    const QStringList taskMetrics{QStringLiteral("accuracy"), QStringLiteral("macro_f1"), QStringLiteral("exact_match"),
                                  QStringLiteral("token_f1"), QStringLiteral("judge")};
    if (legacy.minTaskScore) {
        if (const auto target = pick(false, taskMetrics))
            add(QStringLiteral("min_task_score"), *target, QStringLiteral(">="), *legacy.minTaskScore);
        else
            plan.kept << QCoreApplication::translate("ts::EvalGate", "min_task_score: no gate suite on a task split measures accuracy, exact_match, "
                            "token_f1 or judge");
    }
    if (legacy.minFormatValidRate) {
        if (const auto target = pick(false, {QStringLiteral("schema_valid"), QStringLiteral("json_valid"),
                                             QStringLiteral("regex_match")}))
            add(QStringLiteral("min_format_valid_rate"), *target, QStringLiteral(">="), *legacy.minFormatValidRate);
        else
            plan.kept << QCoreApplication::translate("ts::EvalGate", "min_format_valid_rate: no gate suite on a task split measures schema_valid, "
                            "json_valid or regex_match");
    }
    if (legacy.maxGeneralRegression) {
        std::optional<std::pair<EvalSuite, QString>> target;
        for (const EvalSuite& suite : gateSuites) {
            if (!isGeneralCapabilitySuite(db, suite)) continue;
            for (const auto& p : producedMetrics(suite))
                if (eval::higherIsBetter(p)) {
                    target = std::make_pair(suite, QString::fromStdString(p));
                    break;
                }
            if (target) break;
        }
        // The old number was a fraction (0.03); a suite's regression limit is in points (3).
        if (target)
            add(QStringLiteral("max_general_regression"), *target, QStringLiteral("max_regression"),
                std::round(*legacy.maxGeneralRegression * 100.0 * 1e6) / 1e6);
        else
            plan.kept << QCoreApplication::translate("ts::EvalGate", "max_general_regression: no gate suite is a general-capability set (split 'general' "
                            "or a general-capability dataset)");
    }
    for (const QString& key : legacy.otherKeys)
        plan.kept << QCoreApplication::translate("ts::EvalGate", "%1: not a threshold this version knows").arg(key);
    return plan;
}

QJsonObject applyLegacyThresholdMove(QSqlDatabase db, const QJsonObject& recipe, const LegacyThresholdPlan& plan) {
    if (plan.isEmpty()) return recipe;
    EvalSuiteRepository repo(db);
    if (!db.transaction())
        throw Error("cannot begin a transaction: " + db.lastError().text().toStdString(),
                    db.databaseName().toStdString(), "eval_suites");
    QJsonObject legacy = recipe.value(kLegacy).toObject();
    try {
        QHash<qint64, EvalSuite> changed;
        for (const LegacyThresholdMove& move : plan.moves) {
            if (!changed.contains(move.suiteId)) changed.insert(move.suiteId, repo.suite(move.suiteId));
            EvalSuite& suite = changed[move.suiteId];
            QJsonObject thresholds = parseObject(suite.thresholdsJson);
            QJsonObject gates;
            const QJsonValue existing = thresholds.value(move.metric);
            if (existing.isDouble()) gates.insert(QStringLiteral(">="), existing.toDouble());
            else gates = existing.toObject();
            gates.insert(move.kind, move.limit);
            thresholds.insert(move.metric, gates);
            suite.thresholdsJson = compact(thresholds);
            legacy.remove(move.legacyKey);
        }
        for (const EvalSuite& suite : std::as_const(changed)) repo.save(suite);
    } catch (...) {
        db.rollback();
        throw;
    }
    if (!db.commit())
        throw Error("cannot commit the suites: " + db.lastError().text().toStdString(), db.databaseName().toStdString(),
                    "eval_suites");
    QJsonObject out = recipe;
    if (legacy.isEmpty()) out.remove(kLegacy);
    else out.insert(kLegacy, legacy);
    return out;
}

}  // namespace ts
