// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The held-out evaluation split: stratified by label with a seed and a fraction; examples flagged
// edge_case go to eval by a configurable share; examples flagged general_capability form their
// own split ('general'). The result is a new version (source 'split'). A version that a run has
// used (frozen) is never re-split: its eval set must stay what the run was measured on.
#include "app/datasets/dataset_repository.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace ts {

struct SplitParams {
    double evalFraction = 0.1;        // of each label's examples (edge/general cases apart)
    double edgeCaseEvalShare = 1.0;   // share of edge_case examples placed in eval
    bool generalCapabilitySplit = true;  // general_capability examples -> 'general'
    std::uint64_t seed = 42;
};

struct SplitPlan {
    std::vector<VersionMember> members;  // same order as the source version
    qint64 trainCount = 0, evalCount = 0, generalCount = 0;
};

// Pure: assigns splits to `members` (deterministic for a seed on every platform). Throws ts::Error
// when a fraction is outside [0, 1].
SplitPlan planSplit(const std::vector<VersionMemberRow>& members, const SplitParams& params);

// Splits `versionId` into a new version and returns its id. Throws ts::Error naming the version
// when it is frozen.
qint64 createSplitVersion(DatasetRepository& repo, qint64 versionId, const SplitParams& params,
                          SplitPlan* planOut = nullptr);

}  // namespace ts
