// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Whether the project should retrain: a cadence (project_meta "retrain.cadence_days"; empty or
// 0 = no cadence) measured from the last training (the newest completed run's finish time, or
// "retrain.last_training" when set, e.g. for training done outside the studio), and the verdict
// of the last drift check (drift.last_recommended, written by computeDrift()). Cheap: reads a
// few rows, so the main window can ask on every project open.
#include <QDateTime>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace ts {

struct RetrainingReminder {
    bool due = false;
    QStringList reasons;        // one sentence each; empty when not due
    int cadenceDays = 0;        // 0 = none set
    QString lastTrainingUtc;    // empty = never trained
    double daysSinceTraining = -1;  // -1 when never trained
    bool driftRecommended = false;
    // The reasons as one line for a banner or status bar.
    QString message() const;
};

RetrainingReminder retrainingReminder(const QSqlDatabase& db,
                                      const QDateTime& nowUtc = QDateTime::currentDateTimeUtc());

}  // namespace ts
