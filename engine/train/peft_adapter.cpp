// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/peft_adapter.h"

#include "engine/core/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace ts {
namespace {

using nlohmann::json;

constexpr const char* kNamePrefix = "base_model.model.model.layers.";

bool isNullOrEmpty(const json& v) {
    return v.is_null() || ((v.is_object() || v.is_array()) && v.empty());
}

// Keys whose non-default value would change the adapter's math; anything else PEFT writes is
// bookkeeping (revision, megatron_*, auto_mapping, init_*, ...) and is ignored when read.
struct UnsupportedSetting {
    const char* key;
    const char* what;
};
const UnsupportedSetting kMustBeNullOrEmpty[] = {
    {"rank_pattern", "per-module ranks"},
    {"alpha_pattern", "per-module alphas"},
    {"layers_to_transform", "LoRA on a subset of layers"},
    {"modules_to_save", "fully trained extra modules"},
    {"layer_replication", "layer replication"},
    {"trainable_token_indices", "trainable token embeddings"},
    {"target_parameters", "LoRA on parameters"},
    {"alora_invocation_tokens", "activated LoRA"},
    {"exclude_modules", "excluded modules"},
};
const char* const kMustBeFalse[] = {"use_dora", "lora_bias", "use_qalora", "fan_in_fan_out",
                                    "use_bdlora"};

}  // namespace

json adapterConfigJson(const PeftLoraConfig& config) {
    const auto& lora = config.lora;
    json alpha = lora.alpha;
    if (std::floor(lora.alpha) == lora.alpha && std::fabs(lora.alpha) < 1e15)
        alpha = static_cast<int64_t>(lora.alpha);  // PEFT writes the int users pass
    json j = {
        {"alpha_pattern", json::object()},
        {"auto_mapping", nullptr},
        {"base_model_name_or_path",
         config.baseModelNameOrPath.empty() ? json(nullptr) : json(config.baseModelNameOrPath)},
        {"bias", "none"},
        {"fan_in_fan_out", false},
        {"inference_mode", config.inferenceMode},
        {"init_lora_weights", true},
        {"layer_replication", nullptr},
        {"layers_pattern", nullptr},
        {"layers_to_transform", nullptr},
        {"loftq_config", json::object()},
        {"lora_alpha", alpha},
        {"lora_dropout", lora.dropout},
        {"megatron_config", nullptr},
        {"megatron_core", "megatron.core"},
        {"modules_to_save", nullptr},
        {"peft_type", "LORA"},
        {"r", lora.r},
        {"rank_pattern", json::object()},
        {"revision", nullptr},
        {"target_modules", lora.targets},
        {"task_type", "CAUSAL_LM"},
        {"use_dora", false},
        {"use_rslora", lora.rsLora},
    };
    return j;  // nlohmann's object keeps keys sorted, as json.dump(sort_keys=True)
}

