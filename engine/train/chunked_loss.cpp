// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/chunked_loss.h"

#include "engine/core/error.h"
#include "engine/model/causal_lm.h"

#include <algorithm>

namespace ts {

namespace {

torch::Tensor chunkLogits(const torch::Tensor& hidden, const torch::Tensor& weight) {
    // As CausalLM::logitsFromHidden: the matmul in the compute dtype, the loss in float32.
    return torch::matmul(hidden, weight.t()).to(torch::kFloat);
}

struct ChunkedCrossEntropy : public torch::autograd::Function<ChunkedCrossEntropy> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, torch::Tensor hidden,
                                 torch::Tensor weight, torch::Tensor labels, std::int64_t ignoreIndex,
                                 std::int64_t rows) {
        ctx->save_for_backward({hidden, weight, labels});
        ctx->saved_data["ignore"] = ignoreIndex;
        ctx->saved_data["rows"] = rows;
        torch::NoGradGuard noGrad;
        auto total = torch::zeros({}, hidden.options().dtype(torch::kFloat));
        const auto options =
            torch::nn::functional::CrossEntropyFuncOptions().ignore_index(ignoreIndex).reduction(torch::kSum);
        for (std::int64_t begin = 0; begin < hidden.size(0); begin += rows) {
            const auto end = std::min(begin + rows, hidden.size(0));
            total += torch::nn::functional::cross_entropy(
                chunkLogits(hidden.slice(0, begin, end), weight), labels.slice(0, begin, end), options);
        }
        return total;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grads) {
        const auto saved = ctx->get_saved_variables();
        const auto& hidden = saved[0];
        const auto& weight = saved[1];
        const auto& labels = saved[2];
        const auto ignoreIndex = ctx->saved_data["ignore"].toInt();
        const auto rows = ctx->saved_data["rows"].toInt();
        const auto gradOut = grads[0].to(torch::kFloat);
        auto gradHidden = torch::empty_like(hidden);
        torch::NoGradGuard noGrad;
        for (std::int64_t begin = 0; begin < hidden.size(0); begin += rows) {
            const auto end = std::min(begin + rows, hidden.size(0));
            const auto chunkLabels = labels.slice(0, begin, end);
            const auto valid = chunkLabels.ne(ignoreIndex);
            // d(sum CE)/d(logits) = softmax - one_hot(label) on the rows that count, 0 elsewhere.
            auto grad = torch::softmax(chunkLogits(hidden.slice(0, begin, end), weight), -1);
            grad.scatter_add_(1, chunkLabels.clamp_min(0).unsqueeze(1),
                              -torch::ones({end - begin, 1}, grad.options()));
            grad.mul_((valid.to(torch::kFloat) * gradOut).unsqueeze(1));
            // Back through the float32 cast and the matmul, in the compute dtype as autograd would.
            gradHidden.slice(0, begin, end).copy_(torch::matmul(grad.to(hidden.scalar_type()), weight));
        }
        return {gradHidden, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

}  // namespace

std::int64_t lossChunkRows(std::int64_t vocabSize) {
    constexpr std::int64_t kChunkLogitBytes = std::int64_t(256) << 20;
    return std::max<std::int64_t>(1, kChunkLogitBytes / (4 * std::max<std::int64_t>(1, vocabSize)));
}

torch::Tensor chunkedCrossEntropySum(const torch::Tensor& hidden, const torch::Tensor& weight,
                                     const torch::Tensor& labels, std::int64_t ignoreIndex,
                                     std::int64_t rowsPerChunk) {
    if (hidden.dim() != 2 || weight.dim() != 2 || hidden.size(1) != weight.size(1))
        throw Error("the loss needs hidden [N, H] and an output weight [V, H]", {}, "hidden");
    if (labels.dim() != 1 || labels.size(0) != hidden.size(0))
        throw Error("the loss needs one label per hidden row", {}, "labels");
    const auto rows = rowsPerChunk > 0 ? rowsPerChunk : lossChunkRows(weight.size(0));
    return ChunkedCrossEntropy::apply(hidden, weight.detach(), labels.to(torch::kLong), ignoreIndex, rows);
}

torch::Tensor nextTokenLossSum(CausalLM& model, const torch::Tensor& hidden,
                               const torch::Tensor& labels, std::int64_t ignoreIndex) {
    auto shifted = hidden.slice(1, 0, hidden.size(1) - 1);
    shifted = shifted.reshape({-1, shifted.size(-1)});
    const auto targets = labels.slice(1, 1).reshape({-1});
    if (!model.lm_head || !model.lm_head->bias()) {
        const auto weight = model.lm_head ? model.lm_head->denseWeight() : model.model->embed_tokens->weight;
        return chunkedCrossEntropySum(shifted, weight.to(shifted.scalar_type()), targets, ignoreIndex);
    }
    return torch::nn::functional::cross_entropy(
        model.logitsFromHidden(shifted), targets,
        torch::nn::functional::CrossEntropyFuncOptions().ignore_index(ignoreIndex).reduction(torch::kSum));
}

}  // namespace ts
