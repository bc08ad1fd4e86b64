// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/model/projection.h"

namespace ts {

DenseProjection::DenseProjection(std::int64_t inFeatures, std::int64_t outFeatures, bool withBias,
                                 const torch::TensorOptions& options)
    : Projection(inFeatures, outFeatures) {
    // Shapes only: the values come from loadWeights (or a random initialiser in tests).
    weight_ = register_parameter("weight", torch::empty({outFeatures, inFeatures}, options),
                                 /*requires_grad=*/false);
    if (withBias)
        bias_ = register_parameter("bias", torch::empty({outFeatures}, options),
                                   /*requires_grad=*/false);
}

torch::Tensor DenseProjection::forward(const torch::Tensor& input) {
    return torch::nn::functional::linear(input, weight_, bias_);
}

std::optional<torch::Tensor> DenseProjection::bias() const {
    if (!bias_.defined()) return std::nullopt;
    return bias_;
}

}  // namespace ts
