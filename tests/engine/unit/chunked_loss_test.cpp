// SPDX-License-Identifier: GPL-3.0-or-later
// The chunked language-model loss against the plain one (whole logits, cross_entropy with
// ignore_index): same value and same gradient for the hidden states, for chunk sizes that do and
// do not divide the rows, with ignored labels, in float32 and bf16.
#include "engine/core/error.h"
#include "engine/train/chunked_loss.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace {

constexpr std::int64_t kIgnore = -100;

struct Case {
    torch::Tensor hidden, weight, labels, gradWeights;
};

Case makeCase(torch::ScalarType dtype) {
    torch::manual_seed(5);
    Case c;
    c.hidden = torch::randn({37, 24}).to(dtype);
    c.weight = (torch::randn({101, 24}) * 0.3).to(dtype);
    c.labels = torch::randint(0, 101, {37}, torch::kLong);
    c.labels.index_put_({torch::arange(0, 37, 4)}, kIgnore);  // every fourth row is masked
    return c;
}

torch::Tensor plainLoss(const torch::Tensor& hidden, const torch::Tensor& weight,
                        const torch::Tensor& labels) {
    return torch::nn::functional::cross_entropy(
        torch::matmul(hidden, weight.t()).to(torch::kFloat), labels,
        torch::nn::functional::CrossEntropyFuncOptions().ignore_index(kIgnore).reduction(torch::kSum));
}

}  // namespace

TEST(ChunkedLoss, ValueAndGradientEqualTheWholeLogitsLossInFloat32) {
    const auto c = makeCase(torch::kFloat);
    auto h0 = c.hidden.clone().requires_grad_(true);
    const auto ref = plainLoss(h0, c.weight, c.labels);
    ref.backward();
    for (std::int64_t rows : {1, 5, 10, 37, 100}) {
        auto h = c.hidden.clone().requires_grad_(true);
        const auto loss = ts::chunkedCrossEntropySum(h, c.weight, c.labels, kIgnore, rows);
        EXPECT_NEAR(loss.item<double>(), ref.item<double>(), 1e-4 * ref.item<double>()) << rows;
        (loss * 0.5).backward();  // the incoming gradient is honoured
        EXPECT_TRUE(torch::allclose(h.grad(), h0.grad() * 0.5, 1e-5, 1e-6)) << rows;
        // Ignored rows get no gradient at all.
        EXPECT_EQ(h.grad().index({torch::arange(0, 37, 4)}).abs().sum().item<double>(), 0.0);
    }
}

TEST(ChunkedLoss, Bf16MatchesTheWholeLogitsPathOfTheModel) {
    const auto c = makeCase(torch::kBFloat16);
    auto h0 = c.hidden.clone().requires_grad_(true);
    const auto ref = plainLoss(h0, c.weight, c.labels);
    ref.backward();
    auto h = c.hidden.clone().requires_grad_(true);
    const auto loss = ts::chunkedCrossEntropySum(h, c.weight, c.labels, kIgnore, 8);
    EXPECT_NEAR(loss.item<double>(), ref.item<double>(), 1e-4 * ref.item<double>());
    loss.backward();
    EXPECT_EQ(h.grad().scalar_type(), torch::kBFloat16);
    EXPECT_TRUE(torch::allclose(h.grad().to(torch::kFloat), h0.grad().to(torch::kFloat), 2e-2, 1e-3));
}

TEST(ChunkedLoss, AllRowsIgnoredGivesZero) {
    auto c = makeCase(torch::kFloat);
    c.labels.fill_(kIgnore);
    auto h = c.hidden.clone().requires_grad_(true);
    const auto loss = ts::chunkedCrossEntropySum(h, c.weight, c.labels, kIgnore, 7);
    EXPECT_EQ(loss.item<double>(), 0.0);
    loss.backward();
    EXPECT_EQ(h.grad().abs().sum().item<double>(), 0.0);
}

TEST(ChunkedLoss, ShapeMismatchesAreErrorsNamingTheArgument) {
    const auto c = makeCase(torch::kFloat);
    try {
        ts::chunkedCrossEntropySum(c.hidden, c.weight.slice(1, 0, 10), c.labels, kIgnore);
        FAIL() << "no error";
    } catch (const ts::Error& e) {
        EXPECT_NE(std::string(e.what()).find("hidden"), std::string::npos) << e.what();
    }
    EXPECT_THROW(ts::chunkedCrossEntropySum(c.hidden, c.weight, c.labels.slice(0, 0, 5), kIgnore),
                 ts::Error);
}

TEST(ChunkedLoss, ChunkRowsKeepTheLogitsChunkNearAQuarterGiB) {
    EXPECT_EQ(ts::lossChunkRows(128256), (std::int64_t(256) << 20) / (4 * 128256));
    EXPECT_EQ(ts::lossChunkRows(std::int64_t(1) << 40), 1);
}
