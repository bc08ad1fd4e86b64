// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/annotation/agreement.h"

#include "app/annotation/annotation_sql.h"
#include "engine/core/error.h"

#include <QHash>
#include <QMap>
#include <QSqlQuery>

#include <cmath>
#include <set>

namespace ts {

std::optional<double> cohensKappa(const std::vector<int>& ratingsA, const std::vector<int>& ratingsB,
                                  int categoryCount) {
    if (ratingsA.size() != ratingsB.size())
        throw Error("the two raters rated different numbers of items (" +
                        std::to_string(ratingsA.size()) + " vs " + std::to_string(ratingsB.size()) +
                        ")",
                    {}, "ratings");
    if (ratingsA.empty() || categoryCount < 1) return std::nullopt;
    std::vector<double> marginalA(size_t(categoryCount), 0.0), marginalB(size_t(categoryCount), 0.0);
    double agree = 0;
    for (size_t i = 0; i < ratingsA.size(); ++i) {
        const int a = ratingsA[i], b = ratingsB[i];
        if (a < 0 || a >= categoryCount || b < 0 || b >= categoryCount)
            throw Error("category out of range at item " + std::to_string(i), {}, "ratings");
        marginalA[size_t(a)] += 1;
        marginalB[size_t(b)] += 1;
        if (a == b) agree += 1;
    }
    const double n = double(ratingsA.size());
    const double observed = agree / n;
    double expected = 0;
    for (int j = 0; j < categoryCount; ++j) expected += (marginalA[size_t(j)] / n) * (marginalB[size_t(j)] / n);
    if (std::abs(1.0 - expected) < 1e-12) return std::nullopt;
    return (observed - expected) / (1.0 - expected);
}

std::optional<double> fleissKappa(const std::vector<std::vector<int>>& counts) {
    if (counts.empty()) return std::nullopt;
    const size_t categories = counts.front().size();
    long raters = -1;
    std::vector<double> columnTotals(categories, 0.0);
    double sumAgreement = 0;
    for (size_t i = 0; i < counts.size(); ++i) {
        if (counts[i].size() != categories)
            throw Error("item " + std::to_string(i) + " has " + std::to_string(counts[i].size()) +
                            " categories, expected " + std::to_string(categories),
                        {}, "counts");
        long n = 0;
        double squares = 0;
        for (size_t j = 0; j < categories; ++j) {
            if (counts[i][j] < 0)
                throw Error("negative count at item " + std::to_string(i), {}, "counts");
            n += counts[i][j];
            squares += double(counts[i][j]) * counts[i][j];
            columnTotals[j] += counts[i][j];
        }
        if (raters < 0) raters = n;
        if (n != raters || n < 2)
            throw Error("item " + std::to_string(i) + " has " + std::to_string(n) +
                            " ratings; every item needs the same number, at least 2",
                        {}, "counts");
        sumAgreement += (squares - double(n)) / (double(n) * double(n - 1));
    }
    const double items = double(counts.size());
    const double meanAgreement = sumAgreement / items;
    double expected = 0;
    for (double total : columnTotals) {
        const double p = total / (items * double(raters));
        expected += p * p;
    }
    if (std::abs(1.0 - expected) < 1e-12) return std::nullopt;
    return (meanAgreement - expected) / (1.0 - expected);
}

namespace {

using annotation_sql::run;

// Each annotator's own latest label per example: a label row that no later row of the same
// annotator superseded (a reviewer's resolution does not count as the annotator changing mind).
QString ownLatestLabelsSql(qint64 versionId) {
    QString sql = QStringLiteral(
        "SELECT a.example_id, a.annotator_id, a.label_id FROM annotations a "
        "WHERE a.kind = 'label' AND NOT EXISTS (SELECT 1 FROM annotations s "
        "  WHERE s.id = a.superseded_by AND s.annotator_id = a.annotator_id) "
        // A reviewer's resolution (it superseded someone else's label) is not a rating.
        "AND NOT EXISTS (SELECT 1 FROM annotations r "
        "  WHERE r.superseded_by = a.id AND r.annotator_id <> a.annotator_id)");
    if (versionId != 0)
        sql += QStringLiteral(" AND a.example_id IN (SELECT example_id FROM version_examples "
                              "WHERE version_id = ?)");
    return sql;
}

}  // namespace

AgreementReport labelAgreement(const QSqlDatabase& db, qint64 versionId) {
    AgreementReport report;
    std::vector<qint64> labelIds;
    QHash<qint64, int> labelIndex;
    QHash<qint64, QString> labelNames;
    {
        QSqlQuery q = run(db, QStringLiteral("SELECT id, name FROM labels ORDER BY position, id"),
                          {}, "labels");
        while (q.next()) {
            labelIndex.insert(q.value(0).toLongLong(), int(labelIds.size()));
            labelIds.push_back(q.value(0).toLongLong());
            labelNames.insert(q.value(0).toLongLong(), q.value(1).toString());
        }
    }
    // example -> annotator -> label
    QMap<qint64, QMap<qint64, qint64>> byExample;
    std::set<qint64> annotators;
    {
        QVariantList binds;
        if (versionId != 0) binds << versionId;
        QSqlQuery q = run(db, ownLatestLabelsSql(versionId), binds, "annotations");
        while (q.next()) {
            byExample[q.value(0).toLongLong()][q.value(1).toLongLong()] = q.value(2).toLongLong();
            annotators.insert(q.value(1).toLongLong());
        }
    }
    report.annotatorCount = int(annotators.size());
    if (annotators.size() < 2 || labelIds.empty()) return report;
    // Only items every annotator labelled: both kappas assume complete ratings.
    std::vector<std::vector<qint64>> items;  // per item, the label of each annotator in order
    for (auto it = byExample.cbegin(); it != byExample.cend(); ++it) {
        if (size_t(it->size()) != annotators.size()) continue;
        std::vector<qint64> row;
        for (qint64 annotator : annotators) row.push_back(it->value(annotator));
        items.push_back(std::move(row));
    }
    report.itemCount = int(items.size());
    if (items.empty()) return report;
    const bool twoRaters = annotators.size() == 2;
    report.method = twoRaters ? QStringLiteral("cohen") : QStringLiteral("fleiss");

    // kappa over a mapping of labels to categories (all labels, or one label vs the rest).
    auto kappaFor = [&](auto categoryOf, int categoryCount) -> std::optional<double> {
        if (twoRaters) {
            std::vector<int> a, b;
            for (const auto& row : items) {
                a.push_back(categoryOf(row[0]));
                b.push_back(categoryOf(row[1]));
            }
            return cohensKappa(a, b, categoryCount);
        }
        std::vector<std::vector<int>> counts;
        for (const auto& row : items) {
            std::vector<int> c(size_t(categoryCount), 0);
            for (qint64 label : row) ++c[size_t(categoryOf(label))];
            counts.push_back(std::move(c));
        }
        return fleissKappa(counts);
    };
    report.overallKappa = kappaFor([&](qint64 label) { return labelIndex.value(label); },
                                   int(labelIds.size()));
    for (qint64 labelId : labelIds) {
        LabelAgreement entry;
        entry.labelId = labelId;
        entry.labelName = labelNames.value(labelId);
        entry.kappa = kappaFor([&](qint64 label) { return label == labelId ? 1 : 0; }, 2);
        report.perLabel.push_back(entry);
    }
    return report;
}

std::vector<LabelConflict> labelConflicts(const QSqlDatabase& db, qint64 versionId) {
    QString sql = QStringLiteral(
        "SELECT a.example_id, n.name, a.label_id, l.name FROM annotations a "
        "JOIN annotators n ON n.id = a.annotator_id JOIN labels l ON l.id = a.label_id "
        "WHERE a.kind = 'label' AND a.superseded_by IS NULL AND a.example_id IN ("
        "  SELECT example_id FROM annotations WHERE kind = 'label' AND superseded_by IS NULL "
        "  GROUP BY example_id HAVING count(DISTINCT label_id) > 1)");
    QVariantList binds;
    if (versionId != 0) {
        sql += QStringLiteral(" AND a.example_id IN (SELECT example_id FROM version_examples "
                              "WHERE version_id = ?)");
        binds << versionId;
    }
    sql += QStringLiteral(" ORDER BY a.example_id, n.name");
    QSqlQuery q = run(db, sql, binds, "annotations");
    std::vector<LabelConflict> conflicts;
    while (q.next()) {
        const qint64 exampleId = q.value(0).toLongLong();
        if (conflicts.empty() || conflicts.back().exampleId != exampleId) {
            conflicts.emplace_back();
            conflicts.back().exampleId = exampleId;
        }
        conflicts.back().votes.push_back(
            {q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toString()});
    }
    return conflicts;
}

}  // namespace ts
