// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Curation of a dataset version: exact duplicates, near duplicates (MinHash + LSH) and quality
// filters. planCuration() only reports what would be removed and why; applyCuration() writes the
// survivors as a NEW version (source 'curation'), so nothing is ever deleted in place.
// Both take a cancel flag (see cancellation.h): a cancelled plan throws OperationCancelled, a
// cancelled apply rolls its transaction back, so no version is written.
#include "app/datasets/dataset_repository.h"
#include "app/datasets/minhash.h"

#include <QString>

#include <functional>
#include <vector>

namespace ts {

enum class RemovalReason {
    ExactDuplicate,     // same normalized input and output as an earlier example
    NearDuplicate,      // in a MinHash cluster whose first member is kept
    EmptyOutput,        // output empty or whitespace only
    TooLong,            // more tokens than the max sequence length
    InvalidJsonOutput,  // the task needs JSON output and this output does not parse
    ConflictingLabels   // the same input appears with different labels
};
QString removalReasonName(RemovalReason reason);

enum class ClusterDecision { KeepOne, KeepAll };

struct CurationParams {
    bool removeExactDuplicates = true;
    bool findNearDuplicates = false;
    MinHashParams nearDuplicate;
    ClusterDecision nearDuplicateDecision = ClusterDecision::KeepOne;
    bool removeEmptyOutputs = true;
    int maxSequenceTokens = 0;  // 0 = no length filter
    // Empty (as in the app) = the stored counts in the project model's tokens (token_lengths.h);
    // examples without one are not judged and counted in CurationReport::notCounted. Set, it
    // counts tokenCountText() instead (tools, tests).
    std::function<int(const QString&)> tokenCounter;
    bool requireJsonOutput = false;
    bool removeConflictingLabels = true;  // classification examples only
    int threads = 1;
    // Checked in every loop (filters, duplicate keys, MinHash signing, LSH); null = never.
    CancelFlag cancel = nullptr;
};

struct CurationRemoval {
    qint64 exampleId = 0;
    qint64 position = 0;       // in the source version
    RemovalReason reason = RemovalReason::ExactDuplicate;
    QString detail;            // a sentence for the report
    qint64 keptExampleId = 0;  // duplicates: the example that stays in its place
};

struct CurationCluster {
    std::vector<qint64> exampleIds;  // in position order; the first is the one kept
};

struct CurationReport {
    qint64 sourceVersionId = 0;
    qint64 examinedCount = 0;
    qint64 notCounted = 0;  // with a length limit: examples without a token count, not judged
    std::vector<CurationRemoval> removals;  // ordered by position; one entry per example
    std::vector<CurationCluster> nearDuplicateClusters;
    std::vector<qint64> survivorIds;        // in position order
    qint64 countFor(RemovalReason reason) const;
    QString summary() const;                // one line per reason with a count
};

// Pure planning over loaded members (testable without a database).
CurationReport planCuration(const std::vector<VersionMemberRow>& members,
                            const CurationParams& params);
CurationReport planCuration(const DatasetRepository& repo, qint64 versionId,
                            const CurationParams& params);
// The reviewer's "keep all" for near-duplicate clusters: the members of the clusters at
// `clusterIndexes` (into report.nearDuplicateClusters) that were removed as near duplicates
// become survivors again. Removals for other reasons stay.
void keepNearDuplicateClusters(CurationReport& report, const std::vector<int>& clusterIndexes);

// Writes the survivors (with their splits, in source position order) as a new version; returns
// its id. When `cancel` is set before the commit, throws OperationCancelled and writes nothing.
qint64 applyCuration(DatasetRepository& repo, const CurationReport& report,
                     const QString& note = {}, CancelFlag cancel = nullptr);

}  // namespace ts
