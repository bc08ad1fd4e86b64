// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/tokenizer.h"

#include "engine/core/error.h"
#include "engine/tokenizer/gguf_tokenizer.h"
#include "engine/tokenizer/hf_tokenizer.h"
#include "engine/tokenizer/spm_tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ts {

namespace fs = std::filesystem;
using nlohmann::json;

bool Tokenizer::isStop(int32_t id) const {
    return std::find(special_.stop.begin(), special_.stop.end(), id) != special_.stop.end();
}

void Tokenizer::deriveStopIds() {
    std::vector<int32_t> stop;
    if (special_.eos >= 0) stop.push_back(special_.eos);
    // End-of-turn tokens of the common chat formats; models emit these instead of (or besides)
    // their EOS, and generation must stop on either.
    for (const char* name : {"<|im_end|>", "<|endoftext|>", "<|eot_id|>", "<|end_of_text|>",
                             "<|eom_id|>", "</s>", "<end_of_turn>", "<|end|>"}) {
        auto id = tokenToId(name);
        if (id && isSpecial(*id) && std::find(stop.begin(), stop.end(), *id) == stop.end())
            stop.push_back(*id);
    }
    special_.stop = std::move(stop);
}

namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// tokenizer_config.json names special tokens either as a string or as {"content": ...}.
std::optional<std::string> tokenName(const json& config, const char* key) {
    if (!config.contains(key)) return std::nullopt;
    const json& v = config[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("content") && v["content"].is_string())
        return v["content"].get<std::string>();
    return std::nullopt;
}

// Applies bos/eos/pad/unk, add_bos/add_eos (sentencepiece) and the chat template.
void applyTokenizerConfig(Tokenizer& tokenizer, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open file", path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    json config;
    try {
        config = json::parse(buffer.str());
    } catch (const json::parse_error& e) {
        throw Error(std::string("invalid JSON: ") + e.what(), path);
    }
    if (!config.is_object()) throw Error("expected a JSON object", path);

    SpecialTokens special{tokenizer.bosId(), tokenizer.eosId(), tokenizer.padId(), tokenizer.unkId(), {}};
    auto resolve = [&](const char* key, int32_t& slot) {
        if (config.contains(key) && config[key].is_null()) {
            slot = -1;  // explicitly none (Qwen: "bos_token": null)
            return;
        }
        auto name = tokenName(config, key);
        if (!name) return;
        auto id = tokenizer.tokenToId(*name);
        if (!id) throw Error("token '" + *name + "' is not in the vocabulary", path, key);
        slot = *id;
    };
    resolve("bos_token", special.bos);
    resolve("eos_token", special.eos);
    resolve("pad_token", special.pad);
    resolve("unk_token", special.unk);
    tokenizer.setSpecialTokens(special);

    SentencePieceOptions options;
    options.addBos = config.value("add_bos_token", true);
    options.addEos = config.value("add_eos_token", false);
    setSentencePieceOptions(tokenizer, options);

    if (config.contains("chat_template")) {
        const json& t = config["chat_template"];
        if (t.is_string()) {
            tokenizer.setChatTemplate(t.get<std::string>());
        } else if (t.is_array()) {
            // A list of named templates: the "default" one is the chat template.
            for (const auto& entry : t)
                if (entry.is_object() && entry.value("name", std::string()) == "default" &&
                    entry.contains("template") && entry["template"].is_string())
                    tokenizer.setChatTemplate(entry["template"].get<std::string>());
        }
    }
}

}  // namespace

std::unique_ptr<Tokenizer> loadTokenizer(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw Error("no such file or folder", path);

    std::unique_ptr<Tokenizer> tokenizer;
    fs::path configPath;
    if (fs::is_directory(path, ec)) {
        const fs::path dir(path);
        if (fs::exists(dir / "tokenizer.json"))
            tokenizer = loadHfTokenizerJson((dir / "tokenizer.json").string());
        else if (fs::exists(dir / "tokenizer.model"))
            tokenizer = loadSentencePieceTokenizer((dir / "tokenizer.model").string());
        else
            throw Error("the folder has neither tokenizer.json nor tokenizer.model", path);
        configPath = dir / "tokenizer_config.json";
    } else if (endsWith(path, ".gguf")) {
        return tokenizerFromGgufSpec(readGgufTokenizerSpec(path));
    } else if (endsWith(path, ".json")) {
        tokenizer = loadHfTokenizerJson(path);
        configPath = fs::path(path).parent_path() / "tokenizer_config.json";
    } else if (endsWith(path, ".model")) {
        tokenizer = loadSentencePieceTokenizer(path);
        configPath = fs::path(path).parent_path() / "tokenizer_config.json";
    } else {
        throw Error("not a tokenizer: expected tokenizer.json, tokenizer.model, a .gguf file or a "
                    "model folder",
                    path);
    }
    if (!configPath.empty() && fs::exists(configPath, ec) && configPath != fs::path(path))
        applyTokenizerConfig(*tokenizer, configPath.string());
    tokenizer->deriveStopIds();
    return tokenizer;
}

}  // namespace ts
