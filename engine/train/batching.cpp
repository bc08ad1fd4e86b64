// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/batching.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace ts {

std::int64_t TokenizedExample::supervisedTokens() const {
    std::int64_t n = 0;
    // Label at position i is predicted from position i-1, so the first label never counts.
    for (size_t i = 1; i < labels.size(); ++i) n += labels[i] != kIgnoreIndex;
    return n;
}

std::vector<TokenizedExample> truncateExamples(std::vector<TokenizedExample> examples,
                                               std::int64_t maxSeqLen, TruncationReport* report) {
    TruncationReport r;
    std::vector<TokenizedExample> kept;
    kept.reserve(examples.size());
    for (auto& ex : examples) {
        if (std::int64_t(ex.ids.size()) > maxSeqLen) {
            ex.ids.resize(size_t(maxSeqLen));
            ex.labels.resize(size_t(maxSeqLen));
            ++r.truncated;
        }
        if (ex.supervisedTokens() == 0) {
            ++r.dropped;
            continue;
        }
        kept.push_back(std::move(ex));
    }
    if (report) *report = r;
    return kept;
}

std::vector<std::int64_t> epochOrder(std::int64_t count, std::uint64_t seed, std::int64_t epoch) {
    std::vector<std::int64_t> order(static_cast<size_t>(count));
    std::iota(order.begin(), order.end(), 0);
    // mt19937_64 and a hand-rolled Fisher-Yates: std::shuffle's algorithm is implementation
    // defined, and the order must not change between builds (resume, reproducibility).
    std::mt19937_64 rng(seed * 1000003ULL + std::uint64_t(epoch));
    for (std::int64_t i = count - 1; i > 0; --i) {
        std::int64_t j = std::int64_t(rng() % std::uint64_t(i + 1));
        std::swap(order[size_t(i)], order[size_t(j)]);
    }
    return order;
}

namespace {

Batch paddedBatch(const std::vector<const TokenizedExample*>& rows, std::int64_t padId) {
    std::int64_t len = 0;
    for (auto* ex : rows) len = std::max<std::int64_t>(len, std::int64_t(ex->ids.size()));
    const std::int64_t b = std::int64_t(rows.size());
    Batch batch;
    batch.inputIds = torch::full({b, len}, padId, torch::kInt64);
    batch.labels = torch::full({b, len}, kIgnoreIndex, torch::kInt64);
    batch.attentionMask = torch::zeros({b, len}, torch::kInt64);
    batch.positionIds = torch::zeros({b, len}, torch::kInt64);
    auto ids = batch.inputIds.accessor<std::int64_t, 2>();
    auto labels = batch.labels.accessor<std::int64_t, 2>();
    auto mask = batch.attentionMask.accessor<std::int64_t, 2>();
    auto pos = batch.positionIds.accessor<std::int64_t, 2>();
    for (std::int64_t r = 0; r < b; ++r) {
        const auto& ex = *rows[size_t(r)];
        // Right padding: training has no KV cache, so positions simply count from 0.
        for (size_t t = 0; t < ex.ids.size(); ++t) {
            ids[r][std::int64_t(t)] = ex.ids[t];
            labels[r][std::int64_t(t)] = ex.labels[t];
            mask[r][std::int64_t(t)] = 1;
            pos[r][std::int64_t(t)] = std::int64_t(t);
        }
        batch.realTokens += std::int64_t(ex.ids.size());
        batch.supervisedTokens += ex.supervisedTokens();
    }
    return batch;
}

// Rows of packed examples: each row is a list of example pointers whose lengths sum <= maxLen.
Batch packedBatch(const std::vector<std::vector<const TokenizedExample*>>& rows,
                  std::int64_t maxSeqLen, std::int64_t padId) {
    std::int64_t len = 0;
    for (const auto& row : rows) {
        std::int64_t n = 0;
        for (auto* ex : row) n += std::int64_t(ex->ids.size());
        len = std::max(len, n);
    }
    len = std::min(len, maxSeqLen);
    const std::int64_t b = std::int64_t(rows.size());
    Batch batch;
    batch.inputIds = torch::full({b, len}, padId, torch::kInt64);
    batch.labels = torch::full({b, len}, kIgnoreIndex, torch::kInt64);
    batch.positionIds = torch::zeros({b, len}, torch::kInt64);
    batch.attentionMask = torch::zeros({b, 1, len, len}, torch::kBool);
    auto ids = batch.inputIds.accessor<std::int64_t, 2>();
    auto labels = batch.labels.accessor<std::int64_t, 2>();
    auto pos = batch.positionIds.accessor<std::int64_t, 2>();
    auto mask = batch.attentionMask.accessor<bool, 4>();
    for (std::int64_t r = 0; r < b; ++r) {
        std::int64_t offset = 0;
        for (auto* ex : rows[size_t(r)]) {
            const std::int64_t n = std::int64_t(ex->ids.size());
            for (std::int64_t t = 0; t < n; ++t) {
                ids[r][offset + t] = ex->ids[size_t(t)];
                // The first token of a packed example must not be predicted from the previous
                // example's last token: its label is masked.
                labels[r][offset + t] = t == 0 ? kIgnoreIndex : ex->labels[size_t(t)];
                pos[r][offset + t] = t;
                for (std::int64_t k = 0; k <= t; ++k) mask[r][0][offset + t][offset + k] = true;
            }
            offset += n;
            batch.realTokens += n;
            batch.supervisedTokens += ex->supervisedTokens();
        }
        // Padding rows attend to themselves only, so softmax never sees an empty row.
        for (std::int64_t t = offset; t < len; ++t) mask[r][0][t][t] = true;
    }
    return batch;
}

}  // namespace