PeftLoraConfig parseAdapterConfig(const json& doc, const std::string& file) {
    if (!doc.is_object()) throw Error("adapter config must be a JSON object", file);
    auto it = doc.find("peft_type");
    if (it == doc.end()) throw Error("missing peft_type", file, "peft_type");
    if (!it->is_string() || it->get<std::string>() != "LORA")
        throw Error("only LoRA adapters are supported, this one is peft_type " + it->dump(), file,
                    "peft_type");
    if (auto t = doc.find("task_type"); t != doc.end() && !t->is_null() &&
                                        !(t->is_string() && t->get<std::string>() == "CAUSAL_LM"))
        throw Error("only CAUSAL_LM adapters are supported, got " + t->dump(), file, "task_type");

    PeftLoraConfig out;
    auto& lora = out.lora;
    auto need = [&](const char* key) -> const json& {
        auto k = doc.find(key);
        if (k == doc.end() || k->is_null()) throw Error("missing required key", file, key);
        return *k;
    };
    const json& r = need("r");
    if (!r.is_number_integer()) throw Error("must be an integer", file, "r");
    lora.r = r.get<int64_t>();
    const json& alpha = need("lora_alpha");
    if (!alpha.is_number()) throw Error("must be a number", file, "lora_alpha");
    lora.alpha = alpha.get<double>();
    if (auto d = doc.find("lora_dropout"); d != doc.end() && !d->is_null()) {
        if (!d->is_number()) throw Error("must be a number", file, "lora_dropout");
        lora.dropout = d->get<double>();
    } else {
        lora.dropout = 0.0;  // PEFT's default
    }
    if (auto rs = doc.find("use_rslora"); rs != doc.end() && !rs->is_null()) {
        if (!rs->is_boolean()) throw Error("must be true or false", file, "use_rslora");
        lora.rsLora = rs->get<bool>();
    } else {
        lora.rsLora = false;
    }
    const json& targets = need("target_modules");
    if (targets.is_string())
        throw Error("a regular-expression target_modules (" + targets.dump() +
                        ") is not supported; list the module names",
                    file, "target_modules");
    if (!targets.is_array()) throw Error("must be a list of module names", file, "target_modules");
    lora.targets.clear();
    for (const auto& t : targets) {
        if (!t.is_string()) throw Error("every target must be a string", file, "target_modules");
        lora.targets.push_back(t.get<std::string>());
    }
    if (auto b = doc.find("bias"); b != doc.end() && !b->is_null() &&
                                   !(b->is_string() && b->get<std::string>() == "none"))
        throw Error("LoRA bias training (" + b->dump() + ") is not supported, only \"none\"", file,
                    "bias");
    for (const auto& s : kMustBeNullOrEmpty) {
        auto k = doc.find(s.key);
        if (k != doc.end() && !isNullOrEmpty(*k))
            throw Error(std::string(s.what) + " is not supported (value " + k->dump() + ")", file,
                        s.key);
    }
    for (const char* key : kMustBeFalse) {
        auto k = doc.find(key);
        if (k != doc.end() && !k->is_null() && !(k->is_boolean() && !k->get<bool>()))
            throw Error(std::string("must be false: this LoRA variant is not supported (value ") +
                            k->dump() + ")",
                        file, key);
    }
    if (auto b = doc.find("base_model_name_or_path"); b != doc.end() && b->is_string())
        out.baseModelNameOrPath = b->get<std::string>();
    if (auto m = doc.find("inference_mode"); m != doc.end() && m->is_boolean())
        out.inferenceMode = m->get<bool>();
    // PEFT's names, PEFT's ranges: validate with the adapter-config key names.
    try {
        lora.validate(file, "");
    } catch (const Error& e) {
        const std::string peftKey = e.field() == "alpha"     ? "lora_alpha"
                                    : e.field() == "dropout" ? "lora_dropout"
                                    : e.field() == "targets" ? "target_modules"
                                                             : e.field();
        throw Error(e.message(), file, peftKey);
    }
    return out;
}

PeftLoraConfig readAdapterConfigFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open the adapter config", path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    json doc;
    try {
        doc = json::parse(buffer.str());
    } catch (const json::parse_error& e) {
        throw Error(std::string("not valid JSON: ") + e.what(), path);
    }
    return parseAdapterConfig(doc, path);
}

void writeAdapterConfigFile(const PeftLoraConfig& config, const std::string& folder) {
    const std::string path = folder + "/" + kAdapterConfigFileName;
    const std::string temp = path + ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error("cannot create the adapter config", temp);
        out << adapterConfigJson(config).dump(2) << "\n";
        out.flush();
        if (!out) throw Error("cannot write the adapter config", temp);
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        std::remove(temp.c_str());
        throw Error("cannot move the adapter config into place", path);
    }
}

std::string peftTensorName(const LoraSlot& slot, LoraMatrix matrix) {
    const char* parent = isAttentionProjection(slot.module) ? "self_attn" : "mlp";
    return std::string(kNamePrefix) + std::to_string(slot.layer) + "." + parent + "." + slot.module +
           (matrix == LoraMatrix::A ? ".lora_A.weight" : ".lora_B.weight");
}

