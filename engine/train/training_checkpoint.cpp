// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/training_checkpoint.h"

#include "engine/core/error.h"
#include "engine/train/adapter_io.h"

#include <ATen/Context.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace ts {

namespace fs = std::filesystem;

namespace {
constexpr const char* kPrefix = "checkpoint-";
constexpr int kKeepCheckpoints = 3;  // older ones are removed to bound disk use

at::Generator generatorOf(const torch::Device& device) {
    return at::globalContext().defaultGenerator(device.is_cuda() ? device : torch::Device(torch::kCPU));
}

std::vector<std::pair<std::int64_t, fs::path>> listCheckpoints(const std::string& outDir) {
    std::vector<std::pair<std::int64_t, fs::path>> found;
    std::error_code ec;
    if (!fs::is_directory(outDir, ec)) return found;
    for (const auto& entry : fs::directory_iterator(outDir, ec)) {
        const auto name = entry.path().filename().string();
        if (name.rfind(kPrefix, 0) != 0 || !entry.is_directory()) continue;
        if (!fs::exists(entry.path() / "trainer_state.json")) continue;
        try {
            found.emplace_back(std::stoll(name.substr(std::string(kPrefix).size())), entry.path());
        } catch (const std::exception&) {
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}
}  // namespace

std::string writeTrainingCheckpoint(const std::string& outDir, const TrainingState& state,
                                    CausalLM& model, const LoraConfig& lora,
                                    const std::string& baseModel, torch::optim::Optimizer& optimizer,
                                    const torch::Device& device) {
    const fs::path finalDir = fs::path(outDir) / (kPrefix + std::to_string(state.step));
    const fs::path tmpDir = fs::path(outDir) / ("." + finalDir.filename().string() + ".tmp");
    fs::remove_all(tmpDir);
    fs::create_directories(tmpDir);
    saveAdapter(model, lora, baseModel, tmpDir.string());
    torch::save(optimizer, (tmpDir / "optimizer.pt").string());
    torch::save(generatorOf(torch::kCPU).get_state(), (tmpDir / "rng_cpu.pt").string());
    if (device.is_cuda()) torch::save(generatorOf(device).get_state(), (tmpDir / "rng_cuda.pt").string());
    nlohmann::json doc{{"step", state.step}, {"epoch", state.epoch},
                       {"recipe", nlohmann::json::parse(state.recipeJson)}};
    {
        std::ofstream out(tmpDir / "trainer_state.json");
        out << doc.dump(2) << "\n";
        if (!out) throw Error("cannot write the checkpoint state", (tmpDir / "trainer_state.json").string());
    }
    fs::remove_all(finalDir);
    fs::rename(tmpDir, finalDir);
    auto all = listCheckpoints(outDir);
    for (size_t i = 0; i + kKeepCheckpoints < all.size(); ++i) fs::remove_all(all[i].second);
    return finalDir.string();
}

std::optional<std::string> latestTrainingCheckpoint(const std::string& outDir) {
    auto all = listCheckpoints(outDir);
    if (all.empty()) return std::nullopt;
    return all.back().second.string();
}

TrainingState readTrainingCheckpoint(const std::string& folder, CausalLM& model,
                                     torch::optim::Optimizer& optimizer, const torch::Device& device) {
    const auto statePath = folder + "/trainer_state.json";
    std::ifstream in(statePath);
    if (!in) throw Error("checkpoint has no trainer_state.json", folder);
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("invalid JSON: ") + e.what(), statePath);
    }
    TrainingState state;
    state.step = doc.value("step", std::int64_t(0));
    state.epoch = doc.value("epoch", 0.0);
    state.recipeJson = doc.contains("recipe") ? doc["recipe"].dump() : "{}";
    loadAdapterWeightsInto(model, folder);
    torch::load(optimizer, folder + "/optimizer.pt");
    torch::Tensor rng;
    torch::load(rng, folder + "/rng_cpu.pt");
    generatorOf(torch::kCPU).set_state(rng);
    if (device.is_cuda() && fs::exists(folder + "/rng_cuda.pt")) {
        torch::load(rng, folder + "/rng_cuda.pt");
        generatorOf(device).set_state(rng);
    }
    return state;
}

}  // namespace ts
