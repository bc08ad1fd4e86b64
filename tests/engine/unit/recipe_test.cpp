// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/error.h"
#include "engine/train/recipe.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace {

using nlohmann::json;

// The field a bad recipe is refused for, and the message's text.
std::pair<std::string, std::string> refusal(const json& doc) {
    try {
        ts::parseRecipe(doc, "recipe.json");
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.file(), "recipe.json");
        return {e.field(), e.what()};
    }
    return {"(accepted)", ""};
}

std::filesystem::path presetDir() {
    return std::filesystem::path(TS_TEST_DATA_DIR) / ".." / ".." / "resources" / "recipes";
}

}  // namespace

TEST(Recipe, EmptyDocumentGivesTheDocumentedDefaults) {
    const auto r = ts::parseRecipe(json::object());
    EXPECT_EQ(r.method, ts::TrainMethod::Sft);
    EXPECT_EQ(r.quant, ts::WeightQuant::Nf4);
    EXPECT_TRUE(r.doubleQuant);
    EXPECT_EQ(r.lora.r, 16);
    EXPECT_DOUBLE_EQ(r.lora.alpha, 32);
    EXPECT_DOUBLE_EQ(r.lora.dropout, 0.05);
    EXPECT_EQ(r.lora.targets.size(), 7u);
    EXPECT_FALSE(r.lora.rsLora);
    EXPECT_EQ(r.lora.compute, ts::LoraConfig::Compute::Float32);
    EXPECT_DOUBLE_EQ(r.lr, 2e-4);
    EXPECT_EQ(r.schedule, ts::LrScheduleKind::Cosine);
    EXPECT_EQ(r.warmupSteps, 10);
    EXPECT_DOUBLE_EQ(r.weightDecay, 0.0);
    EXPECT_DOUBLE_EQ(r.maxGradNorm, 1.0);
    EXPECT_EQ(r.epochs, 1);
    EXPECT_EQ(r.maxSteps, 0);
    EXPECT_EQ(r.batchSize, 4);
    EXPECT_EQ(r.gradAccum, 1);
    EXPECT_EQ(r.maxSeqLen, 1024);
    EXPECT_FALSE(r.packing);
    EXPECT_FALSE(r.gradCkpt);
    EXPECT_EQ(r.evalEvery, 0);
    EXPECT_EQ(r.saveEvery, 0);
    EXPECT_EQ(r.seed, 42u);
    EXPECT_DOUBLE_EQ(r.dpo.beta, 0.1);
    EXPECT_DOUBLE_EQ(r.dpo.labelSmoothing, 0.0);
}

TEST(Recipe, ReadsEveryKey) {
    const auto r = ts::parseRecipe(json::parse(R"({
        "method": "dpo", "quant": "none", "double_quant": false,
        "lora": {"r": 8, "alpha": 16.5, "dropout": 0.0, "targets": ["q_proj", "v_proj"], "rslora": true,
                 "compute": "autocast"},
        "lr": 1e-5, "schedule": "linear", "warmup_steps": 0, "weight_decay": 0.01,
        "max_grad_norm": 0.0, "epochs": 3, "max_steps": 100, "batch_size": 2, "grad_accum": 8,
        "max_seq_len": 512, "packing": true, "grad_ckpt": true, "eval_every": 25,
        "save_every": 50, "seed": 7, "dpo": {"beta": 0.5, "label_smoothing": 0.1}})"));
    EXPECT_EQ(r.method, ts::TrainMethod::Dpo);
    EXPECT_EQ(r.quant, ts::WeightQuant::None);
    EXPECT_FALSE(r.doubleQuant);
    EXPECT_EQ(r.lora.r, 8);
    EXPECT_DOUBLE_EQ(r.lora.alpha, 16.5);
    EXPECT_EQ(r.lora.targets, (std::vector<std::string>{"q_proj", "v_proj"}));
    EXPECT_TRUE(r.lora.rsLora);
    EXPECT_EQ(r.lora.compute, ts::LoraConfig::Compute::Autocast);
    EXPECT_DOUBLE_EQ(r.lr, 1e-5);
    EXPECT_EQ(r.schedule, ts::LrScheduleKind::Linear);
    EXPECT_EQ(r.warmupSteps, 0);
    EXPECT_DOUBLE_EQ(r.weightDecay, 0.01);
    EXPECT_DOUBLE_EQ(r.maxGradNorm, 0.0);
    EXPECT_EQ(r.epochs, 3);
    EXPECT_EQ(r.maxSteps, 100);
    EXPECT_EQ(r.batchSize, 2);
    EXPECT_EQ(r.gradAccum, 8);
    EXPECT_EQ(r.maxSeqLen, 512);
    EXPECT_TRUE(r.packing);
    EXPECT_TRUE(r.gradCkpt);
    EXPECT_EQ(r.evalEvery, 25);
    EXPECT_EQ(r.saveEvery, 50);
    EXPECT_EQ(r.seed, 7u);
    EXPECT_DOUBLE_EQ(r.dpo.beta, 0.5);
    EXPECT_DOUBLE_EQ(r.dpo.labelSmoothing, 0.1);
}

