// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/model/model_loader.h"

#include "engine/core/error.h"
#include "engine/core/torch_compat.h"
#include "engine/formats/gguf.h"
#include "engine/formats/gguf_llama.h"
#include "engine/formats/safetensors.h"

#include <sys/stat.h>

namespace ts {

namespace {

bool isDirectory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

ModelConfig loadModelConfigFrom(const std::string& path) {
    if (isDirectory(path)) return loadModelConfig(path + "/config.json");
    if (endsWith(path, ".gguf")) return parseModelConfig(hfConfigFromGguf(GgufFile::open(path)), path);
    throw Error("not a model folder or .gguf file", path);
}

std::shared_ptr<CausalLM> loadCausalLM(const std::string& path, const torch::Device& device,
                                       std::optional<torch::ScalarType> dtype) {
    const auto options = torch::TensorOptions().device(device).dtype(dtype.value_or(compat::defaultComputeDtype(device)));
    if (isDirectory(path)) {
        auto config = loadModelConfig(path + "/config.json");
        auto weights = SafetensorsWeights::open(path);
        auto model = std::make_shared<CausalLM>(config, options);
        model->loadWeights(*weights, path);
        return model;
    }
    if (endsWith(path, ".gguf")) {
        auto weights = GgufLlamaWeights::open(path);
        auto config = parseModelConfig(weights->config(), path);
        auto model = std::make_shared<CausalLM>(config, options);
        model->loadWeights(*weights, path);
        return model;
    }
    throw Error("not a model folder or .gguf file", path);
}

void checkTokenizerFitsModel(std::int64_t tokenizerVocabSize, const ModelConfig& config,
                             const std::string& path) {
    if (tokenizerVocabSize > config.vocabSize)
        throw Error("the tokenizer has " + std::to_string(tokenizerVocabSize) +
                        " tokens but the model's embedding has only " + std::to_string(config.vocabSize) +
                        " rows: tokenizer and weights do not belong together",
                    path, "vocab_size");
}

}  // namespace ts
