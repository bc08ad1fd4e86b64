// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/run_store.h"

#include "app/datasets/training_line.h"
#include "app/store/project_store.h"
#include "engine/core/error.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <cmath>
#include <limits>

namespace ts {
namespace {

[[noreturn]] void fail(const QSqlDatabase& db, const QString& what, const QSqlError& error) {
    throw Error((what + QStringLiteral(": ") + error.text()).toStdString(),
                db.databaseName().toStdString());
}

QSqlQuery prepare(const QSqlDatabase& db, const QString& sql) {
    QSqlQuery query(db);
    if (!query.prepare(sql)) fail(db, QStringLiteral("cannot prepare '%1'").arg(sql), query.lastError());
    return query;
}

void run(const QSqlDatabase& db, QSqlQuery& query, const QString& what) {
    if (!query.exec()) fail(db, what, query.lastError());
}

QVariant textOrNull(const QString& text) {
    return text.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(text);
}

RunRecord recordFrom(const QSqlQuery& q) {
    RunRecord r;
    r.id = q.value(0).toLongLong();
    if (!q.value(1).isNull()) r.recipeId = q.value(1).toLongLong();
    r.name = q.value(2).toString();
    r.status = parseRunStatus(q.value(3).toString()).value_or(RunStatus::Failed);
    r.recipeSnapshot = q.value(4).toString();
    r.datasetVersionId = q.value(5).toLongLong();
    r.baseModel = q.value(6).toString();
    r.device = q.value(7).toString();
    r.error = q.value(8).toString();
    r.outputDir = q.value(9).toString();
    r.lastCheckpoint = q.value(10).toString();
    r.created = q.value(11).toString();
    r.started = q.value(12).toString();
    r.finished = q.value(13).toString();
    r.heartbeat = q.value(14).toString();
    return r;
}

const QString kRunColumns = QStringLiteral(
    "id, recipe_id, name, status, recipe_snapshot, dataset_version_id, base_model, device, error, "
    "output_dir, last_checkpoint, created, started, finished, heartbeat");

void updateRun(QSqlDatabase db, qint64 runId, const QString& assignments,
               const QVariantList& values, const QString& what) {
    QSqlQuery q = prepare(db, QStringLiteral("UPDATE runs SET %1 WHERE id = ?").arg(assignments));
    for (const QVariant& v : values) q.addBindValue(v);
    q.addBindValue(runId);
    run(db, q, what);
    if (q.numRowsAffected() != 1)
        throw Error(QStringLiteral("%1: there is no run %2").arg(what).arg(runId).toStdString(),
                    db.databaseName().toStdString());
}

}  // namespace

QString runStatusName(RunStatus status) {
    switch (status) {
    case RunStatus::Queued: return QStringLiteral("queued");
    case RunStatus::Running: return QStringLiteral("running");
    case RunStatus::Paused: return QStringLiteral("paused");
    case RunStatus::Completed: return QStringLiteral("completed");
    case RunStatus::Failed: return QStringLiteral("failed");
    case RunStatus::Cancelled: return QStringLiteral("cancelled");
    case RunStatus::Interrupted: return QStringLiteral("interrupted");
    }
    return {};
}

std::optional<RunStatus> parseRunStatus(const QString& text) {
    for (RunStatus s : {RunStatus::Queued, RunStatus::Running, RunStatus::Paused,
                        RunStatus::Completed, RunStatus::Failed, RunStatus::Cancelled,
                        RunStatus::Interrupted})
        if (runStatusName(s) == text) return s;
    return std::nullopt;
}

QString runStatusLabel(RunStatus status) {
    switch (status) {
    case RunStatus::Queued: return QCoreApplication::translate("ts::RunStatus", "Queued");
    case RunStatus::Running: return QCoreApplication::translate("ts::RunStatus", "Running");
    case RunStatus::Paused: return QCoreApplication::translate("ts::RunStatus", "Paused");
    case RunStatus::Completed: return QCoreApplication::translate("ts::RunStatus", "Completed");
    case RunStatus::Failed: return QCoreApplication::translate("ts::RunStatus", "Failed");
    case RunStatus::Cancelled: return QCoreApplication::translate("ts::RunStatus", "Cancelled");
    case RunStatus::Interrupted:
        return QCoreApplication::translate("ts::RunStatus", "Interrupted");
    }
    return {};
}

bool isFinalRunStatus(RunStatus status) {
    return status == RunStatus::Completed || status == RunStatus::Failed ||
           status == RunStatus::Cancelled;
}

qint64 insertRun(QSqlDatabase db, const NewRun& run_) {
    QSqlQuery q = prepare(db, QStringLiteral(
        "INSERT INTO runs (recipe_id, name, status, recipe_snapshot, dataset_version_id, "
        "base_model) VALUES (?, ?, 'queued', ?, ?, ?)"));
    q.addBindValue(run_.recipeId ? QVariant(*run_.recipeId) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(run_.name);
    q.addBindValue(run_.recipeSnapshot);
    q.addBindValue(run_.datasetVersionId);
    q.addBindValue(run_.baseModel);
    run(db, q, QStringLiteral("cannot create the run '%1'").arg(run_.name));
    return q.lastInsertId().toLongLong();
}

std::optional<RunRecord> loadRun(QSqlDatabase db, qint64 runId) {
    QSqlQuery q = prepare(db, QStringLiteral("SELECT %1 FROM runs WHERE id = ?").arg(kRunColumns));
    q.addBindValue(runId);
    run(db, q, QStringLiteral("cannot read run %1").arg(runId));
    if (!q.next()) return std::nullopt;
    return recordFrom(q);
}

QList<RunRecord> listRuns(QSqlDatabase db) {
    QSqlQuery q = prepare(db, QStringLiteral("SELECT %1 FROM runs ORDER BY id DESC").arg(kRunColumns));
    run(db, q, QStringLiteral("cannot list the runs"));
    QList<RunRecord> runs;
    while (q.next()) runs.push_back(recordFrom(q));
    return runs;
}

void setRunStatus(QSqlDatabase db, qint64 runId, RunStatus status) {
    updateRun(db, runId, QStringLiteral("status = ?"), {runStatusName(status)},
              QStringLiteral("cannot set the status of run %1").arg(runId));
}

void setRunOutputDir(QSqlDatabase db, qint64 runId, const QString& dir) {
    updateRun(db, runId, QStringLiteral("output_dir = ?"), {dir},
              QStringLiteral("cannot set the output folder of run %1").arg(runId));
}

void markRunStarted(QSqlDatabase db, qint64 runId, const QString& device) {
    const QString now = utcTimestampNow();
    updateRun(db, runId,
              QStringLiteral("status = 'running', started = COALESCE(started, ?), heartbeat = ?, "
                             "finished = NULL, error = NULL, device = ?"),
              {now, now, device}, QStringLiteral("cannot mark run %1 as started").arg(runId));
}

void markRunFinished(QSqlDatabase db, qint64 runId, RunStatus status, const QString& device,
                     const QString& error, const QString& lastCheckpoint) {
    const QString now = utcTimestampNow();
    updateRun(db, runId,
              QStringLiteral("status = ?, finished = ?, heartbeat = ?, device = COALESCE(?, device), "
                             "error = ?, last_checkpoint = COALESCE(?, last_checkpoint)"),
              {runStatusName(status), now, now, textOrNull(device), textOrNull(error),
               textOrNull(lastCheckpoint)},
              QStringLiteral("cannot record the end of run %1").arg(runId));
}

void setRunLastCheckpoint(QSqlDatabase db, qint64 runId, const QString& path) {
    updateRun(db, runId, QStringLiteral("last_checkpoint = ?"), {path},
              QStringLiteral("cannot record the checkpoint of run %1").arg(runId));
}

void touchRunHeartbeat(QSqlDatabase db, qint64 runId) {
    updateRun(db, runId, QStringLiteral("heartbeat = ?"), {utcTimestampNow()},
              QStringLiteral("cannot refresh the heartbeat of run %1").arg(runId));
}

QList<qint64> markInterruptedRuns(QSqlDatabase db, qint64 staleAfterMs) {
    const QString cutoff =
        QDateTime::currentDateTimeUtc().addMSecs(-staleAfterMs).toString(Qt::ISODateWithMs);
    QSqlQuery select = prepare(db, QStringLiteral(
        "SELECT id FROM runs WHERE status IN ('running', 'paused') "
        "AND (heartbeat IS NULL OR heartbeat < ?) ORDER BY id"));
    select.addBindValue(cutoff);
    run(db, select, QStringLiteral("cannot look for interrupted runs"));
    QList<qint64> ids;
    while (select.next()) ids.push_back(select.value(0).toLongLong());
    for (qint64 id : ids) setRunStatus(db, id, RunStatus::Interrupted);
    return ids;
}

void insertMetrics(QSqlDatabase db, const QVector<MetricPoint>& points) {
    if (points.isEmpty()) return;
    if (!db.transaction()) fail(db, QStringLiteral("cannot store run metrics"), db.lastError());
    try {
        QSqlQuery q = prepare(db, QStringLiteral(
            "INSERT OR REPLACE INTO run_metrics (run_id, name, step, value) VALUES (?, ?, ?, ?)"));
        for (const MetricPoint& p : points) {
            q.bindValue(0, p.runId);
            q.bindValue(1, p.name);
            q.bindValue(2, p.step);
            q.bindValue(3, std::isfinite(p.value) ? QVariant(p.value)
                                                  : QVariant(QMetaType(QMetaType::Double)));
            run(db, q, QStringLiteral("cannot store metric '%1' of run %2 at step %3")
                           .arg(p.name).arg(p.runId).arg(p.step));
        }
    } catch (...) {
        db.rollback();
        throw;
    }
    if (!db.commit()) {
        const QSqlError error = db.lastError();
        db.rollback();
        fail(db, QStringLiteral("cannot store run metrics"), error);
    }
}

QVector<MetricPoint> loadMetrics(QSqlDatabase db, qint64 runId) {
    QSqlQuery q = prepare(db, QStringLiteral(
        "SELECT name, step, value FROM run_metrics WHERE run_id = ? ORDER BY name, step"));
    q.setForwardOnly(true);
    q.addBindValue(runId);
    run(db, q, QStringLiteral("cannot read the metrics of run %1").arg(runId));
    QVector<MetricPoint> points;
    while (q.next()) {
        const QVariant value = q.value(2);
        points.push_back(MetricPoint{runId, q.value(1).toLongLong(), q.value(0).toString(),
                                     value.isNull() ? std::numeric_limits<double>::quiet_NaN()
                                                    : value.toDouble()});
    }
    return points;
}

std::optional<double> lastMetricValue(QSqlDatabase db, qint64 runId, const QString& name) {
    QSqlQuery q = prepare(db, QStringLiteral(
        "SELECT value FROM run_metrics WHERE run_id = ? AND name = ? ORDER BY step DESC LIMIT 1"));
    q.addBindValue(runId);
    q.addBindValue(name);
    run(db, q, QStringLiteral("cannot read the metrics of run %1").arg(runId));
    if (!q.next() || q.value(0).isNull()) return std::nullopt;
    return q.value(0).toDouble();
}

int exportSplitJsonl(QSqlDatabase db, qint64 datasetVersionId, const QString& split,
                     const QString& path) {
    QSqlQuery q = prepare(db, QStringLiteral(
        "SELECT %1 FROM version_examples v JOIN examples e ON e.id = v.example_id "
        "WHERE v.version_id = ? AND v.split = ? ORDER BY v.position").arg(trainingLineColumns()));
    q.setForwardOnly(true);
    q.addBindValue(datasetVersionId);
    q.addBindValue(split);
    run(db, q, QStringLiteral("cannot read split '%1' of dataset version %2")
                   .arg(split).arg(datasetVersionId));

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw Error((QStringLiteral("cannot write: ") + file.errorString()).toStdString(), path.toStdString());
    int lines = 0;
    while (q.next()) {
        const QJsonObject line = trainingLineFrom(q, 0);
        file.write(QJsonDocument(line).toJson(QJsonDocument::Compact));
        file.write("\n");
        ++lines;
    }
    if (!file.commit())
        throw Error((QStringLiteral("cannot write: ") + file.errorString()).toStdString(), path.toStdString());
    return lines;
}

}  // namespace ts
