// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/adapter_io.h"

#include "engine/core/error.h"
#include "engine/core/memory_stats.h"
#include "engine/formats/safetensors.h"
#include "engine/train/adapted_projections.h"
#include "engine/train/peft_adapter.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <map>

namespace ts {

namespace fs = std::filesystem;

namespace {

// "model.layers.3.self_attn.q_proj" -> {3, "q_proj"}.
LoraSlot slotOf(const std::string& fullName) {
    const std::string prefix = "model.layers.";
    auto rest = fullName.substr(prefix.size());
    auto dot = rest.find('.');
    LoraSlot slot;
    slot.layer = std::stoll(rest.substr(0, dot));
    slot.module = fullName.substr(fullName.rfind('.') + 1);
    return slot;
}

std::string moduleOf(const std::string& fullName) { return fullName.substr(fullName.rfind('.') + 1); }

}  // namespace

std::vector<torch::Tensor> attachLora(CausalLM& model, const AttachOptions& options) {
    options.lora.validate();
    for (auto& p : model.parameters()) p.set_requires_grad(false);
    std::vector<torch::Tensor> trainable;
    for (const auto& name : model.projectionNames()) {
        auto base = model.projection(name);
        if (dynamic_cast<LoraProjection*>(base.get()))
            throw Error("the model already carries a LoRA adapter", {}, name);
        if (options.quant == BaseQuantization::Nf4 && !dynamic_cast<Nf4Projection*>(base.get())) {
            base = std::make_shared<Nf4Projection>(*base, options.doubleQuant);
            model.replaceProjection(name, base);
        }
        if (!options.lora.isTargeted(moduleOf(name))) continue;
        auto lora = std::make_shared<LoraProjection>(base, options.lora);
        lora->to(model.device());
        model.replaceProjection(name, lora);
        trainable.push_back(lora->adapter()->loraA());
        trainable.push_back(lora->adapter()->loraB());
    }
    if (trainable.empty()) throw Error("no projection matched the LoRA targets", {}, "lora.targets");
    // Quantizing replaced the dense bases; return their memory to the allocator now.
    if (options.quant == BaseQuantization::Nf4 && model.device().is_cuda()) releaseCachedDeviceMemory();
    return trainable;
}

std::vector<std::string> loraProjectionNames(CausalLM& model) {
    std::vector<std::string> names;
    for (const auto& name : model.projectionNames())
        if (dynamic_cast<LoraProjection*>(model.projection(name).get())) names.push_back(name);
    return names;
}

void setAdaptersEnabled(CausalLM& model, bool enabled) {
    for (const auto& name : loraProjectionNames(model))
        static_cast<LoraProjection*>(model.projection(name).get())->setAdapterEnabled(enabled);
}

void saveAdapter(CausalLM& model, const LoraConfig& config, const std::string& baseModel,
                 const std::string& folder) {
    std::map<LoraSlot, LoraWeights> weights;
    for (const auto& name : loraProjectionNames(model)) {
        auto* lora = static_cast<LoraProjection*>(model.projection(name).get());
        weights[slotOf(name)] = {lora->adapter()->loraA().detach(), lora->adapter()->loraB().detach()};
    }
    if (weights.empty()) throw Error("the model carries no LoRA adapter to save", folder);
    fs::create_directories(folder);
    auto map = toPeftTensorMap(weights);
    std::vector<std::pair<std::string, torch::Tensor>> ordered(map.begin(), map.end());
    writeSafetensors(folder + "/adapter_model.safetensors", ordered, {{"format", "pt"}});
    PeftLoraConfig peft;
    peft.lora = config;
    peft.baseModelNameOrPath = baseModel;
    writeAdapterConfigFile(peft, folder);
}

namespace {

std::map<LoraSlot, LoraWeights> readAdapterTensors(const std::string& folder) {
    const std::string file = folder + "/adapter_model.safetensors";
    if (!fs::exists(file)) throw Error("adapter folder has no adapter_model.safetensors", folder);
    auto st = SafetensorsFile::open(file);
    std::map<LoraSlot, LoraWeights> weights;
    for (const auto& name : st.names()) {
        auto parsed = parsePeftTensorName(name, file);
        auto& pair = weights[parsed.slot];
        (parsed.matrix == LoraMatrix::A ? pair.first : pair.second) = st.tensor(name).to(torch::kFloat).clone();
    }
    return weights;
}

void copyInto(CausalLM& model, const std::map<LoraSlot, LoraWeights>& weights,
              const std::string& folder) {
    torch::NoGradGuard noGrad;
    for (const auto& name : loraProjectionNames(model)) {
        auto it = weights.find(slotOf(name));
        if (it == weights.end())
            throw Error("adapter has no weights for this projection", folder, name);
        auto* lora = static_cast<LoraProjection*>(model.projection(name).get());
        auto& a = lora->adapter()->loraA();
        auto& b = lora->adapter()->loraB();
        const auto& [wa, wb] = it->second;
        if (!wa.defined() || !wb.defined())
            throw Error("adapter lacks lora_A or lora_B", folder, name);
        if (wa.sizes() != a.sizes() || wb.sizes() != b.sizes())
            throw Error("adapter matrices do not fit this model's projection (rank or shape)",
                        folder, name);
        a.copy_(wa);
        b.copy_(wb);
    }
}

}  // namespace

LoraConfig loadAdapter(CausalLM& model, const std::string& folder, LoraConfig::Compute compute) {
    auto peft = readAdapterConfigFile(folder + "/adapter_config.json");
    auto weights = readAdapterTensors(folder);
    // Attach exactly the projections the file holds (PEFT may target a subset of layers).
    AttachOptions options;
    options.lora = peft.lora;
    options.lora.dropout = 0.0;  // inference
    options.lora.compute = compute;
    attachLora(model, options);
    for (const auto& name : loraProjectionNames(model)) {
        if (!weights.count(slotOf(name))) {
            // Not in the file: restore the plain base for this projection.
            auto* lora = static_cast<LoraProjection*>(model.projection(name).get());
            model.replaceProjection(name, lora->base());
        }
    }
    copyInto(model, weights, folder);
    model.eval();
    return peft.lora;
}

void loadAdapterWeightsInto(CausalLM& model, const std::string& folder) {
    copyInto(model, readAdapterTensors(folder), folder);
}

void saveMergedModel(CausalLM& model, const std::string& folder, torch::ScalarType dtype) {
    torch::NoGradGuard noGrad;
    fs::create_directories(folder);
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    auto add = [&](const std::string& name, const torch::Tensor& t) {
        tensors.emplace_back(name, t.detach().to(torch::kCPU).to(dtype).contiguous());
    };
    // Everything that is not a projection keeps its name (embeddings, norms, a dense lm_head).
    for (const auto& item : model.named_parameters(true)) {
        const auto& name = item.key();
        if (name.find("_proj.") != std::string::npos) continue;
        add(name, item.value());
    }
    for (const auto& name : model.projectionNames()) {
        auto proj = model.projection(name);
        add(name + ".weight", proj->denseWeight());
        if (auto b = proj->bias()) add(name + ".bias", *b);
    }
    std::sort(tensors.begin(), tensors.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });
    writeSafetensors(folder + "/model.safetensors", tensors, {{"format", "pt"}});
    auto config = modelConfigToJson(model.config());
    config["torch_dtype"] = dtype == torch::kBFloat16 ? "bfloat16"
                            : dtype == torch::kHalf   ? "float16"
                                                      : "float32";
    const auto tmp = folder + "/config.json.tmp";
    {
        std::ofstream out(tmp);
        if (!out) throw Error("cannot write config.json", folder);
        out << config.dump(2) << "\n";
    }
    fs::rename(tmp, folder + "/config.json");
}

}  // namespace ts
