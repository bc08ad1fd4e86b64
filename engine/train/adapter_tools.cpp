// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/adapter_tools.h"

#include "engine/core/error.h"
#include "engine/formats/safetensors.h"
#include "engine/model/model_loader.h"
#include "engine/train/adapted_projections.h"
#include "engine/train/adapter_io.h"
#include "engine/train/peft_adapter.h"

#include <filesystem>

namespace ts {

namespace fs = std::filesystem;

double writeAdapterCheck(const std::string& modelPath, const std::string& adapterDir,
                         const std::vector<std::int64_t>& ids, const std::string& outFile,
                         bool useCuda, bool withGradients) {
    const torch::Device device = useCuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    auto model = loadCausalLM(modelPath, device);
    loadAdapter(*model, adapterDir);
    model->eval();  // no dropout
    auto input = torch::tensor(ids, torch::kLong).unsqueeze(0).to(device);
    std::vector<torch::Tensor> params;
    std::vector<std::string> names;
    for (const auto& name : loraProjectionNames(*model)) {
        auto* lora = static_cast<LoraProjection*>(model->projection(name).get());
        const auto layerStart = std::string("model.layers.").size();
        LoraSlot slot{std::stoll(name.substr(layerStart, name.find('.', layerStart) - layerStart)),
                      name.substr(name.rfind('.') + 1)};
        auto& a = lora->adapter()->loraA();
        auto& b = lora->adapter()->loraB();
        a.set_requires_grad(withGradients);
        b.set_requires_grad(withGradients);
        params.push_back(a);
        names.push_back(peftTensorName(slot, LoraMatrix::A));
        params.push_back(b);
        names.push_back(peftTensorName(slot, LoraMatrix::B));
    }
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
        for (size_t i = 0; i < params.size(); ++i)
            out.emplace_back(names[i], params[i].grad().detach().to(torch::kCPU).to(torch::kFloat).contiguous());
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

}  // namespace ts
