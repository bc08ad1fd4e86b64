// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/error.h"
#include "engine/train/peft_adapter.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace {

// adapter_config.json as PEFT 0.19 saves it for a Qwen2.5 LoRA (trained with PEFT; keys and
// values copied from a published adapter, target order as PEFT's set left it).
const char* kPeftWritten = R"({
  "alora_invocation_tokens": null,
  "alpha_pattern": {},
  "arrow_config": null,
  "auto_mapping": null,
  "base_model_name_or_path": "Qwen/Qwen2.5-3B-Instruct",
  "bias": "none",
  "corda_config": null,
  "ensure_weight_tying": false,
  "eva_config": null,
  "exclude_modules": null,
  "fan_in_fan_out": false,
  "inference_mode": true,
  "init_lora_weights": true,
  "layer_replication": null,
  "layers_pattern": null,
  "layers_to_transform": null,
  "loftq_config": {},
  "lora_alpha": 16,
  "lora_bias": false,
  "lora_dropout": 0.05,
  "lora_ga_config": null,
  "megatron_config": null,
  "megatron_core": "megatron.core",
  "modules_to_save": null,
  "peft_type": "LORA",
  "peft_version": "0.19.1",
  "qalora_group_size": 16,
  "r": 16,
  "rank_pattern": {},
  "revision": null,
  "target_modules": ["q_proj", "down_proj", "o_proj", "gate_proj", "v_proj", "k_proj", "up_proj"],
  "target_parameters": null,
  "task_type": "CAUSAL_LM",
  "trainable_token_indices": null,
  "use_bdlora": null,
  "use_dora": false,
  "use_qalora": false,
  "use_rslora": false
})";

std::string errorField(const nlohmann::json& doc) {
    try {
        ts::parseAdapterConfig(doc, "adapter_config.json");
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.file(), "adapter_config.json");
        return e.field();
    }
    return "(no error)";
}

}  // namespace

TEST(PeftConfig, ReadsAnAdapterConfigWrittenByPeft) {
    const auto config = ts::parseAdapterConfig(nlohmann::json::parse(kPeftWritten));
    EXPECT_EQ(config.lora.r, 16);
    EXPECT_DOUBLE_EQ(config.lora.alpha, 16.0);
    EXPECT_DOUBLE_EQ(config.lora.dropout, 0.05);
    EXPECT_FALSE(config.lora.rsLora);
    EXPECT_EQ(config.lora.targets.size(), 7u);
    EXPECT_TRUE(config.lora.isTargeted("down_proj"));
    EXPECT_EQ(config.baseModelNameOrPath, "Qwen/Qwen2.5-3B-Instruct");
    EXPECT_TRUE(config.inferenceMode);
}

TEST(PeftConfig, WritesThePeftKeysAndReadsThemBack) {
    ts::PeftLoraConfig config;
    config.lora.r = 8;
    config.lora.alpha = 16;
    config.lora.dropout = 0.1;
    config.lora.targets = {"q_proj", "v_proj"};
    config.lora.rsLora = true;
    config.baseModelNameOrPath = "HuggingFaceTB/SmolLM2-135M-Instruct";
    const auto j = ts::adapterConfigJson(config);
    EXPECT_EQ(j["peft_type"], "LORA");
    EXPECT_EQ(j["task_type"], "CAUSAL_LM");
    EXPECT_EQ(j["bias"], "none");
    EXPECT_EQ(j["fan_in_fan_out"], false);
    EXPECT_EQ(j["inference_mode"], true);
    EXPECT_EQ(j["init_lora_weights"], true);
    EXPECT_TRUE(j["modules_to_save"].is_null());
    EXPECT_TRUE(j["layers_to_transform"].is_null());
    EXPECT_TRUE(j["lora_alpha"].is_number_integer());  // 16, not 16.0, as PEFT writes an int alpha
    EXPECT_EQ(j["use_rslora"], true);
    EXPECT_EQ(j["target_modules"], nlohmann::json({"q_proj", "v_proj"}));
    // Every key this writes is one PEFT itself writes.
    const auto peft = nlohmann::json::parse(kPeftWritten);
    for (const auto& item : j.items()) EXPECT_TRUE(peft.contains(item.key())) << item.key();
    // Sorted keys, as save_pretrained's json.dumps(sort_keys=True).
    const std::string text = j.dump(2);
    EXPECT_LT(text.find("\"alpha_pattern\""), text.find("\"use_rslora\""));

    const auto back = ts::parseAdapterConfig(j);
    EXPECT_EQ(back.lora.r, 8);
    EXPECT_DOUBLE_EQ(back.lora.alpha, 16);
    EXPECT_DOUBLE_EQ(back.lora.dropout, 0.1);
    EXPECT_TRUE(back.lora.rsLora);
    EXPECT_EQ(back.lora.targets, config.lora.targets);
    EXPECT_EQ(back.baseModelNameOrPath, config.baseModelNameOrPath);
}

TEST(PeftConfig, WritesTheFileAtomicallyAndReadsItBack) {
    const auto dir = std::filesystem::temp_directory_path() / "ts_peft_config_test";
    std::filesystem::create_directories(dir);
    ts::PeftLoraConfig config;
    ts::writeAdapterConfigFile(config, dir.string());
    EXPECT_FALSE(std::filesystem::exists(dir / "adapter_config.json.tmp"));
    const auto back = ts::readAdapterConfigFile((dir / "adapter_config.json").string());
    EXPECT_EQ(back.lora.r, 16);
    EXPECT_TRUE(back.baseModelNameOrPath.empty());
    std::filesystem::remove_all(dir);
    EXPECT_THROW(ts::readAdapterConfigFile((dir / "adapter_config.json").string()), ts::Error);
}

