// SPDX-License-Identifier: GPL-3.0-or-later
// GGUF writer and PEFT -> GGUF LoRA export: every value written is read back with the engine's own
// GGUF reader and compared with the adapter's, the Q/K row reordering computed here with explicit
// loops (from the converter's reshape/swapaxes definition), not with the code under test.
#include "engine/core/error.h"
#include "engine/formats/gguf.h"
#include "engine/formats/gguf_writer.h"
#include "engine/formats/safetensors.h"
#include "engine/train/gguf_lora_export.h"
#include "engine/train/peft_adapter.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

namespace fs = std::filesystem;

namespace {

class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/ts_gguf_lora_XXXXXX";
        path_ = ::mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path_); }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

// A small base: 2 layers, 4 query heads and 2 key/value heads of dimension 4 (GQA), so the Q and
// K reorderings use different head counts.
struct TinyBase {
    std::int64_t hidden = 16, heads = 4, kvHeads = 2, headDim = 4, intermediate = 24, layers = 2;
};

void writeBaseConfig(const std::string& folder, const std::string& arch, const TinyBase& b) {
    fs::create_directories(folder);
    nlohmann::json j = {
        {"architectures", {arch == "qwen2" ? "Qwen2ForCausalLM" : "LlamaForCausalLM"}},
        {"model_type", arch},
        {"hidden_size", b.hidden},
        {"intermediate_size", b.intermediate},
        {"num_hidden_layers", b.layers},
        {"num_attention_heads", b.heads},
        {"num_key_value_heads", b.kvHeads},
        {"head_dim", b.headDim},
        {"rms_norm_eps", 1e-5},
        {"vocab_size", 64},
        {"max_position_embeddings", 128},
    };
    std::ofstream(folder + "/config.json") << j.dump(2);
}

std::pair<std::int64_t, std::int64_t> inOut(const TinyBase& b, const std::string& m) {
    const auto q = b.heads * b.headDim, kv = b.kvHeads * b.headDim;
    if (m == "q_proj") return {b.hidden, q};
    if (m == "k_proj" || m == "v_proj") return {b.hidden, kv};
    if (m == "o_proj") return {q, b.hidden};
    if (m == "down_proj") return {b.intermediate, b.hidden};
    return {b.hidden, b.intermediate};
}

// Writes a random PEFT adapter (all seven projections on every layer) and returns its tensors.
std::map<std::string, torch::Tensor> writeRandomAdapter(const std::string& folder, const TinyBase& b,
                                                        std::int64_t r, double alpha, bool rsLora = false) {
    fs::create_directories(folder);
    torch::manual_seed(7);
    ts::PeftLoraConfig config;
    config.lora.r = r;
    config.lora.alpha = alpha;
    config.lora.rsLora = rsLora;
    config.baseModelNameOrPath = "tiny";
    std::map<std::string, torch::Tensor> tensors;
    for (std::int64_t layer = 0; layer < b.layers; ++layer) {
        for (const auto& module : ts::loraTargetModuleNames()) {
            const auto [in, out] = inOut(b, module);
            tensors[ts::peftTensorName({layer, module}, ts::LoraMatrix::A)] = torch::randn({r, in});
            tensors[ts::peftTensorName({layer, module}, ts::LoraMatrix::B)] = torch::randn({out, r});
        }
    }
    std::vector<std::pair<std::string, torch::Tensor>> ordered(tensors.begin(), tensors.end());
    ts::writeSafetensors(folder + "/adapter_model.safetensors", ordered, {{"format", "pt"}});
    ts::writeAdapterConfigFile(config, folder);
    return tensors;
}

std::string ggufName(const std::string& module) {
    static const std::map<std::string, std::string> names = {
        {"q_proj", "attn_q"},   {"k_proj", "attn_k"},     {"v_proj", "attn_v"},
        {"o_proj", "attn_output"}, {"gate_proj", "ffn_gate"}, {"up_proj", "ffn_up"},
        {"down_proj", "ffn_down"}};
    return names.at(module);
}

