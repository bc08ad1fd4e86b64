// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Near-duplicate search: MinHash signatures over word k-shingles, LSH banding to find candidate
// pairs, candidates confirmed by the signatures' estimated Jaccard similarity, and confirmed
// pairs joined into clusters (union-find). Pure computation, no Qt beyond QString.
#include "app/datasets/cancellation.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace ts {

struct MinHashParams {
    int shingleWords = 3;       // k: words per shingle
    int permutations = 128;     // signature length
    double jaccardThreshold = 0.8;
    // LSH bands; 0 = chosen so that pairs at about 0.8 x threshold still become candidates
    // (the signature check that follows removes the false positives).
    int bands = 0;
    std::uint64_t seed = 0x5eed5eedULL;
    int maxBucketComparisons = 64;  // per member of an oversized bucket (e.g. many empty texts)
};

using MinHashSignature = std::vector<std::uint32_t>;

class MinHasher {
public:
    explicit MinHasher(const MinHashParams& params);
    // Case-folded words (letters and digits), then k-word shingles; a text shorter than k
    // words is one shingle.
    MinHashSignature signature(const QString& text) const;
    static double estimatedJaccard(const MinHashSignature& a, const MinHashSignature& b);
    const MinHashParams& params() const { return params_; }

private:
    MinHashParams params_;
    std::vector<std::uint64_t> multipliers_, offsets_;
};

struct NearDuplicateCluster {
    std::vector<int> members;  // indices into the input, ascending
};

// Clusters of two or more texts whose estimated Jaccard similarity reaches the threshold (through
// a chain of such pairs). `threads` > 1 computes signatures in parallel. `cancel` is checked while
// signing and banding; when set, throws OperationCancelled.
std::vector<NearDuplicateCluster> findNearDuplicates(const std::vector<QString>& texts,
                                                     const MinHashParams& params,
                                                     int threads = 1,
                                                     CancelFlag cancel = nullptr);

// Exact Jaccard similarity of the two texts' shingle sets (used by tests to judge the estimate).
double exactShingleJaccard(const QString& a, const QString& b, int shingleWords);

}  // namespace ts
