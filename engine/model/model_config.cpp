// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/model/model_config.h"

#include "engine/core/error.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace ts {

namespace {

using nlohmann::json;

// Typed field access that names the file and the field when something is missing or wrong.
class ConfigReader {
public:
    ConfigReader(const json& doc, std::string source) : doc_(doc), source_(std::move(source)) {}

    const json* find(const std::string& field) const {
        auto it = doc_.find(field);
        if (it == doc_.end() || it->is_null()) return nullptr;
        return &*it;
    }

    std::int64_t requireInt(const std::string& field) const {
        const json* v = find(field);
        if (!v) fail("missing required integer field", field);
        return asInt(*v, field);
    }
    std::int64_t intOr(const std::string& field, std::int64_t fallback) const {
        const json* v = find(field);
        return v ? asInt(*v, field) : fallback;
    }
    double doubleOr(const std::string& field, double fallback) const {
        const json* v = find(field);
        if (!v) return fallback;
        if (!v->is_number()) fail("expected a number, found " + typeName(*v), field);
        return v->get<double>();
    }
    bool boolOr(const std::string& field, bool fallback) const {
        const json* v = find(field);
        if (!v) return fallback;
        if (!v->is_boolean()) fail("expected true or false, found " + typeName(*v), field);
        return v->get<bool>();
    }
    std::string stringOr(const std::string& field, const std::string& fallback) const {
        const json* v = find(field);
        if (!v) return fallback;
        if (!v->is_string()) fail("expected a string, found " + typeName(*v), field);
        return v->get<std::string>();
    }
    // bos/eos ids: an integer or a list of integers.
    std::vector<std::int64_t> tokenIds(const std::string& field) const {
        const json* v = find(field);
        if (!v) return {};
        if (v->is_number_integer()) return {asInt(*v, field)};
        if (!v->is_array()) fail("expected an integer or a list of integers, found " + typeName(*v), field);
        std::vector<std::int64_t> ids;
        for (const auto& item : *v) ids.push_back(asInt(item, field));
        return ids;
    }

    [[noreturn]] void fail(const std::string& message, const std::string& field) const {
        throw Error(message, source_, field);
    }

private:
    static std::string typeName(const json& v) { return v.type_name(); }
    std::int64_t asInt(const json& v, const std::string& field) const {
        if (!v.is_number_integer())
            fail("expected an integer, found " + typeName(v) + " " + v.dump(), field);
        return v.get<std::int64_t>();
    }

