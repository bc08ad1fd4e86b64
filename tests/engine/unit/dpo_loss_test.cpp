// SPDX-License-Identifier: GPL-3.0-or-later
// DPO loss and rewards against the paper's formula evaluated by hand.
#include "engine/train/batching.h"
#include "engine/train/dpo_loss.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {
double logSigmoid(double x) { return -std::log1p(std::exp(-x)); }
}  // namespace

TEST(DpoLoss, MatchesHandComputedFormula) {
    // Two pairs with fixed log-probabilities.
    auto pc = torch::tensor({-10.0, -4.0}), pr = torch::tensor({-12.0, -3.0});
    auto rc = torch::tensor({-11.0, -4.5}), rr = torch::tensor({-11.5, -3.5});
    const double beta = 0.1;
    auto out = ts::dpoLoss(pc, pr, rc, rr, beta);
    // pair 0: chosen ratio 1.0, rejected ratio -0.5 -> logits 0.15
    // pair 1: chosen ratio 0.5, rejected ratio  0.5 -> logits 0.0
    const double expected = -(logSigmoid(0.15) + logSigmoid(0.0)) / 2.0;
    EXPECT_NEAR(out.loss.item<double>(), expected, 1e-6);
    EXPECT_NEAR(out.rewardsChosen[0].item<double>(), 0.1, 1e-6);
    EXPECT_NEAR(out.rewardsRejected[0].item<double>(), -0.05, 1e-6);
    EXPECT_NEAR(out.meanMargin, (0.15 + 0.0) / 2.0, 1e-6);
    EXPECT_NEAR(out.rewardAccuracy, 0.5, 1e-9);  // pair 1 ties: not counted as correct
}

TEST(DpoLoss, LabelSmoothingMixesBothDirections) {
    auto pc = torch::tensor({-1.0}), pr = torch::tensor({-2.0});
    auto rc = torch::tensor({-1.5}), rr = torch::tensor({-1.5});
    auto out = ts::dpoLoss(pc, pr, rc, rr, 0.5, 0.2);
    const double logits = 0.5 * (0.5 - (-0.5));
    const double expected = -0.8 * logSigmoid(logits) - 0.2 * logSigmoid(-logits);
    EXPECT_NEAR(out.loss.item<double>(), expected, 1e-6);
}

TEST(DpoLoss, GradientPushesChosenUpAndRejectedDown) {
    auto pc = torch::tensor({-3.0}, torch::requires_grad());
    auto pr = torch::tensor({-3.0}, torch::requires_grad());
    auto out = ts::dpoLoss(pc, pr, torch::tensor({-3.0}), torch::tensor({-3.0}), 0.1);
    out.loss.backward();
    EXPECT_LT(pc.grad().item<double>(), 0.0);  // descending the loss raises pi_chosen
    EXPECT_GT(pr.grad().item<double>(), 0.0);
}

TEST(DpoLoss, RejectsInvalidHyperparameters) {
    auto t = torch::tensor({0.0});
    EXPECT_THROW(ts::dpoLoss(t, t, t, t, 0.0), std::exception);
    EXPECT_THROW(ts::dpoLoss(t, t, t, t, 0.1, 0.6), std::exception);
}

TEST(SequenceLogProbs, SumsOnlySupervisedNextTokenLogProbs) {
    // Vocabulary of 3, sequence of 3 tokens; labels mask the first position.
    auto logits = torch::tensor({{{0.0, 1.0, 2.0}, {2.0, 0.0, 0.0}, {0.0, 0.0, 0.0}}});
    auto labels = torch::tensor({{ts::kIgnoreIndex, 2L, 0L}}, torch::kInt64);
    auto lp = ts::sequenceLogProbs(logits, labels);
    // position 0 predicts label[1] = 2 from logits[0]; position 1 predicts label[2] = 0.
    auto l0 = torch::log_softmax(torch::tensor({0.0, 1.0, 2.0}), 0)[2].item<double>();
    auto l1 = torch::log_softmax(torch::tensor({2.0, 0.0, 0.0}), 0)[0].item<double>();
    EXPECT_NEAR(lp[0].item<double>(), l0 + l1, 1e-6);
}
