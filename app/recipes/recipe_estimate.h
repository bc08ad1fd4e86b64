// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the recipe editor shows before a run: the base model's shape (read cheaply from a Hugging
// Face config.json, no weights loaded) and rough estimates of memory and time per epoch.
//
// The estimate, in bytes (documented here because the editor shows only the result):
//   base weights  = P_linear * 0.5625 with NF4 (4 bits + fp8/fp32 block scales, ~4.5 bits)
//                   or P_linear * 2 without (bf16); embeddings (+ LM head when untied) * 2
//   LoRA          = L * 16 (fp32 weight, gradient, Adam m and v), L = sum over targeted
//                   projections of r * (in + out) per layer
//   activations   = batch * seq * hidden * layers * k * 2 (bf16), k = 34 without gradient
//                   checkpointing (attention and MLP intermediates per layer), k = 2 with it
//                   (only each layer's input is kept; one layer is recomputed at a time)
//   logits        = batch * seq * vocab * 4 * 2 (fp32 logits and their gradient)
//   total         = (sum) * 1.1 for allocator slack and workspace
// Time per epoch = 4 * P * tokens / throughput (forward 2P, backward through activations 2P,
// no weight gradients for frozen weights), tokens = train examples * max_seq_len (an upper
// bound: examples are usually shorter unless packed), throughput = 40% of the device's peak
// (CUDA: 400 TFLOP/s bf16 as on an H100/H200; CPU: 0.2 TFLOP/s as measured on 2 cores).
#include <QJsonObject>
#include <QString>

#include <optional>

namespace ts {

struct ModelShape {
    QString architecture;  // "LlamaForCausalLM", or "GGUF" for a .gguf file
    QString modelType;     // "llama"
    qint64 hiddenSize = 0;
    qint64 intermediateSize = 0;
    qint64 layers = 0;
    qint64 heads = 0;
    qint64 kvHeads = 0;
    qint64 headDim = 0;  // config's head_dim, else hidden_size / heads
    qint64 vocabSize = 0;
    bool tiedEmbeddings = false;
    bool hasChatTemplate = false;  // tokenizer_config.json carries one
    qint64 linearParameters = 0;   // the seven projections of every layer
    qint64 totalParameters = 0;
};

// Reads <folder>/config.json (or the config.json beside a file), or a .gguf file's metadata
// (architecture, sizes, whether it carries a chat template). nullopt with `error` set when there
// is none or it lacks the sizes.
std::optional<ModelShape> readModelShape(const QString& path, QString* error);

struct RecipeEstimate {
    double baseBytes = 0;
    double loraBytes = 0;
    double activationBytes = 0;
    double logitBytes = 0;
    double totalBytes = 0;
    qint64 loraParameters = 0;
    qint64 optimizerStepsPerEpoch = 0;
    double secondsPerEpoch = 0;
};

// `recipe` is a normalized recipe (every key present: RecipeCheckResult::normalizedJson).
RecipeEstimate estimateRecipe(const ModelShape& model, const QJsonObject& recipe,
                              qint64 trainExamples, bool cuda);

QString formatBytes(double bytes);        // "3.2 GiB"
QString formatDuration(double seconds);   // "1 h 12 min", "45 s"

}  // namespace ts

namespace ts {
// The compute device's memory (GPU memory, or RAM for the CPU) and kind, probed once.
struct EstimateDevice {
    bool cuda = false;
    double totalBytes = 0;
};
const EstimateDevice& estimateDevice();
}  // namespace ts
