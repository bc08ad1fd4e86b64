// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/model_shapes.h"

#include "engine/train/kernel_profile.h"
#include "engine/train/nf4.h"
#include "engine/train/optimizer.h"

#include "engine/core/device.h"
#include "engine/core/error.h"
#include "engine/core/memory_stats.h"
#include "engine/formats/safetensors.h"
#include "engine/model/causal_lm.h"
#include "engine/model/model_config.h"
#include "engine/tokenizer/tokenizer.h"
#include "engine/train/adapter_io.h"
#include "engine/train/batching.h"
#include "engine/train/chunked_loss.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>

namespace ts {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string shapeConfigJson(const std::string& shape, std::int64_t vocabSize) {
    json c{{"architectures", {"LlamaForCausalLM"}}, {"model_type", "llama"},
           {"hidden_act", "silu"}, {"attention_bias", false}, {"mlp_bias", false},
           {"bos_token_id", 1}, {"eos_token_id", 2}, {"rms_norm_eps", 1e-5},
           {"initializer_range", 0.02}};
    if (shape == "tiny") {
        c.update({{"hidden_size", 128}, {"intermediate_size", 352}, {"num_hidden_layers", 4},
                  {"num_attention_heads", 4}, {"num_key_value_heads", 2},
                  {"max_position_embeddings", 2048}, {"rope_theta", 10000.0},
                  {"tie_word_embeddings", true}, {"vocab_size", vocabSize > 0 ? vocabSize : 32000},
                  {"torch_dtype", "float32"}});
    } else if (shape == "llama-1b") {
        c.update({{"hidden_size", 2048}, {"intermediate_size", 8192}, {"num_hidden_layers", 16},
                  {"num_attention_heads", 32}, {"num_key_value_heads", 8}, {"head_dim", 64},
                  {"max_position_embeddings", 131072}, {"rope_theta", 500000.0},
                  {"rope_scaling", {{"rope_type", "llama3"}, {"factor", 32.0},
                                    {"low_freq_factor", 1.0}, {"high_freq_factor", 4.0},
                                    {"original_max_position_embeddings", 8192}}},
                  {"tie_word_embeddings", true}, {"vocab_size", vocabSize > 0 ? vocabSize : 128256},
                  {"torch_dtype", "bfloat16"}});
    } else if (shape == "llama-8b") {
        c.update({{"hidden_size", 4096}, {"intermediate_size", 14336}, {"num_hidden_layers", 32},
                  {"num_attention_heads", 32}, {"num_key_value_heads", 8}, {"head_dim", 128},
                  {"max_position_embeddings", 131072}, {"rope_theta", 500000.0},
                  {"rope_scaling", {{"rope_type", "llama3"}, {"factor", 8.0},
                                    {"low_freq_factor", 1.0}, {"high_freq_factor", 4.0},
                                    {"original_max_position_embeddings", 8192}}},
                  {"tie_word_embeddings", false}, {"vocab_size", vocabSize > 0 ? vocabSize : 128256},
                  {"torch_dtype", "bfloat16"}});
    } else {
        throw Error("unknown shape '" + shape + "' (known: tiny, llama-1b, llama-8b)", {}, "--shape");
    }
    return c.dump(2);
}

namespace {

void copyTokenizerFiles(const std::string& tokenizerPath, const fs::path& outDir) {
    std::vector<fs::path> files;
    if (fs::is_directory(tokenizerPath)) {
        for (const char* name : {"tokenizer.json", "tokenizer_config.json", "tokenizer.model",
                                 "special_tokens_map.json"})
            if (fs::exists(fs::path(tokenizerPath) / name)) files.push_back(fs::path(tokenizerPath) / name);
    } else {
        files.push_back(tokenizerPath);
        auto sibling = fs::path(tokenizerPath).parent_path() / "tokenizer_config.json";
        if (fs::exists(sibling)) files.push_back(sibling);
    }
    bool any = false;
    for (const auto& f : files) {
        const auto name = f.filename().string();
        if (name != "tokenizer.json" && name != "tokenizer.model" && name != "tokenizer_config.json" &&
            name != "special_tokens_map.json")
            throw Error("expected a tokenizer.json, a tokenizer.model or a folder holding them",
                        f.string());
        fs::copy_file(f, outDir / name, fs::copy_options::overwrite_existing);
        any = any || name != "tokenizer_config.json";
    }
    if (!any) throw Error("no tokenizer.json or tokenizer.model found", tokenizerPath);
}

}  // namespace

std::string writeRandomInitModel(const std::string& shape, const std::string& tokenizerPath,
                                 const std::string& outDir, std::uint64_t seed) {
    auto tokenizer = loadTokenizer(tokenizerPath);
    auto configText = shapeConfigJson(shape, tokenizer->vocabSize());
    auto configDoc = json::parse(configText);
    if (tokenizer->bosId() >= 0) configDoc["bos_token_id"] = tokenizer->bosId();
    if (tokenizer->eosId() >= 0) configDoc["eos_token_id"] = tokenizer->eosId();
    auto config = parseModelConfig(configDoc, "config.json");
    fs::create_directories(outDir);
    const auto dtype = shape == "tiny" ? torch::kFloat : torch::kBFloat16;
    torch::manual_seed(seed);
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    std::int64_t params = 0;
    {
        torch::NoGradGuard noGrad;
        CausalLM model(config, torch::TensorOptions().dtype(dtype));
        for (const auto& item : model.named_parameters(true)) {
            auto t = item.value();
            if (t.dim() == 1)
                // RMSNorm weights. The final norm of the tiny shape is raised so that its logits
                // (hidden . embedding, std ~0.02 * sqrt(hidden)) can span a learnable range: with
                // 1.0 a 128-wide model cannot express a peaked distribution at all.
                t.fill_(shape == "tiny" && item.key() == "model.norm.weight" ? 16.0 : 1.0);
            else
                t.normal_(0.0, 0.02);
            params += t.numel();
            tensors.emplace_back(item.key(), t);
        }
        std::sort(tensors.begin(), tensors.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        writeSafetensors((fs::path(outDir) / "model.safetensors").string(), tensors, {{"format", "pt"}});
    }
    {
        std::ofstream out(fs::path(outDir) / "config.json");
        out << configDoc.dump(2) << "\n";
        if (!out) throw Error("cannot write config.json", outDir);
    }
    copyTokenizerFiles(tokenizerPath, outDir);
    return "wrote " + shape + " (" + std::to_string(params) + " parameters, vocab " +
           std::to_string(config.vocabSize) + ") to " + outDir;
}

std::string runTrainingBench(const TrainingBenchParams& p) {
    const bool cuda = !p.forceCpu && queryComputeDevice().kind == DeviceKind::Cuda;
    const torch::Device device = cuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    const auto dtype = cuda ? torch::kBFloat16 : torch::kFloat;
    auto config = parseModelConfig(json::parse(shapeConfigJson(p.shape, 0)), p.shape);
    torch::manual_seed(0);
    auto model = std::make_shared<CausalLM>(config, torch::TensorOptions().dtype(dtype).device(device));
    std::int64_t params = 0;
    {
        torch::NoGradGuard noGrad;
        for (auto& t : model->parameters()) {
            if (t.dim() == 1) t.fill_(1.0); else t.normal_(0.0, 0.02);
            params += t.numel();
        }
    }
    AttachOptions attach;
    attach.lora.r = p.rank;
    attach.lora.alpha = 2.0 * double(p.rank);
    attach.lora.dropout = 0.0;
    if (p.loraCompute == "autocast")
        attach.lora.compute = LoraConfig::Compute::Autocast;
    else if (p.loraCompute != "float32")
        throw Error("lora compute must be float32 or autocast", {}, "--lora-compute");
    if (p.quant == "nf4")
        attach.quant = BaseQuantization::Nf4;
    else if (p.quant != "none")
        throw Error("quant must be nf4 or none", {}, "--quant");
    setNf4CudaKernelEnabled(!p.nf4Generic);
    auto trainable = attachLora(*model, attach);
    std::int64_t trainableCount = 0;
    for (auto& t : trainable) trainableCount += t.numel();
    model->setGradientCheckpointing(p.gradCkpt);
    model->train();
    TrainingAdamW optimizer(trainable, torch::optim::AdamWOptions(1e-4));
    auto ids = torch::randint(0, config.vocabSize, {p.batch, p.seqLen},
                              torch::TensorOptions().dtype(torch::kLong).device(device));
    auto positions = torch::arange(p.seqLen, torch::TensorOptions().dtype(torch::kLong).device(device))
                         .unsqueeze(0).expand({p.batch, p.seqLen});
    auto step = [&] {
        optimizer.zero_grad();
        // The trainer's own loss (chunked through the output layer), averaged over the tokens.
        auto hidden = model->hiddenStates(ids, {}, positions);
        auto loss = nextTokenLossSum(*model, hidden, ids, kIgnoreIndex) / double(p.batch * (p.seqLen - 1));
        loss.backward();
        optimizer.step();
    };
    for (int i = 0; i < 2; ++i) step();  // warm-up: kernels, allocator
    if (cuda) torch::cuda::synchronize();
    resetPeakMemory(device);
    const auto t0 = std::chrono::steady_clock::now();
    for (std::int64_t i = 0; i < p.steps; ++i) step();
    if (cuda) torch::cuda::synchronize();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    json out{{"shape", p.shape}, {"batch", p.batch}, {"seq", p.seqLen}, {"quant", p.quant},
             {"grad_ckpt", p.gradCkpt}, {"rank", p.rank}, {"lora_compute", p.loraCompute},
             {"fused_adamw", optimizer.lastStepFused()},
             {"nf4_kernel", p.quant == "nf4" && cuda && nf4CudaKernelBuilt() && !p.nf4Generic},
             {"device", cuda ? queryComputeDevice().describe() : "cpu"},
             {"steps", p.steps}, {"step_seconds", seconds / double(p.steps)},
             {"tokens_per_s", double(p.batch * p.seqLen * p.steps) / seconds},
             {"peak_gib", double(peakMemoryBytes(device)) / double(1ull << 30)},
             {"params", params}, {"trainable_params", trainableCount}};
    if (p.profile) {
        // Two more steps under the profiler; kernel times per step, the longest first.
        constexpr int kProfiledSteps = 2;
        KernelProfile profile;
        profile.start();
        for (int i = 0; i < kProfiledSteps; ++i) step();
        if (cuda) torch::cuda::synchronize();
        const auto kernels = profile.stop();
        double busyMs = 0;
        json list = json::array();
        for (const auto& k : kernels) {
            busyMs += k.totalMs;
            if (list.size() < 40)
                list.push_back({{"name", k.name.substr(0, 160)}, {"calls_per_step", double(k.calls) / kProfiledSteps},
                                {"ms_per_step", k.totalMs / kProfiledSteps}});
        }
        out["gpu_busy_ms_per_step"] = busyMs / kProfiledSteps;
        out["kernels"] = list;
    }
    return out.dump();
}

}  // namespace ts