TEST(Recipe, ToJsonWritesEveryKeyAndRoundTrips) {
    const json doc = json::parse(R"({"method": "dpo", "lr": 3e-4, "lora": {"r": 4},
        "ui": {"color": "teal", "collapsed": ["lora"]}, "name": "mine",
        "thresholds": {"min_eval_loss_drop": 0.1}, "base_model": "smollm2-135m"})");
    const auto r = ts::parseRecipe(doc);
    const json out = r.toJson();
    for (const char* key : {"method", "quant", "double_quant", "lora", "lr", "schedule", "warmup_steps",
                            "weight_decay", "max_grad_norm", "epochs", "max_steps", "batch_size",
                            "grad_accum", "max_seq_len", "packing", "grad_ckpt", "eval_every",
                            "save_every", "seed", "dpo"})
        EXPECT_TRUE(out.contains(key)) << key;
    EXPECT_EQ(out["lora"].size(), 6u);
    EXPECT_EQ(out["lora"]["compute"], "float32");
    EXPECT_EQ(out["dpo"].size(), 2u);
    // GUI keys come back untouched.
    EXPECT_EQ(out["ui"], doc["ui"]);
    EXPECT_EQ(out["thresholds"], doc["thresholds"]);
    EXPECT_EQ(out["name"], "mine");
    EXPECT_EQ(out["base_model"], "smollm2-135m");
    EXPECT_FALSE(out.contains("description"));
    // Parse(toJson(x)) == x, compared through the full document.
    EXPECT_EQ(ts::parseRecipe(out).toJson(), out);
    EXPECT_EQ(ts::parseRecipeText(out.dump()).toJson(), out);
}

TEST(Recipe, UnknownKeysAreRefusedByName) {
    EXPECT_EQ(refusal(json{{"learning_rate", 1e-4}}).first, "learning_rate");
    EXPECT_EQ(refusal(json{{"lora", {{"rank", 8}}}}).first, "lora.rank");
    EXPECT_EQ(refusal(json{{"dpo", {{"gamma", 1}}}}).first, "dpo.gamma");
    EXPECT_NE(refusal(json{{"learning_rate", 1e-4}}).second.find("unknown key"), std::string::npos);
}

