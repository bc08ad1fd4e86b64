// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Drift between what the deployed model sees in production (production_logs) and what its
// adapter was trained on (a dataset version): input length distribution, token frequencies,
// predicted labels, and the share of production inputs unlike anything in training. The same
// metrics per day or week show when the drift began. Crossing a project's thresholds
// (project_meta, see DriftThresholds) over the whole window or in the latest bucket means
// "retraining recommended".
//
// Pure computation helpers are exposed for tests; computeDrift() reads the project on the calling
// thread (which must own the connection) and holds every text of both sides in memory once.
#include "app/datasets/minhash.h"

#include <QHash>
#include <QMap>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <vector>

namespace ts {

// Lower-cased runs of letters and digits. A deliberately simple word tokenizer: drift needs the
// same tokenizer on both sides, not the model's subwords, and words are what a person can read
// in a "new words" list.
QStringList driftTokens(const QString& text);

// Jensen-Shannon divergence in bits (log base 2), so 0 = identical, 1 = disjoint. The inputs are
// counts or weights; they are normalised here. Both empty gives 0.
double jensenShannonDivergence(const QHash<QString, double>& p, const QHash<QString, double>& q);
double jensenShannonDivergence(const std::vector<double>& p, const std::vector<double>& q);

// Whether a text has a near neighbour (MinHash-estimated Jaccard of word shingles at least the
// threshold, or the same normalised text) among the reference texts. LSH banding picks the
// candidates, so a query costs about the size of its buckets, not of the reference set.
class NearNeighbourIndex {
public:
    NearNeighbourIndex(const std::vector<QString>& referenceTexts, const MinHashParams& params);
    bool hasNeighbour(const QString& text) const;

private:
    MinHasher hasher_;
    int bands_ = 1, rows_ = 1;
    std::vector<MinHashSignature> signatures_;
    QHash<QString, int> exact_;  // normalised text -> index
    std::vector<QHash<quint64, std::vector<int>>> buckets_;  // per band
};

// Project settings (project_meta keys in brackets) with their defaults.
struct DriftThresholds {
    double jsDivergence = 0.2;   // [drift.js_threshold] token-frequency JS divergence, bits
    double novelShare = 0.3;     // [drift.novel_share_threshold] share without a near neighbour
    double nearJaccard = 0.5;    // [drift.near_jaccard] what counts as a near neighbour
    QString labelField;          // [drift.label_field] empty = label, category, class or intent
    static DriftThresholds load(const QSqlDatabase& db);
};

struct LengthHistogram {
    double binWidthWords = 1;
    std::vector<double> trainShare, productionShare;  // same bins, each sums to 1 (or all 0)
};

struct DriftMetrics {
    qint64 productionCount = 0;
    double tokenJs = 0;       // JS divergence of word frequencies, bits
    double lengthKs = 0;      // Kolmogorov-Smirnov distance of input lengths in words, 0..1
    double novelShare = 0;    // share of inputs with no near neighbour in training
    double labelJs = 0;       // JS divergence of predicted labels vs training labels
    QMap<QString, qint64> productionLabels;  // predicted label -> count
};

struct DriftBucket {
    QString startDate;  // yyyy-MM-dd (for weeks: the Monday)
    DriftMetrics metrics;
};

enum class DriftBucketSize { Day, Week };

struct DriftOptions {
    qint64 referenceVersionId = 0;  // 0 = the production adapter's training dataset version
    QString fromUtc, toUtc;         // window on logged_at (or imported_at); empty = open ended
    DriftBucketSize bucket = DriftBucketSize::Day;
    int histogramBins = 24;
    // The verdict looks at the whole window and at the latest bucket when it has this many rows.
    qint64 minBucketCount = 20;
    // Records the verdict in project_meta (drift.last_*) so the retraining reminder can read it
    // without recomputing.
    bool saveVerdict = true;
};

struct DriftReport {
    qint64 referenceVersionId = 0;
    qint64 trainCount = 0;
    DriftThresholds thresholds;
    DriftMetrics overall;
    LengthHistogram lengths;
    QMap<QString, qint64> trainLabels;
    std::vector<DriftBucket> series;  // oldest first; rows without a time are left out
    bool retrainingRecommended = false;
    QStringList reasons;  // why, one sentence each
};

// Throws ts::Error when there is no reference version (no production adapter with a dataset
// version and none chosen) or the project cannot be read.
DriftReport computeDrift(QSqlDatabase db, const DriftOptions& options = {});

// The dataset version the production adapter was trained on; 0 when none.
qint64 productionReferenceVersion(const QSqlDatabase& db);

// The label of a prediction: `field` (or, when empty, label/category/class/intent) of an output
// that is a JSON object; empty when there is none.
QString predictedLabel(const QString& output, const QString& field);

}  // namespace ts
