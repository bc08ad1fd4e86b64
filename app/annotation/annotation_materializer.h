// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// "Create dataset version from annotations": a new version (source 'annotation') of a version's
// dataset in which every member's current annotations are applied. Examples are immutable, so an
// edited output, a new label or a picked preference becomes a new example row; untouched
// examples are shared with the parent; rejected ones are left out.
#include <QSqlDatabase>
#include <QString>

namespace ts {

struct MaterializeResult {
    qint64 versionId = 0;
    int kept = 0;      // members carried over unchanged
    int changed = 0;   // members replaced by a new, corrected example
    int rejected = 0;  // members left out
};

// When several annotators disagree, the most recent current annotation of each kind wins (a
// reviewed conflict has exactly one). Throws ts::Error naming the project and what failed; on a
// failure nothing is left behind.
MaterializeResult createVersionFromAnnotations(QSqlDatabase db, qint64 parentVersionId,
                                               const QString& note = {});

}  // namespace ts
