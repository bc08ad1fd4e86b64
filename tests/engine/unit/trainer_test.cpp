// SPDX-License-Identifier: GPL-3.0-or-later
// End-to-end training on the CPU with a tiny random-init model: SFT learns, resume equals an
// uninterrupted run, the adapter round-trips through the PEFT format and merges, DPO learns a
// preference that holds on held-out pairs.
#include "engine/formats/safetensors.h"
#include "engine/model/model_loader.h"
#include "engine/train/adapter_io.h"
#include "engine/train/model_shapes.h"
#include "engine/train/trainer.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

const std::string kTokenizer =
    std::string(TS_SHARED_FIXTURES_DIR) + "/tokenizers/llama2-style/tokenizer.json";

class TrainerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = fs::temp_directory_path() / ("ts-trainer-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
        ts::writeRandomInitModel("tiny", kTokenizer, (dir_ / "model").string(), 1);
        std::ofstream sft(dir_ / "sft.jsonl");
        const char* answers[] = {"blue", "green", "red", "yellow"};
        for (int i = 0; i < 16; ++i)
            sft << R"({"prompt": "Colour number )" << (i % 4) << R"(?", "completion": ")"
                << answers[i % 4] << "\"}\n";
        std::ofstream dpo(dir_ / "dpo.jsonl"), dpoEval(dir_ / "dpo_eval.jsonl");
        const char* things[] = {"cats", "dogs", "tea", "rain", "music", "books", "trees", "boats",
                                "bread", "snow", "maps", "clocks"};
        for (int i = 0; i < 12; ++i) {
            auto& out = i < 9 ? dpo : dpoEval;
            out << R"({"prompt": "Tell me about )" << things[i]
                << R"(.", "chosen": "Happy to help.", "rejected": "No."})" << "\n";
        }
    }
    static void TearDownTestSuite() { fs::remove_all(dir_); }

    static std::vector<ts::TrainMetrics> train(const std::string& recipe, const std::string& out,
                                               const std::string& data, bool resume = false,
                                               const std::string& eval = {}) {
        std::vector<ts::TrainMetrics> steps;
        ts::TrainRequest req;
        req.modelPath = (dir_ / "model").string();
        req.trainDataPath = (dir_ / data).string();
        if (!eval.empty()) req.evalDataPath = (dir_ / eval).string();
        req.recipeJson = recipe;
        req.outDir = (dir_ / out).string();
        req.resume = resume;
        req.device = ts::ComputePreference::Cpu;
        req.onStep = [&](const ts::TrainMetrics& m) {
            steps.push_back(m);
            return true;
        };
        auto result = ts::runTraining(req);
        EXPECT_EQ(result.status, ts::TrainStatus::Completed) << result.error;
        return steps;
    }
    static fs::path dir_;
};
fs::path TrainerTest::dir_;

TEST_F(TrainerTest, TinyModelLearnsTinyDataset) {
    auto steps = train(R"({"quant":"none","lora":{"r":16,"alpha":32,"dropout":0.0},"lr":1e-2,
                          "schedule":"constant","warmup_steps":0,"max_steps":40,"batch_size":4,
                          "max_seq_len":128,"seed":3})",
                       "learn", "sft.jsonl");
    ASSERT_EQ(steps.size(), 40u);
    EXPECT_LT(steps.back().loss, 0.5 * steps.front().loss)
        << "first " << steps.front().loss << " last " << steps.back().loss;
    for (const auto& m : steps) EXPECT_GT(m.gradNorm, 0.0);
    EXPECT_TRUE(fs::exists(dir_ / "learn/adapter/adapter_model.safetensors"));
}

TEST_F(TrainerTest, ResumedRunRepeatsTheUninterruptedLossesExactly) {
    const std::string recipe = R"({"quant":"nf4","lora":{"r":4,"alpha":8,"dropout":0.1},
        "lr":5e-3,"max_steps":6,"batch_size":2,"grad_accum":2,"max_seq_len":128,"save_every":3,
        "warmup_steps":2,"schedule":"cosine","seed":7})";
    auto full = train(recipe, "resume", "sft.jsonl");
    ASSERT_EQ(full.size(), 6u);
    ASSERT_TRUE(fs::exists(dir_ / "resume/checkpoint-3/optimizer.pt"));
    auto resumed = train(recipe, "resume", "sft.jsonl", /*resume=*/true);
    ASSERT_EQ(resumed.size(), 3u);
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(resumed[i].step, full[i + 3].step);
        EXPECT_DOUBLE_EQ(resumed[i].loss, full[i + 3].loss) << "step " << resumed[i].step;
        EXPECT_DOUBLE_EQ(resumed[i].learningRate, full[i + 3].learningRate);
    }
}

