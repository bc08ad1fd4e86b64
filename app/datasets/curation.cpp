// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/curation.h"

#include "app/datasets/dataset_importer.h"

#include <QHash>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>

#include <algorithm>
#include <map>

namespace ts {

namespace {
constexpr size_t kCancelCheckEvery = 1024;  // examples between looks at the cancel flag
constexpr const char* kPlanning = "curation";
}  // namespace

QString removalReasonName(RemovalReason reason) {
    switch (reason) {
    case RemovalReason::ExactDuplicate: return QStringLiteral("exact_duplicate");
    case RemovalReason::NearDuplicate: return QStringLiteral("near_duplicate");
    case RemovalReason::EmptyOutput: return QStringLiteral("empty_output");
    case RemovalReason::TooLong: return QStringLiteral("too_long");
    case RemovalReason::InvalidJsonOutput: return QStringLiteral("invalid_json_output");
    case RemovalReason::ConflictingLabels: return QStringLiteral("conflicting_labels");
    }
    return {};
}

qint64 CurationReport::countFor(RemovalReason reason) const {
    qint64 n = 0;
    for (const auto& r : removals) n += r.reason == reason;
    return n;
}

QString CurationReport::summary() const {
    QStringList lines;
    lines << QStringLiteral("examined %1, keeping %2, removing %3")
                 .arg(examinedCount)
                 .arg(qint64(survivorIds.size()))
                 .arg(qint64(removals.size()));
    for (auto reason : {RemovalReason::ExactDuplicate, RemovalReason::NearDuplicate,
                        RemovalReason::EmptyOutput, RemovalReason::TooLong,
                        RemovalReason::InvalidJsonOutput, RemovalReason::ConflictingLabels})
        if (const qint64 n = countFor(reason))
            lines << QStringLiteral("  %1: %2").arg(removalReasonName(reason)).arg(n);
    if (notCounted > 0)
        lines << QStringLiteral("  not judged for length (no token count yet): %1").arg(notCounted);
    if (!nearDuplicateClusters.empty())
        lines << QStringLiteral("  near-duplicate clusters: %1")
                     .arg(qint64(nearDuplicateClusters.size()));
    return lines.join(QLatin1Char('\n'));
}

CurationReport planCuration(const std::vector<VersionMemberRow>& members,
                            const CurationParams& params) {
    CurationReport report;
    report.examinedCount = qint64(members.size());
    // The first reason found for an example is the one reported; later filters skip it.
    std::vector<bool> removed(members.size(), false);
    std::vector<CurationRemoval> found;
    auto remove = [&](size_t i, RemovalReason reason, QString detail, qint64 kept = 0) {
        if (removed[i]) return;
        removed[i] = true;
        found.push_back({members[i].exampleId, members[i].position, reason, std::move(detail),
                         kept});
    };

    // Quality filters first: a duplicate of a bad example should not be "kept" in its place.
    for (size_t i = 0; i < members.size(); ++i) {
        if (i % kCancelCheckEvery == 0) throwIfCancelled(params.cancel, kPlanning);
        const auto& m = members[i];
        if (params.removeEmptyOutputs && m.outputText.trimmed().isEmpty())
            remove(i, RemovalReason::EmptyOutput, QCoreApplication::translate("Curation", "the output is empty"));
        if (params.maxSequenceTokens > 0) {
            int tokens = m.tokenCount;
            if (params.tokenCounter) {
                ExampleRecord r;
                r.inputText = m.inputText;
                r.outputText = m.outputText;
                tokens = params.tokenCounter(tokenCountText(r));
            }
            if (tokens < 0) ++report.notCounted;
            if (tokens > params.maxSequenceTokens)
                remove(i, RemovalReason::TooLong,
                       QCoreApplication::translate("Curation", "%1 tokens, over the maximum sequence length of %2")
                           .arg(tokens)
                           .arg(params.maxSequenceTokens));
        }
        if (params.requireJsonOutput) {
            QJsonParseError error{};
            QJsonDocument::fromJson(m.outputText.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError)
                remove(i, RemovalReason::InvalidJsonOutput,
                       QCoreApplication::translate("Curation", "the output is not JSON: %1 at character %2")
                           .arg(error.errorString())
                           .arg(error.offset + 1));
        }
    }

    if (params.removeConflictingLabels) {
        // Same normalized text, more than one label: no way to know which is right, so all go
        // (to be relabelled) rather than keeping an arbitrary one.
        std::map<QString, std::vector<size_t>> byText;
        for (size_t i = 0; i < members.size(); ++i) {
            if (i % kCancelCheckEvery == 0) throwIfCancelled(params.cancel, kPlanning);
            if (members[i].kind == ExampleKind::Classification)
                byText[normalizedForDedup(members[i].inputText)].push_back(i);
        }
        for (const auto& [text, indices] : byText) {
            QStringList labels;
            for (size_t i : indices)
                if (!labels.contains(members[i].label)) labels << members[i].label;
            if (labels.size() < 2) continue;
            labels.sort();
            for (size_t i : indices)
                remove(i, RemovalReason::ConflictingLabels,
                       QCoreApplication::translate("Curation", "the same text is labelled %1")
                           .arg(labels.join(QStringLiteral(", "))));
        }
    }

    if (params.removeExactDuplicates) {
        QHash<QByteArray, size_t> firstByKey;
        for (size_t i = 0; i < members.size(); ++i) {
            if (i % kCancelCheckEvery == 0) throwIfCancelled(params.cancel, kPlanning);
            if (removed[i]) continue;
            const QByteArray key = normalizedContentKey(members[i].inputText, members[i].outputText);
            auto it = firstByKey.constFind(key);
            if (it == firstByKey.constEnd()) {
                firstByKey.insert(key, i);
                continue;
            }
            remove(i, RemovalReason::ExactDuplicate,
                   QCoreApplication::translate("Curation", "same as the example at position %1")
                       .arg(members[*it].position),
                   members[*it].exampleId);
        }
    }

    if (params.findNearDuplicates) {
        std::vector<size_t> candidates;
        std::vector<QString> texts;
        for (size_t i = 0; i < members.size(); ++i)
            if (!removed[i]) {
                candidates.push_back(i);
                texts.push_back(members[i].inputText + QLatin1Char('\n') + members[i].outputText);
            }
        for (const auto& cluster :
             findNearDuplicates(texts, params.nearDuplicate, params.threads, params.cancel)) {
            CurationCluster out;
            for (int local : cluster.members)
                out.exampleIds.push_back(members[candidates[size_t(local)]].exampleId);
            if (params.nearDuplicateDecision == ClusterDecision::KeepOne) {
                const auto& kept = members[candidates[size_t(cluster.members.front())]];
                for (size_t k = 1; k < cluster.members.size(); ++k)
                    remove(candidates[size_t(cluster.members[k])], RemovalReason::NearDuplicate,
                           QCoreApplication::translate("Curation", "near duplicate of the example at position %1")
                               .arg(kept.position),
                           kept.exampleId);
            }
            report.nearDuplicateClusters.push_back(std::move(out));
        }
    }

    std::sort(found.begin(), found.end(),
              [](const auto& a, const auto& b) { return a.position < b.position; });
    report.removals = std::move(found);
    for (size_t i = 0; i < members.size(); ++i)
        if (!removed[i]) report.survivorIds.push_back(members[i].exampleId);
    return report;
}

CurationReport planCuration(const DatasetRepository& repo, qint64 versionId,
                            const CurationParams& params) {
    CurationReport report = planCuration(repo.loadMembers(versionId, params.cancel), params);
    report.sourceVersionId = versionId;
    return report;
}

void keepNearDuplicateClusters(CurationReport& report, const std::vector<int>& clusterIndexes) {
    QSet<qint64> keep;
    for (int index : clusterIndexes) {
        if (index < 0 || size_t(index) >= report.nearDuplicateClusters.size()) continue;
        for (qint64 id : report.nearDuplicateClusters[size_t(index)].exampleIds) keep.insert(id);
    }
    std::vector<CurationRemoval> removals;
    for (const auto& removal : report.removals) {
        if (removal.reason == RemovalReason::NearDuplicate && keep.contains(removal.exampleId))
            report.survivorIds.push_back(removal.exampleId);  // applyCuration restores the order
        else
            removals.push_back(removal);
    }
    report.removals = std::move(removals);
}

qint64 applyCuration(DatasetRepository& repo, const CurationReport& report, const QString& note,
                     CancelFlag cancel) {
    // Survivors keep the split and the order they had.
    QHash<qint64, Split> splits;
    QHash<qint64, qint64> positions;
    for (const auto& m : repo.loadMembers(report.sourceVersionId, cancel)) {
        splits.insert(m.exampleId, m.split);
        positions.insert(m.exampleId, m.position);
    }
    std::vector<qint64> survivors = report.survivorIds;
    std::stable_sort(survivors.begin(), survivors.end(), [&](qint64 a, qint64 b) {
        return positions.value(a) < positions.value(b);
    });
    std::vector<VersionMember> members;
    members.reserve(survivors.size());
    for (qint64 id : survivors) members.push_back({id, splits.value(id, Split::Unassigned)});
    QString text = note;
    if (text.isEmpty())
        text = QStringLiteral("curation: removed %1 of %2")
                   .arg(qint64(report.removals.size()))
                   .arg(report.examinedCount);
    return repo.createDerivedVersion(report.sourceVersionId, VersionSource::Curation, text, members,
                                     cancel);
}

}  // namespace ts
