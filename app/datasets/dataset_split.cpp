// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/dataset_split.h"

#include "engine/core/error.h"

#include <cmath>
#include <map>
#include <limits>
#include <random>

namespace ts {

namespace {

// std::shuffle and std::uniform_int_distribution differ between standard libraries; this
// Fisher-Yates over mt19937_64 (whose output the standard fixes) gives the same split everywhere.
void seededShuffle(std::vector<size_t>& items, std::mt19937_64& random) {
    for (size_t i = items.size(); i > 1; --i) {
        // Rejection sampling: an unbiased index in [0, i).
        const std::uint64_t bound = std::uint64_t(i);
        const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() -
                                    std::numeric_limits<std::uint64_t>::max() % bound;
        std::uint64_t r;
        do r = random();
        while (r >= limit);
        std::swap(items[i - 1], items[size_t(r % bound)]);
    }
}

// Picks round(fraction * n) of `indices` for eval.
void assignEval(std::vector<size_t> indices, double fraction, std::mt19937_64& random,
                std::vector<Split>& splits) {
    seededShuffle(indices, random);
    const size_t evalCount = size_t(std::llround(fraction * double(indices.size())));
    for (size_t k = 0; k < indices.size(); ++k)
        splits[indices[k]] = k < evalCount ? Split::Eval : Split::Train;
}

}  // namespace

SplitPlan planSplit(const std::vector<VersionMemberRow>& members, const SplitParams& params) {
    if (!(params.evalFraction >= 0 && params.evalFraction <= 1))
        throw Error("the eval fraction must be between 0 and 1", {}, "evalFraction");
    if (!(params.edgeCaseEvalShare >= 0 && params.edgeCaseEvalShare <= 1))
        throw Error("the edge-case eval share must be between 0 and 1", {}, "edgeCaseEvalShare");
    std::vector<Split> splits(members.size(), Split::Train);
    std::vector<size_t> edgeCases;
    std::map<QString, std::vector<size_t>> byLabel;  // ordered: same draw order everywhere
    for (size_t i = 0; i < members.size(); ++i) {
        const auto& m = members[i];
        if (params.generalCapabilitySplit && m.generalCapability)
            splits[i] = Split::General;
        else if (m.edgeCase)
            edgeCases.push_back(i);
        else
            byLabel[m.kind == ExampleKind::Classification ? m.label : QString()].push_back(i);
    }
    std::mt19937_64 random(params.seed);
    assignEval(edgeCases, params.edgeCaseEvalShare, random, splits);
    for (auto& [label, indices] : byLabel) assignEval(indices, params.evalFraction, random, splits);

    SplitPlan plan;
    plan.members.reserve(members.size());
    for (size_t i = 0; i < members.size(); ++i) {
        plan.members.push_back({members[i].exampleId, splits[i]});
        plan.trainCount += splits[i] == Split::Train;
        plan.evalCount += splits[i] == Split::Eval;
        plan.generalCount += splits[i] == Split::General;
    }
    return plan;
}

qint64 createSplitVersion(DatasetRepository& repo, qint64 versionId, const SplitParams& params,
                          SplitPlan* planOut) {
    const DatasetVersionInfo version = repo.version(versionId);
    if (version.isFrozen())
        throw Error("version " + std::to_string(version.versionNumber) + " of dataset '" +
                        version.datasetName.toStdString() + "' is frozen since " +
                        version.frozenAt.toStdString() +
                        ": a run or evaluation used its eval split, so it cannot be re-split "
                        "(split an unfrozen version instead)",
                    repo.database().databaseName().toStdString(), "dataset_versions.frozen_at");
    SplitPlan plan = planSplit(repo.loadMembers(versionId), params);
    const QString note = QStringLiteral("split: eval %1 (fraction %2, seed %3), train %4, general %5")
                             .arg(plan.evalCount)
                             .arg(params.evalFraction)
                             .arg(params.seed)
                             .arg(plan.trainCount)
                             .arg(plan.generalCount);
    const qint64 id = repo.createDerivedVersion(versionId, VersionSource::Split, note, plan.members);
    if (planOut) *planOut = std::move(plan);
    return id;
}

}  // namespace ts
