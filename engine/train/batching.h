// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Turning tokenized examples into training batches: shuffling per epoch (seeded, so a resumed
// run sees the same order), right truncation, padding or packing.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace ts {

constexpr std::int64_t kIgnoreIndex = -100;  // label of a token that is not trained on

// One example after the chat template: ids and, aligned with them, labels (the id itself for
// supervised tokens — the assistant's reply — and kIgnoreIndex for the prompt).
struct TokenizedExample {
    std::vector<std::int64_t> ids;
    std::vector<std::int64_t> labels;
    std::int64_t supervisedTokens() const;
};

enum class SequenceLayout { Padded, Packed };

// inputIds/labels/positionIds [B, S]; attentionMask: [B, S] (1 real, 0 padding) for padded
// batches, or a boolean [B, 1, S, S] "may attend" mask for packed ones (causal within each
// example, nothing across examples).
struct Batch {
    torch::Tensor inputIds, labels, positionIds, attentionMask;
    std::int64_t realTokens = 0;        // tokens that are not padding
    std::int64_t supervisedTokens = 0;  // labels != kIgnoreIndex (after the shift in the loss)
};

struct TruncationReport {
    std::int64_t truncated = 0;  // examples cut to max_seq_len (their end is dropped)
    std::int64_t dropped = 0;    // examples with no supervised token left after the cut
};

// Truncation policy: an example longer than maxSeqLen keeps its first maxSeqLen tokens (the
// prompt and the start of the reply); one whose reply starts past the limit has nothing to
// learn from and is dropped. Both are counted.
std::vector<TokenizedExample> truncateExamples(std::vector<TokenizedExample> examples,
                                               std::int64_t maxSeqLen, TruncationReport* report);

// The order of examples in `epoch`: a permutation seeded by (seed, epoch).
std::vector<std::int64_t> epochOrder(std::int64_t count, std::uint64_t seed, std::int64_t epoch);

// Batches of one epoch in order. Padded: batchSize examples each, padded to the longest with
// padId. Packed: examples are concatenated greedily into rows of at most maxSeqLen tokens,
// batchSize rows per batch; positions restart at 0 for each example.
std::vector<Batch> makeEpochBatches(const std::vector<TokenizedExample>& examples,
                                    const std::vector<std::int64_t>& order,
                                    std::int64_t batchSize, std::int64_t maxSeqLen,
                                    SequenceLayout layout, std::int64_t padId);

// How many batches makeEpochBatches would produce, without building them.
std::int64_t countEpochBatches(const std::vector<TokenizedExample>& examples,
                               const std::vector<std::int64_t>& order, std::int64_t batchSize,
                               std::int64_t maxSeqLen, SequenceLayout layout);

}  // namespace ts