// The stored tensor as float32 [ne1, ne0] (torch order).
torch::Tensor readTensor(const ts::GgufFile& file, const std::string& name) {
    const auto& info = file.tensor(name);
    const auto shape = info.torchShape();
    const auto dtype = info.type == ts::GgmlType::F16 ? torch::kHalf : torch::kFloat32;
    auto view = torch::from_blob(const_cast<std::uint8_t*>(file.tensorData(info)), shape,
                                 torch::TensorOptions().dtype(dtype));
    return view.to(torch::kFloat32).clone();
}

// convert_hf_to_gguf.py LlamaModel.permute: rows viewed as [heads, 2, D/2] become [heads, D/2, 2].
// So stored row h*D + 2*i + j holds HF row h*D + j*D/2 + i.
torch::Tensor expectedPermutedRows(const torch::Tensor& hf, std::int64_t heads) {
    const auto rows = hf.size(0), d = rows / heads, half = d / 2;
    auto out = torch::empty_like(hf);
    for (std::int64_t h = 0; h < heads; ++h)
        for (std::int64_t i = 0; i < half; ++i)
            for (std::int64_t j = 0; j < 2; ++j) out[h * d + 2 * i + j] = hf[h * d + j * half + i];
    return out;
}

std::string errorText(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const ts::Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

// ---- GgufWriter ---------------------------------------------------------------------------------

TEST(GgufWriter, MetadataAndTensorsRoundTripThroughTheReader) {
    TempDir dir;
    ts::GgufWriter w(64);
    w.addString("general.architecture", "llama");
    w.addUInt32("test.u32", 4000000000u);
    w.addInt32("test.i32", -7);
    w.addUInt64("test.u64", 1ull << 40);
    w.addFloat32("test.f32", 0.25f);
    w.addBool("test.bool", true);
    w.addStringArray("test.strings", {"a", "", "ccc"});
    w.addInt32Array("test.ints", {3, -1});
    const std::vector<float> values = {1, 2, 3, 4, 5, 6};
    w.addTensor("t.first", {3, 2}, values);
    w.addTensor("t.second", {5}, {0.5f, -1, 2, 65504, 1e-7f}, ts::GgmlType::F16);
    const auto path = dir / "w.gguf";
    w.write(path);
    EXPECT_EQ(fs::file_size(path), w.fileBytes());

    const auto f = ts::GgufFile::open(path);
    EXPECT_EQ(f.version(), 3u);
    EXPECT_EQ(f.alignment(), 64u);
    EXPECT_EQ(f.dataSectionOffset() % 64, 0u);
    EXPECT_EQ(f.getString("general.architecture"), "llama");
    EXPECT_EQ(f.value("test.u32").type, ts::GgufValueType::UInt32);
    EXPECT_EQ(f.getInt("test.u32"), 4000000000LL);
    EXPECT_EQ(f.getInt("test.i32"), -7);
    EXPECT_EQ(f.getInt("test.u64"), 1LL << 40);
    EXPECT_EQ(f.value("test.f32").type, ts::GgufValueType::Float32);
    EXPECT_EQ(f.getFloat("test.f32"), 0.25);
    EXPECT_TRUE(f.getBool("test.bool"));
    EXPECT_EQ(f.getStringArray("test.strings"), (std::vector<std::string>{"a", "", "ccc"}));
    EXPECT_EQ(f.getIntArray("test.ints"), (std::vector<std::int64_t>{3, -1}));

    const auto& first = f.tensor("t.first");
    EXPECT_EQ(first.dims, (std::vector<std::uint64_t>{3, 2}));
    EXPECT_EQ(first.offset % 64, 0u);
    EXPECT_TRUE(torch::equal(readTensor(f, "t.first"), torch::tensor(values).reshape({2, 3})));
    const auto& second = f.tensor("t.second");
    EXPECT_EQ(second.type, ts::GgmlType::F16);
    EXPECT_EQ(second.offset % 64, 0u);
    const auto expected = torch::tensor({0.5f, -1.f, 2.f, 65504.f, 1e-7f}).to(torch::kHalf).to(torch::kFloat);
    EXPECT_TRUE(torch::equal(readTensor(f, "t.second"), expected));
}

TEST(GgufWriter, HalfConversionMatchesTorchIncludingEdgeCases) {
    auto values = torch::cat({torch::randn({20000}) * 100, torch::randn({20000}) * 1e-5,
                              torch::tensor({0.f, -0.f, 65504.f, 65519.f, 65520.f, 1e6f, -1e6f,
                                             5.96e-8f, 2.98e-8f, 2.99e-8f, 6.1035e-5f, 1e-30f,
                                             std::numeric_limits<float>::infinity(),
                                             -std::numeric_limits<float>::infinity()})});
    const auto halves = values.to(torch::kHalf).contiguous();
    const auto* expected = reinterpret_cast<const std::uint16_t*>(halves.data_ptr<at::Half>());
    const float* input = values.data_ptr<float>();
    for (std::int64_t i = 0; i < values.numel(); ++i) {
        ASSERT_EQ(ts::floatToHalfBits(input[i]), expected[i]) << "value " << input[i];
        ASSERT_EQ(ts::halfBitsToFloat(expected[i]),
                  static_cast<float>(halves.data_ptr<at::Half>()[i]));
    }
    EXPECT_TRUE(std::isnan(ts::halfBitsToFloat(ts::floatToHalfBits(std::nanf("")))));
}

TEST(GgufWriter, RefusesInconsistentInput) {
    ts::GgufWriter w;
    w.addString("k", "v");
    EXPECT_NE(errorText([&] { w.addUInt32("k", 1); }).find("'k'"), std::string::npos);
    EXPECT_NE(errorText([&] { w.addTensor("t", {2, 2}, {1, 2, 3}); }).find("given 3"), std::string::npos);
    EXPECT_NE(errorText([&] { w.addTensor("t", {}, {}); }).find("dimensions"), std::string::npos);
    EXPECT_NE(errorText([&] { w.addTensor("t", {1, 1, 1, 1, 1}, {1}); }).find("dimensions"),
              std::string::npos);
    EXPECT_NE(errorText([&] { w.addTensor(std::string(64, 'x'), {1}, {1}); }).find("longer"),
              std::string::npos);
    EXPECT_NE(errorText([&] { w.addTensor("q", {1}, {1}, ts::GgmlType::Q4_0); }).find("Q4_0"),
              std::string::npos);
    w.addTensor("t", {1}, {1});
    EXPECT_NE(errorText([&] { w.addTensor("t", {1}, {1}); }).find("twice"), std::string::npos);
    EXPECT_THROW(ts::GgufWriter(48), ts::Error);
    EXPECT_NE(errorText([&] { w.write("/nonexistent-dir/x.gguf"); }).find("/nonexistent-dir/x.gguf"),
              std::string::npos);
}

// ---- exportLoraToGguf ---------------------------------------------------------------------------

class GgufLoraExport : public ::testing::TestWithParam<ts::GgmlType> {};

TEST_P(GgufLoraExport, LlamaAdapterMatchesPeftWithQkRowsPermuted) {
    TempDir dir;
    TinyBase base;
    writeBaseConfig(dir / "base", "llama", base);
    const auto tensors = writeRandomAdapter(dir / "adapter", base, 4, 8.0);
    ts::GgufLoraExportOptions options;
    options.type = GetParam();
    const auto summary = ts::exportLoraToGguf(dir / "adapter", dir / "base", dir / "out/a.gguf", options);
    EXPECT_EQ(summary.architecture, "llama");
    EXPECT_EQ(summary.rank, 4);
    EXPECT_EQ(summary.tensorCount, 2 * 7 * base.layers);
    EXPECT_EQ(summary.fileBytes, fs::file_size(dir / "out/a.gguf"));

    const auto f = ts::GgufFile::open(dir / "out/a.gguf");
    EXPECT_EQ(f.getString("general.architecture"), "llama");
    EXPECT_EQ(f.getString("general.type"), "adapter");
    EXPECT_EQ(f.getString("adapter.type"), "lora");
    EXPECT_EQ(f.value("adapter.lora.alpha").type, ts::GgufValueType::Float32);
    EXPECT_EQ(f.getFloat("adapter.lora.alpha"), 8.0);
    EXPECT_EQ(f.getString("general.name"), "adapter");
    ASSERT_EQ(f.tensors().size(), static_cast<std::size_t>(2 * 7 * base.layers));

    const auto round = [&](const torch::Tensor& t) {
        return GetParam() == ts::GgmlType::F16 ? t.to(torch::kHalf).to(torch::kFloat) : t;
    };
    for (std::int64_t layer = 0; layer < base.layers; ++layer) {
        for (const auto& module : ts::loraTargetModuleNames()) {
            const auto stem = "blk." + std::to_string(layer) + "." + ggufName(module) + ".weight";
            const auto [in, out] = inOut(base, module);
            const auto& infoA = f.tensor(stem + ".lora_a");
            const auto& infoB = f.tensor(stem + ".lora_b");
            EXPECT_EQ(infoA.type, GetParam());
            // llama.cpp's checks: a.ne[0] == base ne[0] (in), b.ne[1] == base ne[1] (out),
            // a.ne[1] == b.ne[0] (rank).
            EXPECT_EQ(infoA.dims, (std::vector<std::uint64_t>{std::uint64_t(in), 4})) << stem;
            EXPECT_EQ(infoB.dims, (std::vector<std::uint64_t>{4, std::uint64_t(out)})) << stem;

            const auto a = tensors.at(ts::peftTensorName({layer, module}, ts::LoraMatrix::A));
            auto b = tensors.at(ts::peftTensorName({layer, module}, ts::LoraMatrix::B));
            if (module == "q_proj") b = expectedPermutedRows(b, base.heads);
            if (module == "k_proj") b = expectedPermutedRows(b, base.kvHeads);
            EXPECT_TRUE(torch::equal(readTensor(f, stem + ".lora_a"), round(a))) << stem;
            EXPECT_TRUE(torch::equal(readTensor(f, stem + ".lora_b"), round(b))) << stem;
        }
    }
    // The permutation really moved rows (a test of the test: random rows are all distinct).
    const auto bq = tensors.at(ts::peftTensorName({0, "q_proj"}, ts::LoraMatrix::B));
    EXPECT_FALSE(torch::equal(readTensor(f, "blk.0.attn_q.weight.lora_b"), round(bq)));
}

INSTANTIATE_TEST_SUITE_P(Types, GgufLoraExport, ::testing::Values(ts::GgmlType::F32, ts::GgmlType::F16),
                         [](const auto& info) { return ts::ggmlTypeName(info.param); });

TEST(GgufLoraExportQwen2, WritesQkRowsAsStoredAndRsLoraAlphaForLlamaCppScale) {
    TempDir dir;
    TinyBase base;
    writeBaseConfig(dir / "base", "qwen2", base);
    const auto tensors = writeRandomAdapter(dir / "adapter", base, 4, 8.0, /*rsLora=*/true);
    ts::exportLoraToGguf(dir / "adapter", dir / "base/config.json", dir / "q.gguf");
    const auto f = ts::GgufFile::open(dir / "q.gguf");
    EXPECT_EQ(f.getString("general.architecture"), "qwen2");
    // llama.cpp scales by alpha / r; rsLoRA trained with alpha / sqrt(r) = 8 / 2 = 4 -> alpha 16.
    EXPECT_FLOAT_EQ(static_cast<float>(f.getFloat("adapter.lora.alpha")), 16.0f);
    for (const char* module : {"q_proj", "k_proj"}) {
        const auto stem = std::string("blk.1.") + ggufName(module) + ".weight";
        EXPECT_TRUE(torch::equal(readTensor(f, stem + ".lora_b"),
                                 tensors.at(ts::peftTensorName({1, module}, ts::LoraMatrix::B))));
    }
}

TEST(GgufLoraExportErrors, NameTheFileAndField) {
    TempDir dir;
    TinyBase base;
    writeBaseConfig(dir / "base", "llama", base);
    auto tensors = writeRandomAdapter(dir / "adapter", base, 4, 8.0);
    const auto exportTo = [&](const std::string& adapter, const std::string& basePath) {
        return errorText([&] { ts::exportLoraToGguf(adapter, basePath, dir / "x.gguf"); });
    };

    // Missing files.
    EXPECT_NE(exportTo(dir / "nope", dir / "base").find(dir / "nope"), std::string::npos);
    EXPECT_NE(exportTo(dir / "adapter", dir / "nobase").find("nobase"), std::string::npos);
    fs::create_directories(dir / "empty");
    EXPECT_NE(exportTo(dir / "empty", dir / "base").find("adapter_config.json"), std::string::npos);
    fs::copy_file(dir / "adapter/adapter_config.json", dir / "empty/adapter_config.json");
    EXPECT_NE(exportTo(dir / "empty", dir / "base").find("adapter_model.safetensors"), std::string::npos);
    EXPECT_FALSE(fs::exists(dir / "x.gguf"));

    // Unsupported target module in the config.
    {
        auto doc = nlohmann::json::parse(std::ifstream(dir / "adapter/adapter_config.json"));
        doc["target_modules"] = {"q_proj", "lm_head"};
        std::ofstream(dir / "empty/adapter_config.json") << doc.dump();
        const auto text = exportTo(dir / "empty", dir / "base");
        EXPECT_NE(text.find("adapter_config.json"), std::string::npos) << text;
        EXPECT_NE(text.find("target_modules"), std::string::npos) << text;
    }
    // A tensor for a module the config does not target.
    {
        auto doc = nlohmann::json::parse(std::ifstream(dir / "adapter/adapter_config.json"));
        doc["target_modules"] = {"q_proj", "k_proj"};
        fs::create_directories(dir / "untargeted");
        std::ofstream(dir / "untargeted/adapter_config.json") << doc.dump();
        fs::copy_file(dir / "adapter/adapter_model.safetensors", dir / "untargeted/adapter_model.safetensors");
        const auto text = exportTo(dir / "untargeted", dir / "base");
        EXPECT_NE(text.find("adapter_model.safetensors"), std::string::npos) << text;
        EXPECT_NE(text.find("target_modules"), std::string::npos) << text;
    }
    // Rank mismatch: config says r = 8, tensors have r = 4.
    {
        auto doc = nlohmann::json::parse(std::ifstream(dir / "adapter/adapter_config.json"));
        doc["r"] = 8;
        fs::create_directories(dir / "rank");
        std::ofstream(dir / "rank/adapter_config.json") << doc.dump();
        fs::copy_file(dir / "adapter/adapter_model.safetensors", dir / "rank/adapter_model.safetensors");
        const auto text = exportTo(dir / "rank", dir / "base");
        EXPECT_NE(text.find("adapter_model.safetensors"), std::string::npos) << text;
        EXPECT_NE(text.find("rank 8"), std::string::npos) << text;
        EXPECT_NE(text.find("lora_"), std::string::npos) << text;
    }
    // Adapter for a different base: fewer layers, other widths.
    {
        TinyBase small = base;
        small.layers = 1;
        writeBaseConfig(dir / "small", "llama", small);
        const auto text = exportTo(dir / "adapter", dir / "small");
        EXPECT_NE(text.find("layers.1."), std::string::npos) << text;
        TinyBase wide = base;
        wide.hidden = 32;
        writeBaseConfig(dir / "wide", "llama", wide);
        const auto wideText = exportTo(dir / "adapter", dir / "wide");
        EXPECT_NE(wideText.find("input features"), std::string::npos) << wideText;
        EXPECT_NE(wideText.find("lora_A"), std::string::npos) << wideText;
    }
    // Missing lora_B.
    {
        tensors.erase(ts::peftTensorName({1, "up_proj"}, ts::LoraMatrix::B));
        fs::create_directories(dir / "half");
        fs::copy_file(dir / "adapter/adapter_config.json", dir / "half/adapter_config.json");
        std::vector<std::pair<std::string, torch::Tensor>> ordered(tensors.begin(), tensors.end());
        ts::writeSafetensors(dir / "half/adapter_model.safetensors", ordered);
        const auto text = exportTo(dir / "half", dir / "base");
        EXPECT_NE(text.find("layers.1.mlp.up_proj.lora_A"), std::string::npos) << text;
    }
    EXPECT_FALSE(fs::exists(dir / "x.gguf"));
}
