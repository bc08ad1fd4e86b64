// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/gguf_lora_export.h"

#include "engine/core/error.h"
#include "engine/formats/gguf_llama.h"
#include "engine/formats/gguf_writer.h"
#include "engine/formats/safetensors.h"
#include "engine/model/model_config.h"
#include "engine/train/peft_adapter.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iterator>

namespace ts {

namespace fs = std::filesystem;

namespace {

struct ProjectionName {
    const char* peft;
    const char* gguf;
};
// The order llama.cpp's blocks list them in; the export writes tensors in this order per layer.
const ProjectionName kProjectionNames[] = {
    {"q_proj", "attn_q"},       {"k_proj", "attn_k"},   {"v_proj", "attn_v"},
    {"o_proj", "attn_output"},  {"gate_proj", "ffn_gate"}, {"up_proj", "ffn_up"},
    {"down_proj", "ffn_down"},
};

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The base model's shape, and which file it came from (for error messages).
struct BaseShape {
    ModelConfig config;
    std::string source;
};

BaseShape readBaseShape(const std::string& basePath) {
    if (!fs::exists(basePath)) throw Error("base model not found", basePath, "--base");
    if (fs::is_directory(basePath)) {
        const auto configPath = (fs::path(basePath) / "config.json").string();
        if (!fs::exists(configPath))
            throw Error("base model folder has no config.json", basePath, "config.json");
        return {loadModelConfig(configPath), configPath};
    }
    if (endsWith(basePath, ".gguf")) {
        const auto gguf = GgufFile::open(basePath);
        return {parseModelConfig(hfConfigFromGguf(gguf), basePath), basePath};
    }
    return {loadModelConfig(basePath), basePath};
}

// llama.cpp's architecture name: its converter writes Mistral checkpoints as "llama" too.
std::string ggufArchitecture(const ModelConfig& config) {
    return config.architecture == ModelArchitecture::Qwen2 ? "qwen2" : "llama";
}

// [in, out] of a projection in the base model.
std::pair<std::int64_t, std::int64_t> projectionShape(const ModelConfig& c,
                                                      const std::string& module) {
    const auto qRows = c.numAttentionHeads * c.headDim;
    const auto kvRows = c.numKeyValueHeads * c.headDim;
    if (module == "q_proj") return {c.hiddenSize, qRows};
    if (module == "k_proj" || module == "v_proj") return {c.hiddenSize, kvRows};
    if (module == "o_proj") return {qRows, c.hiddenSize};
    if (module == "gate_proj" || module == "up_proj") return {c.hiddenSize, c.intermediateSize};
    return {c.intermediateSize, c.hiddenSize};  // down_proj
}

std::vector<float> toFloatVector(const torch::Tensor& t) {
    auto flat = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    const float* p = flat.data_ptr<float>();
    return std::vector<float>(p, p + flat.numel());
}

// The rows of a Q/K projection's output reordered as convert_hf_to_gguf.py's LlamaModel.permute
// reorders them: reshape [heads, 2, rows/heads/2, cols], swap axes 1 and 2, reshape back.
torch::Tensor permuteRotaryRows(const torch::Tensor& hfOrder, std::int64_t heads) {
    const auto rows = hfOrder.size(0);
    return hfOrder.reshape({heads, 2, rows / heads / 2, hfOrder.size(1)})
        .transpose(1, 2)
        .reshape(hfOrder.sizes())
        .contiguous();
}

}  // namespace

std::string ggufProjectionName(const std::string& peftModule) {
    for (const auto& p : kProjectionNames)
        if (peftModule == p.peft) return p.gguf;
    throw Error("no GGUF tensor name for module '" + peftModule + "'", {}, peftModule);
}

GgufLoraExportSummary exportLoraToGguf(const std::string& adapterDir, const std::string& basePath,
                                       const std::string& outPath,
                                       const GgufLoraExportOptions& options) {
    if (options.type != GgmlType::F32 && options.type != GgmlType::F16)
        throw Error("the GGUF adapter can be F32 or F16, not " + ggmlTypeName(options.type), outPath,
                    "type");
    if (!fs::is_directory(adapterDir)) throw Error("adapter folder not found", adapterDir, "--adapter");
    const auto configPath = (fs::path(adapterDir) / kAdapterConfigFileName).string();
    const auto weightsPath = (fs::path(adapterDir) / kAdapterWeightsFileName).string();
    if (!fs::exists(configPath)) throw Error("adapter folder has no adapter config", configPath);
    const auto peft = readAdapterConfigFile(configPath);
    if (!fs::exists(weightsPath)) throw Error("adapter folder has no adapter weights", weightsPath);
    const auto base = readBaseShape(basePath);
    const auto& shape = base.config;

    const auto file = SafetensorsFile::open(weightsPath);
    std::map<std::string, torch::Tensor> tensors;
    for (const auto& name : file.names()) tensors.emplace(name, file.tensor(name));
    if (tensors.empty()) throw Error("the adapter holds no tensors", weightsPath);
    // Checks names, targets, rank and pairing (each error names the file and tensor).
    const auto weights = fromPeftTensorMap(tensors, peft.lora, weightsPath);

    const auto arch = ggufArchitecture(shape);
    const bool permuteQk = arch == "llama";
    const double alpha =
        peft.lora.rsLora ? peft.lora.alpha * std::sqrt(static_cast<double>(peft.lora.r)) : peft.lora.alpha;

    GgufWriter writer;
    writer.addString("general.architecture", arch);
    writer.addString("general.type", "adapter");
    auto adapterName = fs::path(adapterDir).lexically_normal();
    if (!adapterName.has_filename()) adapterName = adapterName.parent_path();  // "dir/"
    writer.addString("general.name", adapterName.filename().string());
    // llama_ftype: ALL_F32 = 0, MOSTLY_F16 = 1.
    writer.addUInt32("general.file_type", options.type == GgmlType::F16 ? 1u : 0u);
    writer.addUInt32("general.quantization_version", 2);
    writer.addString("adapter.type", "lora");
    writer.addFloat32("adapter.lora.alpha", static_cast<float>(alpha));

    // Layer order, then the blocks' projection order, A before B (the reader does not care; a
    // stable order makes files reproducible).
    std::vector<std::pair<LoraSlot, const LoraWeights*>> ordered;
    for (const auto& [slot, ab] : weights) ordered.emplace_back(slot, &ab);
    const auto rankOf = [](const std::string& module) {
        for (std::size_t i = 0; i < std::size(kProjectionNames); ++i)
            if (module == kProjectionNames[i].peft) return i;
        return std::size(kProjectionNames);
    };
    std::sort(ordered.begin(), ordered.end(), [&](const auto& x, const auto& y) {
        return x.first.layer != y.first.layer ? x.first.layer < y.first.layer
                                              : rankOf(x.first.module) < rankOf(y.first.module);
    });

    for (const auto& [slot, ab] : ordered) {
        const auto nameA = peftTensorName(slot, LoraMatrix::A);
        const auto nameB = peftTensorName(slot, LoraMatrix::B);
        if (slot.layer >= shape.numHiddenLayers)
            throw Error("layer " + std::to_string(slot.layer) + " does not exist: the base model (" +
                            base.source + ") has " + std::to_string(shape.numHiddenLayers) + " layers",
                        weightsPath, nameA);
        const auto [in, out] = projectionShape(shape, slot.module);
        const auto& a = ab->first;
        const auto& b = ab->second;
        if (a.size(1) != in)
            throw Error("lora_A has " + std::to_string(a.size(1)) + " input features, the base " +
                            slot.module + " takes " + std::to_string(in),
                        weightsPath, nameA);
        if (b.size(0) != out)
            throw Error("lora_B has " + std::to_string(b.size(0)) + " output features, the base " +
                            slot.module + " gives " + std::to_string(out),
                        weightsPath, nameB);
        torch::Tensor bStored = b;
        if (permuteQk && (slot.module == "q_proj" || slot.module == "k_proj")) {
            const auto heads = slot.module == "q_proj" ? shape.numAttentionHeads : shape.numKeyValueHeads;
            if (out % (2 * heads) != 0)
                throw Error(std::to_string(out) + " rows do not split into " + std::to_string(heads) +
                                " heads of an even dimension",
                            weightsPath, nameB);
            bStored = permuteRotaryRows(b, heads);
        }
        const auto ggufBase = "blk." + std::to_string(slot.layer) + "." +
                              ggufProjectionName(slot.module) + ".weight";
        const auto r = static_cast<std::uint64_t>(a.size(0));
        writer.addTensor(ggufBase + ".lora_a", {static_cast<std::uint64_t>(in), r}, toFloatVector(a),
                         options.type);
        writer.addTensor(ggufBase + ".lora_b", {r, static_cast<std::uint64_t>(out)},
                         toFloatVector(bStored), options.type);
    }

    if (fs::path(outPath).has_parent_path()) {
        std::error_code ec;
        fs::create_directories(fs::path(outPath).parent_path(), ec);
        if (ec) throw Error("cannot create the output folder: " + ec.message(), outPath);
    }
    writer.write(outPath);

    GgufLoraExportSummary summary;
    summary.architecture = arch;
    summary.rank = peft.lora.r;
    summary.alpha = static_cast<float>(alpha);
    summary.tensorCount = static_cast<std::int64_t>(writer.tensorCount());
    summary.fileBytes = writer.fileBytes();
    return summary;
}

}  // namespace ts