    const json& doc_;
    std::string source_;
};

ModelArchitecture parseArchitecture(const ConfigReader& reader, const json& doc,
                                    std::string& nameOut) {
    // "architectures": ["LlamaForCausalLM"]; older files may only carry "model_type".
    const json* list = reader.find("architectures");
    if (list) {
        if (!list->is_array() || list->empty() || !(*list)[0].is_string())
            reader.fail("expected a non-empty list of architecture names", "architectures");
        nameOut = (*list)[0].get<std::string>();
    } else {
        const std::string modelType = reader.stringOr("model_type", "");
        if (modelType == "llama") nameOut = "LlamaForCausalLM";
        else if (modelType == "mistral") nameOut = "MistralForCausalLM";
        else if (modelType == "qwen2") nameOut = "Qwen2ForCausalLM";
        else reader.fail("no 'architectures' and unsupported model_type '" + modelType + "'",
                         "architectures");
    }
    (void)doc;
    if (nameOut == "LlamaForCausalLM") return ModelArchitecture::Llama;
    if (nameOut == "MistralForCausalLM") return ModelArchitecture::Mistral;
    if (nameOut == "Qwen2ForCausalLM") return ModelArchitecture::Qwen2;
    reader.fail("unsupported architecture '" + nameOut +
                    "' (supported: LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM)",
                "architectures");
}

// transformers >= 5 writes "rope_parameters" (with rope_theta inside); older files have
// "rope_scaling" next to a top-level "rope_theta".
const char* ropeSection(const ConfigReader& reader) {
    return reader.find("rope_parameters") ? "rope_parameters" : "rope_scaling";
}

double parseRopeTheta(const ConfigReader& reader) {
    const std::string section = ropeSection(reader);
    if (const json* v = reader.find(section); v && v->is_object()) {
        auto it = v->find("rope_theta");
        if (it != v->end() && !it->is_null()) {
            if (!it->is_number()) reader.fail("expected a number", section + ".rope_theta");
            return it->get<double>();
        }
    }
    return reader.doubleOr("rope_theta", 10000.0);
}

RopeScaling parseRopeScaling(const ConfigReader& reader) {
    RopeScaling scaling;
    const std::string section = ropeSection(reader);
    const json* v = reader.find(section);
    if (!v) return scaling;
    if (!v->is_object()) reader.fail("expected an object or null", section);
    ConfigReader sub(*v, "");
    auto subField = [&section](const std::string& f) { return section + "." + f; };
    auto number = [&](const std::string& f, double fallback) {
        const json* x = sub.find(f);
        if (!x) return fallback;
        if (!x->is_number()) reader.fail("expected a number", subField(f));
        return x->get<double>();
    };
    std::string type;
    for (const char* key : {"rope_type", "type"}) {
        const json* t = sub.find(key);
        if (t) {
            if (!t->is_string()) reader.fail("expected a string", subField(key));
            type = t->get<std::string>();
            break;
        }
    }
    if (type.empty() || type == "default") return scaling;
    scaling.factor = number("factor", 1.0);
    if (scaling.factor <= 0) reader.fail("must be positive", subField("factor"));
    if (type == "linear") {
        scaling.type = RopeScaling::Type::Linear;
    } else if (type == "llama3") {
        scaling.type = RopeScaling::Type::Llama3;
        scaling.lowFreqFactor = number("low_freq_factor", 1.0);
        scaling.highFreqFactor = number("high_freq_factor", 4.0);
        const json* orig = sub.find("original_max_position_embeddings");
        if (!orig || !orig->is_number_integer())
            reader.fail("required integer for rope_type llama3",
                        subField("original_max_position_embeddings"));
        scaling.originalMaxPositionEmbeddings = orig->get<std::int64_t>();
        if (scaling.highFreqFactor <= scaling.lowFreqFactor)
            reader.fail("high_freq_factor must exceed low_freq_factor", subField("high_freq_factor"));
    } else {
        reader.fail("unsupported rope_type '" + type + "' (supported: default, linear, llama3)",
                    subField("rope_type"));
    }
    return scaling;
}

}  // namespace

ModelConfig parseModelConfig(const nlohmann::json& doc, const std::string& sourceName) {
    if (!doc.is_object()) throw Error("expected a JSON object", sourceName);
    ConfigReader reader(doc, sourceName);
    ModelConfig c;
    c.architecture = parseArchitecture(reader, doc, c.architectureName);
    c.hiddenSize = reader.requireInt("hidden_size");
    c.intermediateSize = reader.requireInt("intermediate_size");
    c.numHiddenLayers = reader.requireInt("num_hidden_layers");
    c.numAttentionHeads = reader.requireInt("num_attention_heads");
    c.numKeyValueHeads = reader.intOr("num_key_value_heads", c.numAttentionHeads);
    c.vocabSize = reader.requireInt("vocab_size");
    for (auto [field, value] : {std::pair{"hidden_size", c.hiddenSize},
                                {"intermediate_size", c.intermediateSize},
                                {"num_hidden_layers", c.numHiddenLayers},
                                {"num_attention_heads", c.numAttentionHeads},
                                {"num_key_value_heads", c.numKeyValueHeads},
                                {"vocab_size", c.vocabSize}}) {
        if (value <= 0) reader.fail("must be positive, found " + std::to_string(value), field);
    }
    if (c.numAttentionHeads % c.numKeyValueHeads != 0)
        reader.fail("num_attention_heads (" + std::to_string(c.numAttentionHeads) +
                        ") is not a multiple of num_key_value_heads (" +
                        std::to_string(c.numKeyValueHeads) + ")",
                    "num_key_value_heads");
    if (reader.find("head_dim")) {
        c.headDim = reader.requireInt("head_dim");
    } else {
        if (c.hiddenSize % c.numAttentionHeads != 0)
            reader.fail("hidden_size is not divisible by num_attention_heads and no head_dim given",
                        "hidden_size");
        c.headDim = c.hiddenSize / c.numAttentionHeads;
    }
    if (c.headDim <= 0 || c.headDim % 2 != 0)
        reader.fail("must be a positive even number, found " + std::to_string(c.headDim), "head_dim");
    c.rmsNormEps = reader.doubleOr("rms_norm_eps", 1e-6);
    if (c.rmsNormEps <= 0) reader.fail("must be positive", "rms_norm_eps");
    c.ropeTheta = parseRopeTheta(reader);
    if (c.ropeTheta <= 0) reader.fail("must be positive", "rope_theta");
    c.ropeScaling = parseRopeScaling(reader);
    c.tieWordEmbeddings = reader.boolOr("tie_word_embeddings", false);
    switch (c.architecture) {
    case ModelArchitecture::Llama:
        // Llama's attention_bias puts a bias on all four attention projections.
        c.attentionBias = reader.boolOr("attention_bias", false);
        c.outputProjectionBias = c.attentionBias;
        c.mlpBias = reader.boolOr("mlp_bias", false);
        break;
    case ModelArchitecture::Mistral:
        break;
    case ModelArchitecture::Qwen2:
        // Qwen2 always has q/k/v biases and none on o_proj or the MLP.
        c.attentionBias = true;
        break;
    }
    c.maxPositionEmbeddings = reader.intOr("max_position_embeddings", 2048);
    c.bosTokenIds = reader.tokenIds("bos_token_id");
    c.eosTokenIds = reader.tokenIds("eos_token_id");
    for (const auto* ids : {&c.bosTokenIds, &c.eosTokenIds})
        for (auto id : *ids)
            if (id < 0 || id >= c.vocabSize)
                reader.fail("token id " + std::to_string(id) + " is outside the vocabulary (" +
                                std::to_string(c.vocabSize) + ")",
                            ids == &c.bosTokenIds ? "bos_token_id" : "eos_token_id");
    c.torchDtype = reader.stringOr("torch_dtype", reader.stringOr("dtype", ""));
    return c;
}

