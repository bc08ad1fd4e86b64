// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Direct Preference Optimization (Rafailov et al., 2023), sigmoid loss with optional label
// smoothing (the "conservative DPO" of the TRL library):
//   logits = beta * ((pi_c - ref_c) - (pi_r - ref_r))
//   loss   = -(1 - eps) * log sigmoid(logits) - eps * log sigmoid(-logits)
//   rewards/chosen = beta * (pi_c - ref_c), rewards/rejected = beta * (pi_r - ref_r)
// where pi_* / ref_* are the summed log-probabilities of the completion tokens under the policy
// (base + LoRA) and the reference (the same base, adapter off).
#include <torch/torch.h>

namespace ts {

struct DpoOutput {
    torch::Tensor loss;             // scalar, mean over the pairs (differentiable)
    torch::Tensor rewardsChosen;    // [pairs], detached
    torch::Tensor rewardsRejected;  // [pairs], detached
    double meanRewardChosen = 0, meanRewardRejected = 0, meanMargin = 0, rewardAccuracy = 0;
};

DpoOutput dpoLoss(const torch::Tensor& policyChosenLogps, const torch::Tensor& policyRejectedLogps,
                  const torch::Tensor& referenceChosenLogps,
                  const torch::Tensor& referenceRejectedLogps, double beta,
                  double labelSmoothing = 0.0);

// Sum over positions of log p(label_t | tokens < t) for labels != -100; logits [B, S, V]
// (position t predicts token t+1), labels [B, S]. Returns [B] in fp32.
torch::Tensor sequenceLogProbs(const torch::Tensor& logits, const torch::Tensor& labels);

}  // namespace ts
