// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/batching.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace {
ts::TokenizedExample example(std::int64_t start, std::int64_t len, std::int64_t promptLen) {
    ts::TokenizedExample ex;
    for (std::int64_t i = 0; i < len; ++i) {
        ex.ids.push_back(start + i);
        ex.labels.push_back(i < promptLen ? ts::kIgnoreIndex : start + i);
    }
    return ex;
}
}  // namespace

TEST(Batching, EpochOrderIsAPermutationStablePerSeedAndEpoch) {
    auto a = ts::epochOrder(50, 42, 0), b = ts::epochOrder(50, 42, 0), c = ts::epochOrder(50, 42, 1);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
    std::set<std::int64_t> unique(a.begin(), a.end());
    EXPECT_EQ(unique.size(), 50u);
}

TEST(Batching, TruncationKeepsTheStartAndDropsExamplesWithNothingToLearn) {
    std::vector<ts::TokenizedExample> in{example(10, 8, 2), example(100, 12, 10), example(200, 4, 1)};
    ts::TruncationReport report;
    auto out = ts::truncateExamples(in, 6, &report);
    ASSERT_EQ(out.size(), 2u);  // the second's reply starts at token 10 > 6: dropped
    EXPECT_EQ(report.truncated, 2);
    EXPECT_EQ(report.dropped, 1);
    EXPECT_EQ(out[0].ids.size(), 6u);
    EXPECT_EQ(out[0].ids.front(), 10);
}

TEST(Batching, PaddedBatchesPadToTheLongestAndMaskPadding) {
    std::vector<ts::TokenizedExample> ex{example(1, 3, 1), example(10, 5, 2), example(20, 2, 1)};
    auto batches = ts::makeEpochBatches(ex, {0, 1, 2}, 2, 16, ts::SequenceLayout::Padded, 0);
    ASSERT_EQ(batches.size(), 2u);
    EXPECT_EQ(batches[0].inputIds.sizes(), (std::vector<std::int64_t>{2, 5}));
    EXPECT_EQ(batches[0].attentionMask.sum().item<std::int64_t>(), 8);
    EXPECT_EQ(batches[0].labels[0][4].item<std::int64_t>(), ts::kIgnoreIndex);  // padding
    EXPECT_EQ(batches[0].realTokens, 8);
    EXPECT_EQ(batches[0].supervisedTokens, 2 + 3);
    EXPECT_EQ(batches[1].inputIds.size(0), 1);
}

TEST(Batching, PackedRowsNeverAttendAcrossExamples) {
    std::vector<ts::TokenizedExample> ex{example(1, 3, 1), example(10, 4, 1), example(20, 5, 1)};
    auto batches = ts::makeEpochBatches(ex, {0, 1, 2}, 4, 8, ts::SequenceLayout::Packed, 0);
    ASSERT_EQ(batches.size(), 1u);
    const auto& b = batches[0];
    // Row 0 holds examples 0 and 1 (3 + 4 <= 8); row 1 holds example 2.
    EXPECT_EQ(b.inputIds.size(0), 2);
    auto mask = b.attentionMask;  // [2, 1, S, S]
    EXPECT_TRUE(mask[0][0][2][0].item<bool>());   // within example 0, causal
    EXPECT_FALSE(mask[0][0][3][2].item<bool>());  // example 1's first token cannot see example 0
    EXPECT_TRUE(mask[0][0][6][3].item<bool>());   // within example 1
    EXPECT_FALSE(mask[0][0][3][4].item<bool>());  // never the future
    EXPECT_EQ(b.positionIds[0][3].item<std::int64_t>(), 0);  // positions restart
    EXPECT_EQ(b.labels[0][3].item<std::int64_t>(), ts::kIgnoreIndex);
}
