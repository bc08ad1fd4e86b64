// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/model/layer_checkpoint.h"

#include "engine/model/causal_lm.h"

#include <ATen/Context.h>

namespace ts {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

at::Generator generatorFor(const torch::Device& device) {
    return at::globalContext().defaultGenerator(device.is_cuda() ? device : torch::Device(torch::kCPU));
}

struct LayerCheckpoint : public torch::autograd::Function<LayerCheckpoint> {
    static torch::Tensor forward(AutogradContext* ctx, torch::Tensor hidden, torch::Tensor cos,
                                 torch::Tensor sin, torch::Tensor mask, std::int64_t layerAddress) {
        auto* layer = reinterpret_cast<DecoderLayer*>(layerAddress);
        ctx->saved_data["layer"] = layerAddress;
        ctx->saved_data["cos"] = cos;
        ctx->saved_data["sin"] = sin;
        ctx->saved_data["mask"] = mask;
        ctx->saved_data["rng"] = generatorFor(hidden.device()).get_state();
        ctx->save_for_backward({hidden});
        torch::NoGradGuard noGrad;
        return layer->forward(hidden, cos, sin, mask.numel() ? mask : torch::Tensor(), nullptr, nullptr);
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        auto* layer = reinterpret_cast<DecoderLayer*>(ctx->saved_data["layer"].toInt());
        auto hidden = ctx->get_saved_variables()[0].detach().requires_grad_(true);
        auto cos = ctx->saved_data["cos"].toTensor();
        auto sin = ctx->saved_data["sin"].toTensor();
        auto mask = ctx->saved_data["mask"].toTensor();
        if (mask.numel() == 0) mask = torch::Tensor();
        auto generator = generatorFor(hidden.device());
        auto currentState = generator.get_state();
        generator.set_state(ctx->saved_data["rng"].toTensor());
        torch::Tensor output;
        {
            torch::AutoGradMode enable(true);
            output = layer->forward(hidden, cos, sin, mask, nullptr, nullptr);
        }
        generator.set_state(currentState);
        // Accumulates into the layer's trainable parameters (LoRA factors) and into hidden.
        torch::autograd::backward({output}, {gradOutputs[0]});
        return {hidden.grad(), torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

}  // namespace

torch::Tensor checkpointedLayerForward(DecoderLayer& layer, const torch::Tensor& hidden,
                                       const torch::Tensor& cos, const torch::Tensor& sin,
                                       const torch::Tensor& mask) {
    // The embedding output of a frozen base does not require grad; without an input that does,
    // autograd would never call backward() and the layer's LoRA factors would get no gradient.
    auto input = hidden.requires_grad() ? hidden : hidden.detach().requires_grad_(true);
    // libtorch 2.x refuses undefined tensors as Function inputs: "no mask" travels as an empty one.
    return LayerCheckpoint::apply(input, cos, sin, mask.defined() ? mask : torch::empty({0}),
                                  reinterpret_cast<std::int64_t>(&layer));
}

}  // namespace ts