PeftTensorName parsePeftTensorName(const std::string& name, const std::string& file) {
    auto fail = [&](const std::string& why) -> PeftTensorName {
        throw Error("tensor '" + name + "' is not a PEFT LoRA weight name (" + why +
                        "; expected base_model.model.model.layers.<i>.self_attn|mlp.<module>.lora_A|lora_B.weight)",
                    file, name);
    };
    const std::string prefix = kNamePrefix;
    if (name.compare(0, prefix.size(), prefix) != 0) return fail("wrong prefix");
    size_t pos = prefix.size();
    size_t digitsEnd = pos;
    while (digitsEnd < name.size() && std::isdigit(static_cast<unsigned char>(name[digitsEnd])))
        ++digitsEnd;
    if (digitsEnd == pos || digitsEnd - pos > 6 || digitsEnd >= name.size() || name[digitsEnd] != '.')
        return fail("no layer index");
    PeftTensorName out;
    out.slot.layer = std::stoll(name.substr(pos, digitsEnd - pos));
    const std::string rest = name.substr(digitsEnd + 1);  // self_attn.q_proj.lora_A.weight
    const size_t dot1 = rest.find('.');
    const size_t dot2 = dot1 == std::string::npos ? std::string::npos : rest.find('.', dot1 + 1);
    if (dot2 == std::string::npos) return fail("too few parts");
    const std::string parent = rest.substr(0, dot1);
    out.slot.module = rest.substr(dot1 + 1, dot2 - dot1 - 1);
    const std::string tail = rest.substr(dot2 + 1);
    const auto& modules = loraTargetModuleNames();
    if (std::find(modules.begin(), modules.end(), out.slot.module) == modules.end())
        return fail("unknown module '" + out.slot.module + "'");
    if (parent != (isAttentionProjection(out.slot.module) ? "self_attn" : "mlp"))
        return fail("module '" + out.slot.module + "' under '" + parent + "'");
    if (tail == "lora_A.weight") out.matrix = LoraMatrix::A;
    else if (tail == "lora_B.weight") out.matrix = LoraMatrix::B;
    else return fail("unknown suffix '" + tail + "'");
    return out;
}

std::map<std::string, torch::Tensor> toPeftTensorMap(const std::map<LoraSlot, LoraWeights>& weights) {
    std::map<std::string, torch::Tensor> out;
    for (const auto& [slot, ab] : weights) {
        out[peftTensorName(slot, LoraMatrix::A)] =
            ab.first.detach().to(torch::kCPU, torch::kFloat32).contiguous();
        out[peftTensorName(slot, LoraMatrix::B)] =
            ab.second.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    }
    return out;
}

std::map<LoraSlot, LoraWeights> fromPeftTensorMap(const std::map<std::string, torch::Tensor>& tensors,
                                                  const LoraConfig& config, const std::string& file) {
    std::map<LoraSlot, LoraWeights> out;
    for (const auto& [name, tensor] : tensors) {
        const auto parsed = parsePeftTensorName(name, file);
        if (!config.isTargeted(parsed.slot.module))
            throw Error("module '" + parsed.slot.module + "' is not in the adapter's target_modules",
                        file, name);
        if (!tensor.defined() || tensor.dim() != 2 || !tensor.is_floating_point())
            throw Error("a LoRA matrix must be a 2-D floating tensor", file, name);
        const bool isA = parsed.matrix == LoraMatrix::A;
        if ((isA ? tensor.size(0) : tensor.size(1)) != config.r)
            throw Error("shape [" + std::to_string(tensor.size(0)) + ", " + std::to_string(tensor.size(1)) +
                            "] does not have the adapter's rank " + std::to_string(config.r) +
                            (isA ? " as its first dimension" : " as its second dimension"),
                        file, name);
        auto& slot = out[parsed.slot];
        (isA ? slot.first : slot.second) = tensor.to(torch::kFloat32);
    }
    for (const auto& [slot, ab] : out) {
        if (!ab.first.defined() || !ab.second.defined())
            throw Error(std::string("has no matching ") + (ab.first.defined() ? "lora_B" : "lora_A") +
                            " tensor",
                        file, peftTensorName(slot, ab.first.defined() ? LoraMatrix::A : LoraMatrix::B));
    }
    return out;
}

}  // namespace ts