TEST_F(TrainerTest, AdapterRoundTripsThroughPeftFormatAndMerges) {
    train(R"({"quant":"none","lora":{"r":4,"alpha":8,"dropout":0.0,"targets":["q_proj","v_proj","down_proj"]},
              "lr":1e-2,"max_steps":3,"batch_size":4,"max_seq_len":128})",
          "roundtrip", "sft.jsonl");
    const auto adapter = (dir_ / "roundtrip/adapter").string();
    auto st = ts::SafetensorsFile::open(adapter + "/adapter_model.safetensors");
    EXPECT_TRUE(st.has("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"));
    EXPECT_TRUE(st.has("base_model.model.model.layers.3.mlp.down_proj.lora_B.weight"));
    EXPECT_FALSE(st.has("base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight"));

    auto ids = torch::tensor({{1L, 450L, 2927L, 338L, 7933L, 29889L}});
    auto base = ts::loadCausalLM((dir_ / "model").string(), torch::kCPU);
    auto withAdapter = ts::loadCausalLM((dir_ / "model").string(), torch::kCPU);
    ts::loadAdapter(*withAdapter, adapter);
    torch::NoGradGuard noGrad;
    auto logitsBase = base->forward(ids);
    auto logitsAdapter = withAdapter->forward(ids);
    EXPECT_GT((logitsAdapter - logitsBase).abs().max().item<double>(), 1e-4);  // it changed something
    ts::saveMergedModel(*withAdapter, (dir_ / "merged").string(), torch::kFloat);
    fs::copy_file(dir_ / "model/tokenizer.json", dir_ / "merged/tokenizer.json");
    auto merged = ts::loadCausalLM((dir_ / "merged").string(), torch::kCPU);
    EXPECT_LT((merged->forward(ids) - logitsAdapter).abs().max().item<double>(), 1e-4);
}

TEST_F(TrainerTest, DpoRaisesHeldOutRewardAccuracy) {
    auto steps = train(R"({"method":"dpo","quant":"none","lora":{"r":8,"alpha":16,"dropout":0.0},
                          "lr":2e-2,"schedule":"constant","warmup_steps":0,"max_steps":12,
                          "batch_size":3,"max_seq_len":128,"eval_every":12,"dpo":{"beta":0.1}})",
                       "dpo", "dpo.jsonl", false, "dpo_eval.jsonl");
    ASSERT_EQ(steps.size(), 12u);
    ASSERT_TRUE(steps.back().extra.count("eval_rewards/accuracy"));
    EXPECT_GT(steps.back().extra.at("eval_rewards/accuracy"), 0.9);
    EXPECT_GT(steps.back().extra.at("rewards/margin"), steps.front().extra.at("rewards/margin"));
    EXPECT_LT(steps.back().loss, steps.front().loss);
}

TEST_F(TrainerTest, BadInputsFailWithAClearMessage) {
    ts::TrainRequest req;
    req.modelPath = (dir_ / "model").string();
    req.trainDataPath = (dir_ / "missing.jsonl").string();
    req.recipeJson = R"({"lora":{"r":8}})";
    req.outDir = (dir_ / "bad").string();
    req.device = ts::ComputePreference::Cpu;
    auto r = ts::runTraining(req);
    EXPECT_EQ(r.status, ts::TrainStatus::Failed);
    EXPECT_NE(r.error.find("missing.jsonl"), std::string::npos) << r.error;
    req.trainDataPath = (dir_ / "sft.jsonl").string();
    req.recipeJson = R"({"lr": "fast"})";
    r = ts::runTraining(req);
    EXPECT_EQ(r.status, ts::TrainStatus::Failed);
    EXPECT_NE(r.error.find("lr"), std::string::npos) << r.error;
}

}  // namespace
