// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/adapter_tools.h"

#include "engine/core/error.h"
#include "engine/formats/safetensors.h"
#include "engine/model/model_loader.h"
#include "engine/train/adapted_projections.h"
#include "engine/train/adapter_io.h"
#include "engine/train/batching.h"
#include "engine/train/dpo_loss.h"
#include "engine/train/peft_adapter.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace ts {

namespace fs = std::filesystem;

namespace {

// The LoRA matrices of a loaded adapter with their PEFT names, gradients switched on or off.
std::vector<std::pair<std::string, torch::Tensor>> loraParameters(CausalLM& model, bool withGradients) {
    std::vector<std::pair<std::string, torch::Tensor>> params;
    for (const auto& name : loraProjectionNames(model)) {
        auto* lora = static_cast<LoraProjection*>(model.projection(name).get());
        const auto layerStart = std::string("model.layers.").size();
        LoraSlot slot{std::stoll(name.substr(layerStart, name.find('.', layerStart) - layerStart)),
                      name.substr(name.rfind('.') + 1)};
        auto& a = lora->adapter()->loraA();
        auto& b = lora->adapter()->loraB();
        a.set_requires_grad(withGradients);
        b.set_requires_grad(withGradients);
        params.emplace_back(peftTensorName(slot, LoraMatrix::A), a);
        params.emplace_back(peftTensorName(slot, LoraMatrix::B), b);
    }
    return params;
}

std::vector<std::int64_t> idList(const nlohmann::json& pair, const char* key, const std::string& file,
                                 std::size_t index) {
    const std::string where = "[" + std::to_string(index) + "]." + key;
    if (!pair.contains(key) || !pair[key].is_array() || pair[key].empty())
        throw Error("needs a non-empty array of token ids", file, where);
    std::vector<std::int64_t> ids;
    for (const auto& id : pair[key]) {
        if (!id.is_number_integer()) throw Error("token ids must be integers", file, where);
        ids.push_back(id.get<std::int64_t>());
    }
    return ids;
}

}  // namespace

double writeAdapterCheck(const std::string& modelPath, const std::string& adapterDir,
                         const std::vector<std::int64_t>& ids, const std::string& outFile,
                         bool useCuda, bool withGradients, bool loraAutocast) {
    const torch::Device device = useCuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    auto model = loadCausalLM(modelPath, device);
    loadAdapter(*model, adapterDir,
                loraAutocast ? LoraConfig::Compute::Autocast : LoraConfig::Compute::Float32);
    model->eval();  // no dropout
    auto input = torch::tensor(ids, torch::kLong).unsqueeze(0).to(device);
    const auto params = loraParameters(*model, withGradients);
    torch::Tensor logits;
    double loss = 0;
    if (withGradients) {
        logits = model->forward(input);
        auto l = torch::nn::functional::cross_entropy(
            logits.slice(1, 0, logits.size(1) - 1).reshape({-1, logits.size(-1)}),
            input.slice(1, 1).reshape({-1}));
        l.backward();
        loss = l.item<double>();
    } else {
        torch::NoGradGuard noGrad;
        logits = model->forward(input);
    }
    std::vector<std::pair<std::string, torch::Tensor>> out;
    out.emplace_back("logits", logits.detach().to(torch::kCPU).to(torch::kFloat).contiguous());
    if (withGradients)
        for (const auto& [name, p] : params)
            out.emplace_back(name, p.grad().detach().to(torch::kCPU).to(torch::kFloat).contiguous());
    writeSafetensors(outFile, out, {{"loss", std::to_string(loss)}});
    return loss;
}

