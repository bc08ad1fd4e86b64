// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/dpo_loss.h"

#include "engine/core/error.h"
#include "engine/train/batching.h"

namespace ts {

DpoOutput dpoLoss(const torch::Tensor& policyChosenLogps, const torch::Tensor& policyRejectedLogps,
                  const torch::Tensor& referenceChosenLogps,
                  const torch::Tensor& referenceRejectedLogps, double beta,
                  double labelSmoothing) {
    if (beta <= 0) throw Error("DPO beta must be > 0", {}, "dpo.beta");
    if (labelSmoothing < 0 || labelSmoothing >= 0.5)
        throw Error("DPO label smoothing must be in [0, 0.5)", {}, "dpo.label_smoothing");
    auto chosenRatio = policyChosenLogps - referenceChosenLogps;
    auto rejectedRatio = policyRejectedLogps - referenceRejectedLogps;
    auto logits = beta * (chosenRatio - rejectedRatio);
    auto losses = -(1.0 - labelSmoothing) * torch::log_sigmoid(logits) -
                  labelSmoothing * torch::log_sigmoid(-logits);
    DpoOutput out;
    out.loss = losses.mean();
    out.rewardsChosen = (beta * chosenRatio).detach();
    out.rewardsRejected = (beta * rejectedRatio).detach();
    out.meanRewardChosen = out.rewardsChosen.mean().item<double>();
    out.meanRewardRejected = out.rewardsRejected.mean().item<double>();
    out.meanMargin = (out.rewardsChosen - out.rewardsRejected).mean().item<double>();
    out.rewardAccuracy =
        (out.rewardsChosen > out.rewardsRejected).to(torch::kFloat).mean().item<double>();
    return out;
}

torch::Tensor sequenceLogProbs(const torch::Tensor& logits, const torch::Tensor& labels) {
    auto shiftedLogits = logits.slice(1, 0, logits.size(1) - 1).to(torch::kFloat);
    auto shiftedLabels = labels.slice(1, 1).to(logits.device());
    auto valid = shiftedLabels != kIgnoreIndex;
    auto safeLabels = shiftedLabels.masked_fill(valid.logical_not(), 0);
    auto logProbs = torch::log_softmax(shiftedLogits, -1)
                        .gather(-1, safeLabels.unsqueeze(-1))
                        .squeeze(-1);
    return (logProbs * valid.to(torch::kFloat)).sum(-1);
}

}  // namespace ts