TEST(Recipe, WrongTypesAndRangesAreRefusedNamingKeyAndRange) {
    struct Case {
        json doc;
        std::string field, rangeText;
    };
    const Case cases[] = {
        {{{"method", "ppo"}}, "method", "sft, dpo"},
        {{{"method", 1}}, "method", "sft, dpo"},
        {{{"quant", "int8"}}, "quant", "nf4, none"},
        {{{"double_quant", "yes"}}, "double_quant", "true or false"},
        {{{"lora", {{"r", 0}}}}, "lora.r", "[1, 1024]"},
        {{{"lora", {{"r", 8.5}}}}, "lora.r", "integer"},
        {{{"lora", {{"alpha", 0}}}}, "lora.alpha", "(0, 1e+06]"},
        {{{"lora", {{"dropout", 1.0}}}}, "lora.dropout", "[0, 1)"},
        {{{"lora", {{"compute", "fp16"}}}}, "lora.compute", "autocast, float32"},
        {{{"lora", {{"compute", 32}}}}, "lora.compute", "autocast, float32"},
        {{{"lora", {{"targets", {"q_proj", "embed_tokens"}}}}}, "lora.targets", "embed_tokens"},
        {{{"lora", {{"targets", "q_proj"}}}}, "lora.targets", "array"},
        {{{"lora", 16}}, "lora", "object"},
        {{{"lr", 0}}, "lr", "(0, 1]"},
        {{{"lr", "2e-4"}}, "lr", "number"},
        {{{"schedule", "step"}}, "schedule", "cosine, linear, constant"},
        {{{"warmup_steps", -1}}, "warmup_steps", "[0, 1000000000]"},
        {{{"weight_decay", 2}}, "weight_decay", "[0, 1]"},
        {{{"max_grad_norm", -0.5}}, "max_grad_norm", "[0, 1e+06]"},
        {{{"epochs", 0}}, "epochs", "[1, 1000]"},
        {{{"max_steps", 1.0}}, "max_steps", "integer"},
        {{{"batch_size", 0}}, "batch_size", "[1, 4096]"},
        {{{"grad_accum", 5000}}, "grad_accum", "[1, 4096]"},
        {{{"max_seq_len", 8}}, "max_seq_len", "[16, 131072]"},
        {{{"packing", 1}}, "packing", "true or false"},
        {{{"eval_every", -5}}, "eval_every", "[0, "},
        {{{"seed", -1}}, "seed", "[0, 4294967295]"},
        {{{"seed", 18446744073709551615ull}}, "seed", "[0, 4294967295]"},
        {{{"dpo", {{"beta", 0}}}}, "dpo.beta", "(0, 100]"},
        {{{"dpo", {{"label_smoothing", 0.5}}}}, "dpo.label_smoothing", "[0, 0.5)"},
        {{{"ui", "compact"}}, "ui", "object"},
        {{{"name", 3}}, "name", "string"},
    };
    for (const auto& c : cases) {
        const auto [field, message] = refusal(c.doc);
        EXPECT_EQ(field, c.field) << c.doc.dump();
        EXPECT_NE(message.find(c.rangeText), std::string::npos) << message;
    }
    EXPECT_THROW(ts::parseRecipe(json::array()), ts::Error);
    EXPECT_THROW(ts::parseRecipeText("{\"lr\": ", "broken.json"), ts::Error);
    EXPECT_THROW(ts::loadRecipeFile("/nonexistent/recipe.json"), ts::Error);
}

TEST(Recipe, StepCountAndScheduleFollowTheRecipe) {
    auto r = ts::parseRecipe(json{{"epochs", 2}, {"batch_size", 4}, {"grad_accum", 3}});
    // 50 examples: 13 batches -> ceil(13 / 3) = 5 optimizer steps per epoch.
    EXPECT_EQ(r.totalOptimizerSteps(50), 10);
    r.maxSteps = 7;
    EXPECT_EQ(r.totalOptimizerSteps(50), 7);
    const auto s = r.lrSchedule(100);
    EXPECT_EQ(s.kind, ts::LrScheduleKind::Cosine);
    EXPECT_DOUBLE_EQ(s.baseLr, 2e-4);
    EXPECT_EQ(s.warmupSteps, 10);
    EXPECT_EQ(s.totalSteps, 100);
}

TEST(Recipe, EveryShippedPresetLoadsValidatesAndRoundTrips) {
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(presetDir())) {
        if (entry.path().extension() != ".json") continue;
        ++count;
        SCOPED_TRACE(entry.path().string());
        const auto r = ts::loadRecipeFile(entry.path().string());
        EXPECT_TRUE(r.passthrough.contains("name")) << "presets carry a display name";
        EXPECT_TRUE(r.passthrough.contains("description"));
        EXPECT_EQ(ts::parseRecipe(r.toJson()).toJson(), r.toJson());
    }
    EXPECT_GE(count, 4);
    const auto demo = ts::loadRecipeFile((presetDir() / "cpu-tiny-demo.json").string());
    EXPECT_EQ(demo.quant, ts::WeightQuant::None);
    EXPECT_EQ(demo.lora.r, 8);
    EXPECT_EQ(demo.lora.targets, (std::vector<std::string>{"q_proj", "v_proj"}));
    EXPECT_EQ(demo.maxSeqLen, 256);
    EXPECT_EQ(demo.batchSize, 4);
    EXPECT_EQ(demo.maxSteps, 60);
    const auto qlora = ts::loadRecipeFile((presetDir() / "qlora-r16.json").string());
    EXPECT_EQ(qlora.quant, ts::WeightQuant::Nf4);
    EXPECT_TRUE(qlora.doubleQuant);
    const auto baseline = ts::loadRecipeFile((presetDir() / "baseline-lora-r16.json").string());
    EXPECT_EQ(baseline.quant, ts::WeightQuant::None);
    EXPECT_EQ(baseline.lora.r, 16);
    EXPECT_EQ(ts::loadRecipeFile((presetDir() / "dpo-r16.json").string()).method, ts::TrainMethod::Dpo);
}