TEST(PeftConfig, RefusesOtherPeftTypesAndUnsupportedVariantsNamingTheKey) {
    auto doc = nlohmann::json::parse(kPeftWritten);
    auto with = [&](const char* key, nlohmann::json value) {
        auto d = doc;
        d[key] = std::move(value);
        return d;
    };
    try {
        ts::parseAdapterConfig(with("peft_type", "IA3"), "a.json");
        FAIL();
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.field(), "peft_type");
        EXPECT_NE(std::string(e.what()).find("only LoRA"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("IA3"), std::string::npos);
    }
    EXPECT_EQ(errorField(with("task_type", "SEQ_CLS")), "task_type");
    EXPECT_EQ(errorField(with("use_dora", true)), "use_dora");
    EXPECT_EQ(errorField(with("bias", "all")), "bias");
    EXPECT_EQ(errorField(with("target_modules", ".*proj")), "target_modules");
    EXPECT_EQ(errorField(with("target_modules", {"q_proj", "lm_head"})), "target_modules");
    EXPECT_EQ(errorField(with("rank_pattern", {{"q_proj", 4}})), "rank_pattern");
    EXPECT_EQ(errorField(with("modules_to_save", {"lm_head"})), "modules_to_save");
    EXPECT_EQ(errorField(with("layers_to_transform", {0, 1})), "layers_to_transform");
    EXPECT_EQ(errorField(with("r", 0)), "r");
    EXPECT_EQ(errorField(with("r", "8")), "r");
    EXPECT_EQ(errorField(with("lora_alpha", -2)), "lora_alpha");
    EXPECT_EQ(errorField(with("lora_dropout", 1.5)), "lora_dropout");
    auto missing = doc;
    missing.erase("r");
    EXPECT_EQ(errorField(missing), "r");
    // Unknown bookkeeping keys from newer PEFT releases are ignored, as PEFT ignores them.
    EXPECT_EQ(errorField(with("some_future_key", nullptr)), "(no error)");
}

TEST(PeftTensorNames, FormatAndParseBothWays) {
    EXPECT_EQ(ts::peftTensorName({0, "q_proj"}, ts::LoraMatrix::A),
              "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight");
    EXPECT_EQ(ts::peftTensorName({23, "down_proj"}, ts::LoraMatrix::B),
              "base_model.model.model.layers.23.mlp.down_proj.lora_B.weight");
    for (const auto& module : ts::loraTargetModuleNames()) {
        for (auto m : {ts::LoraMatrix::A, ts::LoraMatrix::B}) {
            const ts::LoraSlot slot{117, module};
            const auto parsed = ts::parsePeftTensorName(ts::peftTensorName(slot, m));
            EXPECT_EQ(parsed.slot, slot);
            EXPECT_EQ(parsed.matrix, m);
        }
    }
    for (const char* bad : {"model.layers.0.self_attn.q_proj.lora_A.weight",
                            "base_model.model.model.layers.x.self_attn.q_proj.lora_A.weight",
                            "base_model.model.model.layers.0.mlp.q_proj.lora_A.weight",
                            "base_model.model.model.layers.0.self_attn.lm_head.lora_A.weight",
                            "base_model.model.model.layers.0.self_attn.q_proj.lora_C.weight",
                            "base_model.model.model.layers.0.self_attn.q_proj.lora_A.default.weight",
                            "base_model.model.model.layers.0", "base_model.model.model.layers."}) {
        try {
            ts::parsePeftTensorName(bad, "adapter_model.safetensors");
            ADD_FAILURE() << "accepted " << bad;
        } catch (const ts::Error& e) {
            EXPECT_EQ(e.field(), bad);
            EXPECT_EQ(e.file(), "adapter_model.safetensors");
        }
    }
}

TEST(PeftTensorNames, TensorMapsRoundTripAndAreCheckedAgainstTheConfig) {
    ts::LoraConfig config;
    config.r = 4;
    config.targets = {"q_proj", "down_proj"};
    std::map<ts::LoraSlot, ts::LoraWeights> weights;
    weights[{0, "q_proj"}] = {torch::randn({4, 32}), torch::randn({32, 4})};
    weights[{1, "down_proj"}] = {torch::randn({4, 64}), torch::randn({32, 4})};
    const auto map = ts::toPeftTensorMap(weights);
    ASSERT_EQ(map.size(), 4u);
    EXPECT_TRUE(map.count("base_model.model.model.layers.1.mlp.down_proj.lora_B.weight"));
    const auto back = ts::fromPeftTensorMap(map, config, "f");
    ASSERT_EQ(back.size(), 2u);
    EXPECT_TRUE(torch::equal(back.at({1, "down_proj"}).first, weights.at({1, "down_proj"}).first));

    auto missingB = map;
    missingB.erase("base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight");
    EXPECT_THROW(ts::fromPeftTensorMap(missingB, config, "f"), ts::Error);
    auto wrongRank = map;
    wrongRank["base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"] = torch::zeros({8, 32});
    EXPECT_THROW(ts::fromPeftTensorMap(wrongRank, config, "f"), ts::Error);
    auto untargeted = map;
    untargeted["base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight"] = torch::zeros({4, 32});
    EXPECT_THROW(ts::fromPeftTensorMap(untargeted, config, "f"), ts::Error);
}
