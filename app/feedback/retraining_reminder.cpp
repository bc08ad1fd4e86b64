// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/feedback/retraining_reminder.h"

#include "app/annotation/annotation_sql.h"

namespace ts {

using annotation_sql::scalar;

namespace {
QString meta(const QSqlDatabase& db, const char* key) {
    return scalar(db, QStringLiteral("SELECT value FROM project_meta WHERE key = ?"),
                  {QString::fromLatin1(key)}, "project_meta")
        .toString()
        .trimmed();
}
}  // namespace

QString RetrainingReminder::message() const {
    if (!due) return {};
    return QStringLiteral("Retraining recommended: %1.").arg(reasons.join(QStringLiteral("; ")));
}

RetrainingReminder retrainingReminder(const QSqlDatabase& db, const QDateTime& nowUtc) {
    RetrainingReminder r;
    r.cadenceDays = std::max(0, meta(db, "retrain.cadence_days").toInt());
    r.lastTrainingUtc = meta(db, "retrain.last_training");
    const QString fromRuns =
        scalar(db, QStringLiteral("SELECT max(finished) FROM runs WHERE status = 'completed'"), {},
               "runs")
            .toString();
    // Timestamps are ISO-8601 UTC text, so the later one is the larger string.
    if (fromRuns > r.lastTrainingUtc) r.lastTrainingUtc = fromRuns;
    if (!r.lastTrainingUtc.isEmpty()) {
        const QDateTime last = QDateTime::fromString(r.lastTrainingUtc, Qt::ISODateWithMs);
        if (last.isValid()) r.daysSinceTraining = double(last.msecsTo(nowUtc)) / 86400000.0;
    }
    if (r.cadenceDays > 0) {
        if (r.daysSinceTraining < 0)
            r.reasons << QStringLiteral("a %1-day retraining cadence is set and no training has "
                                        "completed yet")
                             .arg(r.cadenceDays);
        else if (r.daysSinceTraining >= r.cadenceDays)
            r.reasons << QStringLiteral("the last training was %1 days ago (cadence: every %2 days)")
                             .arg(int(r.daysSinceTraining))
                             .arg(r.cadenceDays);
    }
    r.driftRecommended = meta(db, "drift.last_recommended") == QLatin1String("1");
    if (r.driftRecommended) {
        const QString why = meta(db, "drift.last_reasons");
        r.reasons << (why.isEmpty() ? QStringLiteral("production inputs have drifted")
                                    : QStringLiteral("drift: %1")
                                          .arg(why.split(QLatin1Char('\n')).join(QStringLiteral(", "))));
    }
    // A drift verdict from before the last training is stale: the new adapter has not been
    // measured yet.
    if (r.driftRecommended && !r.lastTrainingUtc.isEmpty() &&
        meta(db, "drift.last_checked") < r.lastTrainingUtc) {
        r.reasons.removeLast();
        r.driftRecommended = false;
    }
    r.due = !r.reasons.isEmpty();
    return r;
}

}  // namespace ts