std::vector<Batch> makeEpochBatches(const std::vector<TokenizedExample>& examples,
                                    const std::vector<std::int64_t>& order,
                                    std::int64_t batchSize, std::int64_t maxSeqLen,
                                    SequenceLayout layout, std::int64_t padId) {
    std::vector<Batch> batches;
    if (layout == SequenceLayout::Padded) {
        std::vector<const TokenizedExample*> rows;
        for (auto idx : order) {
            rows.push_back(&examples[size_t(idx)]);
            if (std::int64_t(rows.size()) == batchSize) {
                batches.push_back(paddedBatch(rows, padId));
                rows.clear();
            }
        }
        if (!rows.empty()) batches.push_back(paddedBatch(rows, padId));
        return batches;
    }
    std::vector<std::vector<const TokenizedExample*>> rows;
    std::vector<const TokenizedExample*> row;
    std::int64_t rowLen = 0;
    auto flushRow = [&] {
        if (row.empty()) return;
        rows.push_back(row);
        row.clear();
        rowLen = 0;
        if (std::int64_t(rows.size()) == batchSize) {
            batches.push_back(packedBatch(rows, maxSeqLen, padId));
            rows.clear();
        }
    };
    for (auto idx : order) {
        const auto& ex = examples[size_t(idx)];
        const std::int64_t n = std::int64_t(ex.ids.size());
        if (rowLen + n > maxSeqLen) flushRow();
        row.push_back(&ex);
        rowLen += n;
    }
    flushRow();
    if (!rows.empty()) batches.push_back(packedBatch(rows, maxSeqLen, padId));
    return batches;
}

std::int64_t countEpochBatches(const std::vector<TokenizedExample>& examples,
                               const std::vector<std::int64_t>& order, std::int64_t batchSize,
                               std::int64_t maxSeqLen, SequenceLayout layout) {
    const auto n = std::int64_t(order.size());
    if (layout == SequenceLayout::Padded) return (n + batchSize - 1) / batchSize;
    // Same greedy row filling as makeEpochBatches.
    std::int64_t rows = 0, rowLen = 0;
    bool open = false;
    for (auto idx : order) {
        const auto len = std::int64_t(examples[size_t(idx)].ids.size());
        if (open && rowLen + len > maxSeqLen) {
            ++rows;
            rowLen = 0;
        }
        rowLen += len;
        open = true;
    }
    if (open) ++rows;
    return (rows + batchSize - 1) / batchSize;
}

}  // namespace ts
