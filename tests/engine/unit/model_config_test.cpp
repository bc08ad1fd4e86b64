// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/error.h"
#include "engine/model/model_config.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

const std::string kReferenceDir = std::string(TS_TEST_DATA_DIR) + "/reference_models/";

nlohmann::json minimalLlama() {
    return {{"architectures", {"LlamaForCausalLM"}}, {"hidden_size", 64}, {"intermediate_size", 160},
            {"num_hidden_layers", 2}, {"num_attention_heads", 4}, {"vocab_size", 384}};
}

// Runs parse and returns the error's field ("" when it did not throw).
std::string errorField(const nlohmann::json& doc) {
    try {
        ts::parseModelConfig(doc, "some/config.json");
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.file(), "some/config.json");
        return e.field();
    }
    return "";
}

TEST(ModelConfig, ReadsLlamaReferenceWithLlama3RopeParameters) {
    auto c = ts::loadModelConfig(kReferenceDir + "llama/config.json");
    EXPECT_EQ(c.architecture, ts::ModelArchitecture::Llama);
    EXPECT_EQ(c.hiddenSize, 64);
    EXPECT_EQ(c.numKeyValueHeads, 2);
    EXPECT_EQ(c.queryGroupSize(), 2);
    EXPECT_EQ(c.headDim, 16);
    EXPECT_DOUBLE_EQ(c.ropeTheta, 500000.0);
    EXPECT_EQ(c.ropeScaling.type, ts::RopeScaling::Type::Llama3);
    EXPECT_DOUBLE_EQ(c.ropeScaling.factor, 8.0);
    EXPECT_EQ(c.ropeScaling.originalMaxPositionEmbeddings, 32);
    EXPECT_FALSE(c.tieWordEmbeddings);
    EXPECT_EQ(c.eosTokenIds, std::vector<std::int64_t>{2});
    EXPECT_EQ(c.torchDtype, "float32");
}

TEST(ModelConfig, Qwen2AlwaysHasQkvBiasAndTiesEmbeddings) {
    auto c = ts::loadModelConfig(kReferenceDir + "qwen2/config.json");
    EXPECT_EQ(c.architecture, ts::ModelArchitecture::Qwen2);
    EXPECT_TRUE(c.attentionBias);
    EXPECT_FALSE(c.outputProjectionBias);
    EXPECT_TRUE(c.tieWordEmbeddings);
    EXPECT_DOUBLE_EQ(c.ropeTheta, 1000000.0);
    EXPECT_EQ(c.ropeScaling.type, ts::RopeScaling::Type::None);
}

TEST(ModelConfig, OlderRopeScalingAndDefaults) {
    auto doc = minimalLlama();
    doc["rope_theta"] = 123.0;
    doc["rope_scaling"] = {{"type", "linear"}, {"factor", 2.0}};
    doc["eos_token_id"] = {2, 7};
    auto c = ts::parseModelConfig(doc);
    EXPECT_DOUBLE_EQ(c.ropeTheta, 123.0);
    EXPECT_EQ(c.ropeScaling.type, ts::RopeScaling::Type::Linear);
    EXPECT_EQ(c.numKeyValueHeads, 4);  // defaults to the query heads
    EXPECT_EQ(c.headDim, 16);          // hidden / heads
    EXPECT_EQ(c.eosTokenIds, (std::vector<std::int64_t>{2, 7}));
    auto again = ts::parseModelConfig(ts::modelConfigToJson(c));
    EXPECT_EQ(again.eosTokenIds, c.eosTokenIds);
    EXPECT_EQ(again.ropeScaling.type, c.ropeScaling.type);
}

TEST(ModelConfig, ErrorsNameTheField) {
    auto doc = minimalLlama();
    doc["architectures"] = {"GPT2LMHeadModel"};
    EXPECT_EQ(errorField(doc), "architectures");

    doc = minimalLlama();
    doc.erase("hidden_size");
    EXPECT_EQ(errorField(doc), "hidden_size");

    doc = minimalLlama();
    doc["num_hidden_layers"] = "two";
    EXPECT_EQ(errorField(doc), "num_hidden_layers");

    doc = minimalLlama();
    doc["num_key_value_heads"] = 3;  // 4 query heads cannot be grouped by 3
    EXPECT_EQ(errorField(doc), "num_key_value_heads");

    doc = minimalLlama();
    doc["rope_scaling"] = {{"rope_type", "yarn"}, {"factor", 4.0}};
    EXPECT_EQ(errorField(doc), "rope_scaling.rope_type");

    doc = minimalLlama();
    doc["rope_scaling"] = {{"rope_type", "llama3"}, {"factor", 8.0}};
    EXPECT_EQ(errorField(doc), "rope_scaling.original_max_position_embeddings");

    doc = minimalLlama();
    doc["eos_token_id"] = 999;  // beyond vocab_size
    EXPECT_EQ(errorField(doc), "eos_token_id");

    doc = minimalLlama();
    doc["tie_word_embeddings"] = 1;
    EXPECT_EQ(errorField(doc), "tie_word_embeddings");

    EXPECT_EQ(errorField(minimalLlama()), "");
}

TEST(ModelConfig, MissingFileIsAnError) {
    EXPECT_THROW(ts::loadModelConfig("/nonexistent/config.json"), ts::Error);
}

}  // namespace