ModelConfig loadModelConfig(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open model config", path);
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(std::string("invalid JSON: ") + e.what(), path, "", -1);
    }
    return parseModelConfig(doc, path);
}

nlohmann::json modelConfigToJson(const ModelConfig& c) {
    nlohmann::json j;
    j["architectures"] = {c.architectureName};
    j["hidden_size"] = c.hiddenSize;
    j["intermediate_size"] = c.intermediateSize;
    j["num_hidden_layers"] = c.numHiddenLayers;
    j["num_attention_heads"] = c.numAttentionHeads;
    j["num_key_value_heads"] = c.numKeyValueHeads;
    j["head_dim"] = c.headDim;
    j["rms_norm_eps"] = c.rmsNormEps;
    j["rope_theta"] = c.ropeTheta;
    switch (c.ropeScaling.type) {
    case RopeScaling::Type::None: j["rope_scaling"] = nullptr; break;
    case RopeScaling::Type::Linear:
        j["rope_scaling"] = {{"rope_type", "linear"}, {"factor", c.ropeScaling.factor}};
        break;
    case RopeScaling::Type::Llama3:
        j["rope_scaling"] = {
            {"rope_type", "llama3"},
            {"factor", c.ropeScaling.factor},
            {"low_freq_factor", c.ropeScaling.lowFreqFactor},
            {"high_freq_factor", c.ropeScaling.highFreqFactor},
            {"original_max_position_embeddings", c.ropeScaling.originalMaxPositionEmbeddings}};
        break;
    }
    j["vocab_size"] = c.vocabSize;
    j["tie_word_embeddings"] = c.tieWordEmbeddings;
    if (c.architecture == ModelArchitecture::Llama) {
        j["attention_bias"] = c.attentionBias;
        j["mlp_bias"] = c.mlpBias;
    }
    j["max_position_embeddings"] = c.maxPositionEmbeddings;
    auto ids = [](const std::vector<std::int64_t>& v) -> nlohmann::json {
        if (v.empty()) return nullptr;
        if (v.size() == 1) return v[0];
        return v;
    };
    j["bos_token_id"] = ids(c.bosTokenIds);
    j["eos_token_id"] = ids(c.eosTokenIds);
    if (!c.torchDtype.empty()) j["torch_dtype"] = c.torchDtype;
    return j;
}

}  // namespace ts
