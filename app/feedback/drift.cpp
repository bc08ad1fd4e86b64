// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/feedback/drift.h"

#include "app/annotation/annotation_sql.h"
#include "app/datasets/example_record.h"
#include "app/store/project_store.h"
#include "engine/core/error.h"

#include <QDate>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>

#include <algorithm>
#include <cmath>

namespace ts {

using annotation_sql::run;
using annotation_sql::scalar;

QStringList driftTokens(const QString& text) {
    QStringList tokens;
    QString current;
    for (const QChar c : text) {
        if (c.isLetterOrNumber()) {
            current.append(c.toLower());
        } else if (!current.isEmpty()) {
            tokens.append(current);
            current.clear();
        }
    }
    if (!current.isEmpty()) tokens.append(current);
    return tokens;
}

namespace {

double klTerm(double p, double m) { return p > 0 ? p * std::log2(p / m) : 0.0; }

QHash<QString, double> tokenCounts(const std::vector<QString>& texts,
                                   const std::vector<int>* subset = nullptr) {
    QHash<QString, double> counts;
    auto add = [&](const QString& text) {
        for (const QString& t : driftTokens(text)) counts[t] += 1.0;
    };
    if (subset) for (int i : *subset) add(texts[std::size_t(i)]);
    else for (const QString& text : texts) add(text);
    return counts;
}

// Kolmogorov-Smirnov statistic of two samples (both sorted ascending).
double ksDistance(const std::vector<int>& a, const std::vector<int>& b) {
    if (a.empty() || b.empty()) return a.empty() && b.empty() ? 0.0 : 1.0;
    std::size_t i = 0, j = 0;
    double best = 0;
    while (i < a.size() && j < b.size()) {
        const int x = std::min(a[i], b[j]);
        while (i < a.size() && a[i] == x) ++i;
        while (j < b.size() && b[j] == x) ++j;
        best = std::max(best, std::abs(double(i) / double(a.size()) - double(j) / double(b.size())));
    }
    return best;
}

quint64 bandKey(const MinHashSignature& s, int band, int rows) {
    quint64 h = 1469598103934665603ULL ^ quint64(band);
    for (int r = 0; r < rows; ++r) {
        h ^= s[std::size_t(band * rows + r)];
        h *= 1099511628211ULL;
    }
    return h;
}

QString isoDate(const QString& utc) { return utc.left(10); }

QString bucketStart(const QString& utc, DriftBucketSize size) {
    const QDate d = QDate::fromString(isoDate(utc), Qt::ISODate);
    if (!d.isValid()) return {};
    if (size == DriftBucketSize::Day) return d.toString(Qt::ISODate);
    return d.addDays(1 - d.dayOfWeek()).toString(Qt::ISODate);
}

void setMeta(const QSqlDatabase& db, const QString& key, const QString& value) {
    run(db, QStringLiteral("INSERT INTO project_meta (key, value) VALUES (?, ?) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
        {key, value.isNull() ? QStringLiteral("") : value}, "project_meta");  // NOT NULL column
}

}  // namespace

double jensenShannonDivergence(const QHash<QString, double>& p, const QHash<QString, double>& q) {
    double sp = 0, sq = 0;
    for (double v : p) sp += v;
    for (double v : q) sq += v;
    if (sp <= 0 && sq <= 0) return 0.0;
    if (sp <= 0 || sq <= 0) return 1.0;
    double js = 0;
    for (auto it = p.cbegin(); it != p.cend(); ++it) {
        const double pi = it.value() / sp, qi = q.value(it.key()) / sq, m = 0.5 * (pi + qi);
        js += 0.5 * klTerm(pi, m) + 0.5 * klTerm(qi, m);
    }
    for (auto it = q.cbegin(); it != q.cend(); ++it) {
        if (p.contains(it.key())) continue;
        const double qi = it.value() / sq;
        js += 0.5 * klTerm(qi, 0.5 * qi);
    }
    return std::clamp(js, 0.0, 1.0);
}

double jensenShannonDivergence(const std::vector<double>& p, const std::vector<double>& q) {
    QHash<QString, double> a, b;
    for (std::size_t i = 0; i < p.size(); ++i) a.insert(QString::number(i), p[i]);
    for (std::size_t i = 0; i < q.size(); ++i) b.insert(QString::number(i), q[i]);
    return jensenShannonDivergence(a, b);
}

NearNeighbourIndex::NearNeighbourIndex(const std::vector<QString>& referenceTexts,
                                       const MinHashParams& params)
    : hasher_(params) {
    // Rows per band: the most that still makes a pair at 0.8 x threshold a candidate with
    // probability >= 0.95 (fewer rows = more candidates, each checked on the signature).
    const int permutations = std::max(1, params.permutations);
    const double j0 = 0.8 * params.jaccardThreshold;
    rows_ = 1;
    for (int r = 2; r <= permutations; r *= 2) {
        if (permutations % r) break;
        const double hit = 1.0 - std::pow(1.0 - std::pow(j0, r), double(permutations / r));
        if (hit < 0.95) break;
        rows_ = r;
    }
    bands_ = permutations / rows_;
    buckets_.resize(std::size_t(bands_));
    signatures_.reserve(referenceTexts.size());
    for (std::size_t i = 0; i < referenceTexts.size(); ++i) {
        exact_.insert(normalizedForDedup(referenceTexts[i]), int(i));
        signatures_.push_back(hasher_.signature(referenceTexts[i]));
        for (int b = 0; b < bands_; ++b)
            buckets_[std::size_t(b)][bandKey(signatures_.back(), b, rows_)].push_back(int(i));
    }
}

bool NearNeighbourIndex::hasNeighbour(const QString& text) const {
    if (exact_.contains(normalizedForDedup(text))) return true;
    const MinHashSignature s = hasher_.signature(text);
    constexpr int kMaxChecks = 4096;  // bounds the cost of a query that hits huge buckets
    int checks = 0;
    for (int b = 0; b < bands_; ++b) {
        auto it = buckets_[std::size_t(b)].constFind(bandKey(s, b, rows_));
        if (it == buckets_[std::size_t(b)].constEnd()) continue;
        for (int i : *it) {
            if (MinHasher::estimatedJaccard(s, signatures_[std::size_t(i)]) >=
                hasher_.params().jaccardThreshold)
                return true;
            if (++checks >= kMaxChecks) return false;
        }
    }
    return false;
}

DriftThresholds DriftThresholds::load(const QSqlDatabase& db) {
    DriftThresholds t;
    auto number = [&](const char* key, double& value) {
        const QVariant v = scalar(db, QStringLiteral("SELECT value FROM project_meta WHERE key = ?"),
                                  {QString::fromLatin1(key)}, "project_meta");
        bool ok = false;
        const double x = v.toString().toDouble(&ok);
        if (ok && std::isfinite(x) && x >= 0) value = x;
    };
    number("drift.js_threshold", t.jsDivergence);
    number("drift.novel_share_threshold", t.novelShare);
    number("drift.near_jaccard", t.nearJaccard);
    t.labelField = scalar(db, QStringLiteral("SELECT value FROM project_meta WHERE key = ?"),
                          {QStringLiteral("drift.label_field")}, "project_meta")
                       .toString()
                       .trimmed();
    return t;
}

QString predictedLabel(const QString& output, const QString& field) {
    const QString trimmed = output.trimmed();
    if (!trimmed.startsWith(QLatin1Char('{'))) return {};
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toUtf8());
    if (!doc.isObject()) return {};
    const QJsonObject o = doc.object();
    const QStringList fields = field.isEmpty()
                                   ? QStringList{QStringLiteral("label"), QStringLiteral("category"),
                                                 QStringLiteral("class"), QStringLiteral("intent")}
                                   : QStringList{field};
    for (const QString& f : fields) {
        const QJsonValue v = o.value(f);
        if (v.isString() && !v.toString().isEmpty()) return v.toString();
        if (v.isDouble()) return QString::number(v.toDouble());
        if (v.isBool()) return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    }
    return {};
}

qint64 productionReferenceVersion(const QSqlDatabase& db) {
    return scalar(db, QStringLiteral("SELECT dataset_version_id FROM adapter_versions "
                                     "WHERE stage = 'production'"),
                  {}, "adapter_versions")
        .toLongLong();
}

DriftReport computeDrift(QSqlDatabase db, const DriftOptions& options) {
    DriftReport report;
    report.thresholds = DriftThresholds::load(db);
    report.referenceVersionId =
        options.referenceVersionId ? options.referenceVersionId : productionReferenceVersion(db);
    if (!report.referenceVersionId)
        throw Error("no reference for drift: no production adapter with a training dataset "
                    "version, and no dataset version chosen",
                    db.databaseName().toStdString(), "adapter_versions.dataset_version_id");

    // Training side: the train split when the version has one, else every member.
    std::vector<QString> trainInputs;
    {
        const bool hasTrain =
            scalar(db, QStringLiteral("SELECT count(*) FROM version_examples WHERE version_id = ? "
                                      "AND split = 'train'"),
                   {report.referenceVersionId}, "version_examples")
                .toLongLong() > 0;
        if (!scalar(db, QStringLiteral("SELECT count(*) FROM dataset_versions WHERE id = ?"),
                    {report.referenceVersionId}, "dataset_versions")
                 .toLongLong())
            throw Error("no dataset version with id " + std::to_string(report.referenceVersionId),
                        db.databaseName().toStdString(), "dataset_versions.id");
        QSqlQuery q = run(db,
                          QStringLiteral("SELECT e.input_text, e.label, e.output_text "
                                         "FROM version_examples ve JOIN examples e ON e.id = "
                                         "ve.example_id WHERE ve.version_id = ?") +
                              (hasTrain ? QStringLiteral(" AND ve.split = 'train'") : QString()),
                          {report.referenceVersionId}, "examples");
        while (q.next()) {
            trainInputs.push_back(q.value(0).toString());
            QString label = q.value(1).toString();
            if (label.isEmpty()) label = predictedLabel(q.value(2).toString(), report.thresholds.labelField);
            if (!label.isEmpty()) ++report.trainLabels[label];
        }
    }
    report.trainCount = qint64(trainInputs.size());

    // Production side, in the window. A null QString binds as SQL NULL, which would compare as
    // unknown: open ends are bound as ''.
    const QString from = options.fromUtc.isEmpty() ? QStringLiteral("") : options.fromUtc;
    const QString to = options.toUtc.isEmpty() ? QStringLiteral("") : options.toUtc;
    std::vector<QString> inputs, times;
    std::vector<QString> labels;
    {
        QSqlQuery q = run(db,
                          QStringLiteral("SELECT input_text, output_text, logged_at FROM "
                                         "production_logs WHERE (? = '' OR coalesce(logged_at, "
                                         "imported_at) >= ?) AND (? = '' OR coalesce(logged_at, "
                                         "imported_at) < ?) ORDER BY id"),
                          {from, from, to, to},
                          "production_logs");
        while (q.next()) {
            inputs.push_back(q.value(0).toString());
            labels.push_back(predictedLabel(q.value(1).toString(), report.thresholds.labelField));
            times.push_back(q.value(2).toString());
        }
    }

    MinHashParams params;
    params.jaccardThreshold = report.thresholds.nearJaccard;
    const NearNeighbourIndex index(trainInputs, params);
    std::vector<char> novel(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) novel[i] = !index.hasNeighbour(inputs[i]);

    std::vector<int> trainLengths;
    trainLengths.reserve(trainInputs.size());
    for (const QString& t : trainInputs) trainLengths.push_back(int(driftTokens(t).size()));
    std::vector<int> productionLengths(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i)
        productionLengths[i] = int(driftTokens(inputs[i]).size());
    std::vector<int> sortedTrainLengths = trainLengths;
    std::sort(sortedTrainLengths.begin(), sortedTrainLengths.end());

    const QHash<QString, double> trainTokens = tokenCounts(trainInputs);
    QHash<QString, double> trainLabelWeights;
    for (auto it = report.trainLabels.cbegin(); it != report.trainLabels.cend(); ++it)
        trainLabelWeights.insert(it.key(), double(it.value()));

    auto metricsOf = [&](const std::vector<int>& rows) {
        DriftMetrics m;
        m.productionCount = qint64(rows.size());
        if (rows.empty()) return m;
        m.tokenJs = jensenShannonDivergence(trainTokens, tokenCounts(inputs, &rows));
        std::vector<int> lengths;
        lengths.reserve(rows.size());
        qint64 novelCount = 0;
        QHash<QString, double> labelWeights;
        for (int i : rows) {
            lengths.push_back(productionLengths[std::size_t(i)]);
            novelCount += novel[std::size_t(i)];
            const QString& label = labels[std::size_t(i)];
            if (!label.isEmpty()) {
                ++m.productionLabels[label];
                labelWeights[label] += 1.0;
            }
        }
        std::sort(lengths.begin(), lengths.end());
        m.lengthKs = ksDistance(sortedTrainLengths, lengths);
        m.novelShare = double(novelCount) / double(rows.size());
        m.labelJs = labelWeights.isEmpty() || trainLabelWeights.isEmpty()
                        ? 0.0
                        : jensenShannonDivergence(trainLabelWeights, labelWeights);
        return m;
    };

    std::vector<int> all(inputs.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = int(i);
    report.overall = metricsOf(all);

    // Length histograms on shared bins up to the 99th percentile; the last bin takes the rest.
    {
        std::vector<int> combined = trainLengths;
        combined.insert(combined.end(), productionLengths.begin(), productionLengths.end());
        std::sort(combined.begin(), combined.end());
        const int bins = std::max(1, options.histogramBins);
        const int top = combined.empty() ? 1 : combined[std::size_t(0.99 * double(combined.size() - 1))] + 1;
        report.lengths.binWidthWords = std::max(1.0, std::ceil(double(top) / bins));
        auto histogram = [&](const std::vector<int>& lengths) {
            std::vector<double> h(std::size_t(bins), 0.0);
            for (int len : lengths)
                h[std::min<std::size_t>(std::size_t(bins - 1),
                                        std::size_t(len / report.lengths.binWidthWords))] += 1.0;
            for (double& v : h) v /= std::max<std::size_t>(1, lengths.size());
            return h;
        };
        report.lengths.trainShare = histogram(trainLengths);
        report.lengths.productionShare = histogram(productionLengths);
    }

    // The series: rows grouped by the day or week of their time.
    {
        QMap<QString, std::vector<int>> groups;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const QString start = bucketStart(times[i], options.bucket);
            if (!start.isEmpty()) groups[start].push_back(int(i));
        }
        for (auto it = groups.cbegin(); it != groups.cend(); ++it)
            report.series.push_back({it.key(), metricsOf(it.value())});
    }

    if (report.overall.productionCount > 0) {
        if (report.overall.tokenJs > report.thresholds.jsDivergence)
            report.reasons << QStringLiteral("token-frequency divergence %1 is above the threshold %2")
                                  .arg(report.overall.tokenJs, 0, 'f', 3)
                                  .arg(report.thresholds.jsDivergence, 0, 'f', 3);
        if (report.overall.novelShare > report.thresholds.novelShare)
            report.reasons << QStringLiteral("%1% of production inputs have no near neighbour in "
                                             "training (threshold %2%)")
                                  .arg(100 * report.overall.novelShare, 0, 'f', 1)
                                  .arg(100 * report.thresholds.novelShare, 0, 'f', 1);
    }
    // The latest bucket too: drift that began recently is diluted in a long window's average.
    // A bucket needs enough rows for its figures to mean something.
    if (!report.series.empty() && report.series.back().metrics.productionCount >= options.minBucketCount) {
        const DriftBucket& last = report.series.back();
        const QString when = options.bucket == DriftBucketSize::Day
                                 ? QStringLiteral("on %1 (latest day)").arg(last.startDate)
                                 : QStringLiteral("in the week of %1 (latest week)").arg(last.startDate);
        if (last.metrics.tokenJs > report.thresholds.jsDivergence &&
            report.overall.tokenJs <= report.thresholds.jsDivergence)
            report.reasons << QStringLiteral("%1 token-frequency divergence %2 is above the threshold %3")
                                  .arg(when)
                                  .arg(last.metrics.tokenJs, 0, 'f', 3)
                                  .arg(report.thresholds.jsDivergence, 0, 'f', 3);
        if (last.metrics.novelShare > report.thresholds.novelShare &&
            report.overall.novelShare <= report.thresholds.novelShare)
            report.reasons << QStringLiteral("%1 %2% of inputs have no near neighbour in training "
                                             "(threshold %3%)")
                                  .arg(when)
                                  .arg(100 * last.metrics.novelShare, 0, 'f', 1)
                                  .arg(100 * report.thresholds.novelShare, 0, 'f', 1);
    }
    report.retrainingRecommended = !report.reasons.isEmpty();

    if (options.saveVerdict) {
        setMeta(db, QStringLiteral("drift.last_checked"), utcTimestampNow());
        setMeta(db, QStringLiteral("drift.last_recommended"),
                report.retrainingRecommended ? QStringLiteral("1") : QStringLiteral("0"));
        setMeta(db, QStringLiteral("drift.last_reasons"), report.reasons.join(QLatin1Char('\n')));
    }
    return report;
}

}  // namespace ts