std::string mergeAdapter(const std::string& modelPath, const std::string& adapterDir,
                         const std::string& outDir, const std::string& dtype) {
    torch::ScalarType type = torch::kFloat;
    if (dtype == "bfloat16") type = torch::kBFloat16;
    else if (dtype == "float16") type = torch::kHalf;
    else if (dtype != "float32") throw Error("dtype must be float32, float16 or bfloat16", {}, "--dtype");
    auto model = loadCausalLM(modelPath, torch::kCPU);
    loadAdapter(*model, adapterDir);
    saveMergedModel(*model, outDir, type);
    // The tokenizer travels with the merged model so the folder is complete.
    const fs::path src = fs::is_directory(modelPath) ? fs::path(modelPath) : fs::path(modelPath).parent_path();
    for (const char* name : {"tokenizer.json", "tokenizer_config.json", "tokenizer.model",
                             "special_tokens_map.json", "generation_config.json"})
        if (fs::is_directory(modelPath) && fs::exists(src / name))
            fs::copy_file(src / name, fs::path(outDir) / name, fs::copy_options::overwrite_existing);
    return outDir;
}

double writeDpoCheck(const std::string& modelPath, const std::string& adapterDir,
                     const std::string& pairsFile, double beta, const std::string& outFile,
                     bool useCuda, bool float32) {
    std::ifstream in(pairsFile);
    if (!in) throw Error("cannot read the pairs file", pairsFile);
    nlohmann::json pairs;
    try {
        pairs = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("not JSON: ") + e.what(), pairsFile);
    }
    if (!pairs.is_array() || pairs.empty()) throw Error("expected a non-empty array of pairs", pairsFile);

    // Rows 0..n-1 chosen, n..2n-1 rejected (the trainer's layout), padded as the trainer pads.
    const auto n = static_cast<std::int64_t>(pairs.size());
    std::vector<TokenizedExample> rows;
    std::int64_t width = 0;
    for (const char* side : {"chosen", "rejected"})
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            TokenizedExample row;
            row.ids = idList(pairs[i], "prompt", pairsFile, i);
            row.labels.assign(row.ids.size(), kIgnoreIndex);
            const auto completion = idList(pairs[i], side, pairsFile, i);
            row.ids.insert(row.ids.end(), completion.begin(), completion.end());
            row.labels.insert(row.labels.end(), completion.begin(), completion.end());
            width = std::max<std::int64_t>(width, static_cast<std::int64_t>(row.ids.size()));
            rows.push_back(std::move(row));
        }
    std::vector<std::int64_t> order(rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int64_t>(i);
    const Batch batch = makeEpochBatches(rows, order, 2 * n, width, SequenceLayout::Padded, 0).front();

    const torch::Device device = useCuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    auto model = loadCausalLM(modelPath, device,
                              float32 ? std::optional<torch::ScalarType>(torch::kFloat) : std::nullopt);
    loadAdapter(*model, adapterDir);
    model->eval();  // no dropout
    auto params = loraParameters(*model, true);
    const auto ids = batch.inputIds.to(device);
    const auto mask = batch.attentionMask.to(device);
    const auto target = batch.labels.to(device);
    const auto positions = batch.positionIds.to(device);
    torch::Tensor reference;
    {
        torch::NoGradGuard noGrad;
        setAdaptersEnabled(*model, false);
        reference = sequenceLogProbs(model->forward(ids, mask, positions), target);
        setAdaptersEnabled(*model, true);
    }
    const auto policy = sequenceLogProbs(model->forward(ids, mask, positions), target);
    auto out = dpoLoss(policy.slice(0, 0, n), policy.slice(0, n), reference.slice(0, 0, n),
                       reference.slice(0, n), beta);
    out.loss.backward();

    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    auto cpu = [](const torch::Tensor& t) { return t.detach().to(torch::kCPU).to(torch::kFloat).contiguous(); };
    tensors.emplace_back("policy_chosen_logps", cpu(policy.slice(0, 0, n)));
    tensors.emplace_back("policy_rejected_logps", cpu(policy.slice(0, n)));
    tensors.emplace_back("reference_chosen_logps", cpu(reference.slice(0, 0, n)));
    tensors.emplace_back("reference_rejected_logps", cpu(reference.slice(0, n)));
    tensors.emplace_back("rewards_chosen", cpu(out.rewardsChosen));
    tensors.emplace_back("rewards_rejected", cpu(out.rewardsRejected));
    for (const auto& [name, p] : params) tensors.emplace_back(name, cpu(p.grad()));
    const double loss = out.loss.item<double>();
    writeSafetensors(outFile, tensors, {{"loss", std::to_string(loss)}});
    return loss;
}

}  // namespace ts
