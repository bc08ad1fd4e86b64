// SPDX-License-Identifier: GPL-3.0-or-later
// QLoRA on the real demo model (SmolLM2-135M-Instruct, Q4_1 GGUF) on the CPU: the GGUF weights
// are dequantized and re-quantized to NF4 with double quantization, rank-8 LoRA on q/v trains a
// few optimizer steps on a tiny repeated dataset, every step's loss is finite, the loss falls,
// and the PEFT adapter folder holds A and B for both projections of all 30 layers.
#include "engine/core/paths.h"
#include "engine/formats/safetensors.h"
#include "engine/train/trainer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

TEST(DemoQlora, TrainsAFewNf4StepsOnTheCpu) {
    const auto model = ts::demoModelPath();
    if (!ts::fileExists(model)) GTEST_SKIP() << "demo model not found at " << model
                                             << " (scripts/fetch-demo-model.sh)";
    const auto dir = fs::temp_directory_path() / ("ts-demo-qlora-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    {
        std::ofstream data(dir / "train.jsonl");
        for (int i = 0; i < 4; ++i)
            data << R"({"prompt": "Ticket: my invoice )" << i
                 << R"( was charged twice.", "completion": "{\"category\": \"billing\", \"priority\": \"high\"}"})"
                 << "\n";
    }
    ts::TrainRequest request;
    request.modelPath = model;
    request.trainDataPath = (dir / "train.jsonl").string();
    request.outDir = (dir / "out").string();
    request.device = ts::ComputePreference::Cpu;
    request.recipeJson = R"({"quant": "nf4", "double_quant": true,
        "lora": {"r": 8, "alpha": 16, "dropout": 0.0, "targets": ["q_proj", "v_proj"]},
        "lr": 2e-3, "schedule": "constant", "warmup_steps": 0, "max_steps": 6, "batch_size": 4,
        "max_seq_len": 64, "seed": 3})";
    std::vector<double> losses;
    request.onStep = [&](const ts::TrainMetrics& m) {
        losses.push_back(m.loss);
        return true;
    };
    const auto result = ts::runTraining(request);
    ASSERT_EQ(result.status, ts::TrainStatus::Completed) << result.error;
    ASSERT_EQ(losses.size(), 6u);
    for (double loss : losses) EXPECT_TRUE(std::isfinite(loss));
    // The same four examples every step: the adapter must fit them.
    EXPECT_LT(losses.back(), 0.8 * losses.front())
        << "first " << losses.front() << ", last " << losses.back();

    const auto adapter =
        ts::SafetensorsFile::open((fs::path(result.adapterDir) / "adapter_model.safetensors").string());
    int loraTensors = 0;
    for (const auto& name : adapter.names())
        loraTensors += name.find(".lora_A.weight") != std::string::npos ||
                       name.find(".lora_B.weight") != std::string::npos;
    EXPECT_EQ(loraTensors, 30 * 2 * 2);
    EXPECT_TRUE(fs::exists(fs::path(result.adapterDir) / "adapter_config.json"));
    fs::remove_all(dir);
}
