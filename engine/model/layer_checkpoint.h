// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Gradient checkpointing of one decoder layer: the forward pass keeps only the layer's input;
// backward runs the layer again with gradients on. Trades one extra forward per layer for not
// storing its activations (attention scores, MLP intermediates) — the difference between an 8B
// model fitting or not.
#include <torch/torch.h>

namespace ts {

class DecoderLayer;

// hidden -> layer(hidden, cos, sin, mask) with activations recomputed in backward. Dropout
// inside the layer (LoRA dropout) sees the same random numbers in the recomputation: the RNG
// state of the layer's device is saved and restored around it.
torch::Tensor checkpointedLayerForward(DecoderLayer& layer, const torch::Tensor& hidden,
                                       const torch::Tensor& cos, const torch::Tensor& sin,
                                       const torch::Tensor& mask);

}  // namespace ts
