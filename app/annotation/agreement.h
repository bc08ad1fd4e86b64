// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Inter-annotator agreement on the label set, and the conflicts a reviewer resolves.
//
// The pure functions take ratings as plain numbers so they can be checked against textbook
// tables; labelAgreement() reads each annotator's own latest label per example from the store
// (a reviewer's resolution supersedes the annotators' rows but does not erase what they said, so
// agreement is still measured on their independent judgements).
#include <QSqlDatabase>
#include <QString>

#include <optional>
#include <vector>

namespace ts {

// Cohen's kappa for two raters over the same items: ratingsA[i], ratingsB[i] are category indices
// in [0, categoryCount). Returns nullopt when there are no items or when chance agreement is 1
// (both raters used one and the same category for everything: kappa is undefined).
std::optional<double> cohensKappa(const std::vector<int>& ratingsA, const std::vector<int>& ratingsB,
                                  int categoryCount);

// Fleiss' kappa: counts[i][j] = how many raters put item i into category j. Every item must have
// the same number of ratings n >= 2 (throws ts::Error naming the item otherwise). nullopt when
// there are no items or the expected agreement is 1.
std::optional<double> fleissKappa(const std::vector<std::vector<int>>& counts);

// Agreement on one label treated as a yes/no decision ("is it this label?"), and overall.
struct LabelAgreement {
    qint64 labelId = 0;  // 0 = all labels together (multi-category kappa)
    QString labelName;
    std::optional<double> kappa;
};

struct AgreementReport {
    int annotatorCount = 0;   // annotators with at least one label on the compared items
    int itemCount = 0;        // examples every one of them labelled
    QString method;           // "cohen" (2 annotators), "fleiss" (3+), empty when too few
    std::optional<double> overallKappa;
    std::vector<LabelAgreement> perLabel;  // in label display order
};

// Agreement over the examples of `versionId` (0 = all examples) that every annotator who labelled
// any of them has labelled. Throws ts::Error on database failures.
AgreementReport labelAgreement(const QSqlDatabase& db, qint64 versionId = 0);

// An example whose current label annotations (superseded_by IS NULL) name different labels.
struct LabelConflict {
    qint64 exampleId = 0;
    struct Vote {
        QString annotator;
        qint64 labelId = 0;
        QString labelName;
    };
    std::vector<Vote> votes;
};

// Open conflicts, by example id (restricted to a version's members when versionId != 0).
std::vector<LabelConflict> labelConflicts(const QSqlDatabase& db, qint64 versionId = 0);

}  // namespace ts
