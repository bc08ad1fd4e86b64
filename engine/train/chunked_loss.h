// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The language-model loss without the full logits tensor. For a batch of 4 x 1024 tokens and a
// 128k vocabulary the float32 logits take 2 GiB, their log-softmax saved for backward another
// 2 GiB and the gradient a third: most of the activation memory of a small model. Here the
// logits are made chunk by chunk of rows, reduced to the loss at once, and made again chunk by
// chunk in backward (one extra output-layer matmul, a few percent of a step).
#include <torch/torch.h>

#include <cstdint>

namespace ts {

class CausalLM;

// The summed next-token loss of a causal LM: hidden [b, s, H] (the final hidden states) at
// position t predicts labels[:, t + 1]; labels equal to ignoreIndex do not count. Chunked through
// the output layer (the tied embedding or lm_head) unless lm_head has a bias.
torch::Tensor nextTokenLossSum(CausalLM& model, const torch::Tensor& hidden,
                               const torch::Tensor& labels, std::int64_t ignoreIndex);

// Sum over rows with label != ignoreIndex of cross_entropy(float(hidden @ weight^T), label),
// the same value (up to float summation order) as materializing the logits. hidden [N, H] in the
// compute dtype, weight [V, H] frozen (no gradient is returned for it), labels [N] int64.
// Differentiable with respect to hidden only.
torch::Tensor chunkedCrossEntropySum(const torch::Tensor& hidden, const torch::Tensor& weight,
                                     const torch::Tensor& labels, std::int64_t ignoreIndex,
                                     std::int64_t rowsPerChunk = 0);

// Rows per chunk for a vocabulary: about 256 MiB of float32 logits.
std::int64_t lossChunkRows(std::int64_t vocabSize);

}  // namespace ts
