// SPDX-License-Identifier: GPL-3.0-or-later
// GGUF reading, dequantization and the llama/qwen2 -> Hugging Face mapping, against files and
// expected values written by gguf-py (scripts/reference/make_gguf_refs.py).
#include "engine/core/error.h"
#include "engine/formats/dequant.h"
#include "engine/formats/gguf.h"
#include "engine/formats/gguf_llama.h"
#include "engine/formats/safetensors.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <unistd.h>

namespace {

std::string dataFile(const std::string& name) {
    return std::string(TS_TEST_DATA_DIR) + "/gguf/" + name;
}

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A scratch file removed at scope exit.
class ScratchFile {
public:
    explicit ScratchFile(const std::string& bytes) {
        char tmpl[] = "/tmp/ts_gguf_XXXXXX";
        const int fd = ::mkstemp(tmpl);
        path_ = tmpl;
        if (!bytes.empty() && ::write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()))
            ADD_FAILURE() << "cannot write " << path_;
        ::close(fd);
    }
    ~ScratchFile() { std::remove(path_.c_str()); }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// Little-endian GGUF pieces, to craft malformed files byte by byte.
struct Bytes {
    std::string s;
    Bytes& u32(std::uint32_t v) { return raw(&v, 4); }
    Bytes& u64(std::uint64_t v) { return raw(&v, 8); }
    Bytes& str(const std::string& text) {
        u64(text.size());
        s += text;
        return *this;
    }
    Bytes& raw(const void* p, std::size_t n) {
        s.append(static_cast<const char*>(p), n);
        return *this;
    }
    Bytes& header(std::uint32_t version, std::uint64_t tensors, std::uint64_t kvs) {
        s += "GGUF";
        return u32(version).u64(tensors).u64(kvs);
    }
};

void expectGgufError(const std::string& bytes, const std::string& field, const std::string& part) {
    ScratchFile f(bytes);
    try {
        ts::GgufFile::open(f.path());
        ADD_FAILURE() << "no error; expected one about " << part;
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.file(), f.path()) << e.what();
        EXPECT_EQ(e.field(), field) << e.what();
        EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
}

void expectExactlyEqual(const at::Tensor& got, const at::Tensor& expected, const std::string& what) {
    ASSERT_EQ(got.sizes(), expected.sizes()) << what;
    ASSERT_EQ(got.scalar_type(), at::kFloat) << what;
    EXPECT_TRUE(torch::equal(got, expected))
        << what << ": max |diff| " << (got - expected).abs().max().item<float>();
}

}  // namespace

// ---- metadata --------------------------------------------------------------------------------

TEST(GgufMetadata, ReadsEveryValueTypeAndArray) {
    const auto f = ts::GgufFile::open(dataFile("metadata.gguf"));
    EXPECT_EQ(f.version(), 3u);
    EXPECT_EQ(f.getString("general.architecture"), "test");
    EXPECT_EQ(f.getInt("t.u8"), 200);
    EXPECT_EQ(f.getInt("t.i8"), -100);
    EXPECT_EQ(f.getInt("t.u16"), 60000);
    EXPECT_EQ(f.getInt("t.i16"), -30000);
    EXPECT_EQ(f.getInt("t.u32"), 4000000000LL);
    EXPECT_EQ(f.getInt("t.i32"), -2000000000LL);
    EXPECT_EQ(f.getInt("t.u64small"), 123456789012LL);
    EXPECT_EQ(f.getInt("t.i64"), -(1LL << 62));
    EXPECT_EQ(f.value("t.u64").unsignedInteger, (1ULL << 63) + 5);
    EXPECT_THROW(f.getInt("t.u64"), ts::Error) << "does not fit int64";
    EXPECT_EQ(f.getFloat("t.f32"), 0.5);
    EXPECT_EQ(f.getFloat("t.f64"), 3.141592653589793);
    EXPECT_EQ(f.getFloat("t.u8"), 200.0) << "integers read as numbers";
    EXPECT_TRUE(f.getBool("t.true"));
    EXPECT_FALSE(f.getBool("t.false"));
    EXPECT_EQ(f.getString("t.string"), "h\xc3\xa9llo \xe2\x9c\x93");
    EXPECT_EQ(f.getString("t.empty"), "");
    EXPECT_EQ(f.getIntArray("t.ints"), (std::vector<std::int64_t>{1, -2, 3}));
    EXPECT_EQ(f.getIntArray("t.u8s"), (std::vector<std::int64_t>{7, 8, 255}));
    EXPECT_EQ(f.getFloatArray("t.floats"), (std::vector<float>{0.25f, -1.5f, 1e-6f}));
    EXPECT_EQ(f.getStringArray("t.strings"),
              (std::vector<std::string>{"a", "", "\xc3\xbcn\xc3\xaf"}));
    const auto& bools = f.value("t.bools");
    ASSERT_EQ(bools.items.size(), 2u);
    EXPECT_TRUE(bools.items[0].boolean);
    EXPECT_FALSE(bools.items[1].boolean);
    const auto& nested = f.value("t.nested");
    EXPECT_EQ(nested.elementType, ts::GgufValueType::Array);
    ASSERT_EQ(nested.items.size(), 2u);
    EXPECT_EQ(nested.items[0].items.size(), 2u);
    EXPECT_EQ(nested.items[1].items[0].integer, 3);
    EXPECT_TRUE(f.has("t.u8"));
    EXPECT_FALSE(f.has("t.nope"));
    EXPECT_EQ(f.getInt("t.nope", 42), 42);
    EXPECT_EQ(f.getString("t.nope", "x"), "x");
}

TEST(GgufMetadata, WrongTypesAndMissingKeysNameTheKey) {
    const auto f = ts::GgufFile::open(dataFile("metadata.gguf"));
    auto expectKeyError = [&](const std::function<void()>& fn, const std::string& key,
                              const std::string& part) {
        try {
            fn();
            ADD_FAILURE() << "no error for " << key;
        } catch (const ts::Error& e) {
            EXPECT_EQ(e.file(), f.path());
            EXPECT_EQ(e.field(), key);
            EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
        }
    };
    expectKeyError([&] { f.getString("t.u8"); }, "t.u8", "expected a string, found uint8");
    expectKeyError([&] { f.getInt("t.f32"); }, "t.f32", "expected an integer, found float32");
    expectKeyError([&] { f.getBool("t.string"); }, "t.string", "expected a bool");
    expectKeyError([&] { f.getStringArray("t.ints"); }, "t.ints", "found array of int32");
    expectKeyError([&] { f.getIntArray("t.floats"); }, "t.floats", "expected an integer");
    expectKeyError([&] { f.getFloatArray("t.string"); }, "t.string", "expected an array");
    expectKeyError([&] { f.getInt("absent.key"); }, "absent.key", "missing metadata key");
    expectKeyError([&] { f.getInt("t.string", 3); }, "t.string", "expected an integer");
}

TEST(GgufLayout, HonoursCustomAlignmentAndReversesDims) {
    const auto f = ts::GgufFile::open(dataFile("metadata.gguf"));
    EXPECT_EQ(f.alignment(), 64u);
    EXPECT_EQ(f.dataSectionOffset() % 64, 0u);
    const auto& tiny = f.tensor("tiny");
    EXPECT_EQ(tiny.dims, (std::vector<std::uint64_t>{3, 2}));
    EXPECT_EQ(tiny.torchShape(), (std::vector<std::int64_t>{2, 3}));
    EXPECT_TRUE(torch::equal(ts::dequantize(f, "tiny"),
                             torch::arange(6, torch::kFloat32).reshape({2, 3})));
    const auto q = ts::GgufFile::open(dataFile("quants.gguf"));
    EXPECT_EQ(q.alignment(), ts::GgufFile::kDefaultAlignment);
    EXPECT_EQ(q.dataSectionOffset() % 32, 0u);
}

// ---- dequantization ---------------------------------------------------------------------------

TEST(GgufDequant, EveryTypeMatchesGgufPyExactly) {
    const auto f = ts::GgufFile::open(dataFile("quants.gguf"));
    const auto expected = ts::SafetensorsFile::open(dataFile("quants.expected.safetensors"));
    const std::vector<std::pair<std::string, ts::GgmlType>> cases = {
        {"f32", ts::GgmlType::F32},   {"f16", ts::GgmlType::F16},   {"bf16", ts::GgmlType::BF16},
        {"q8_0", ts::GgmlType::Q8_0}, {"q4_0", ts::GgmlType::Q4_0}, {"q4_1", ts::GgmlType::Q4_1},
        {"q5_0", ts::GgmlType::Q5_0}, {"q5_1", ts::GgmlType::Q5_1}, {"q4_k", ts::GgmlType::Q4_K},
        {"q5_k", ts::GgmlType::Q5_K}, {"q6_k", ts::GgmlType::Q6_K}};
    for (const auto& [name, type] : cases) {
        SCOPED_TRACE(name);
        EXPECT_EQ(f.tensor(name).type, type);
        EXPECT_TRUE(ts::canDequantize(type));
        expectExactlyEqual(ts::dequantize(f, name), expected.tensor(name), name);
    }
    EXPECT_EQ(ts::dequantize(f, "f16").sizes(), (at::IntArrayRef{2, 3, 4}));
    // Real work was done: the K-quant tensors hold many distinct values.
    EXPECT_GT(std::get<0>(at::_unique(ts::dequantize(f, "q6_k"))).numel(), 100);
}

TEST(GgufDequant, HalfAndBfloat16CoverEveryBitPattern) {
    std::vector<std::uint16_t> patterns(65536);
    for (std::size_t i = 0; i < patterns.size(); ++i) patterns[i] = static_cast<std::uint16_t>(i);
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(patterns.data());
    for (auto [type, dtype] : {std::pair{ts::GgmlType::F16, at::kHalf},
                               std::pair{ts::GgmlType::BF16, at::kBFloat16}}) {
        auto ours = at::empty({65536}, at::kFloat);
        ts::dequantizeInto(type, bytes, 2 * patterns.size(), ours.data_ptr<float>(), 65536, "mem",
                           ts::ggmlTypeName(type));
        const auto torchs =
            torch::from_blob(patterns.data(), {65536}, at::TensorOptions().dtype(dtype)).to(at::kFloat);
        const auto nan = torch::isnan(torchs);
        EXPECT_TRUE(torch::equal(torch::isnan(ours), nan)) << ts::ggmlTypeName(type);
        EXPECT_TRUE(torch::equal(ours.masked_fill(nan, 0), torchs.masked_fill(nan, 0)))
            << ts::ggmlTypeName(type);
    }
}

TEST(GgufDequant, UnsupportedTypeNamesTensorAndType) {
    const auto f = ts::GgufFile::open(dataFile("quants.gguf"));
    EXPECT_FALSE(ts::canDequantize(ts::GgmlType::IQ2_XXS));
    try {
        ts::dequantize(f, "iq2_xxs");
        ADD_FAILURE() << "no error";
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.file(), f.path());
        EXPECT_EQ(e.field(), "iq2_xxs");
        EXPECT_NE(std::string(e.what()).find("IQ2_XXS"), std::string::npos) << e.what();
    }
}

TEST(GgufDequant, RawDecoderRefusesShortInput) {
    std::vector<std::uint8_t> block(18, 0);
    std::vector<float> out(64);
    EXPECT_THROW(ts::dequantizeInto(ts::GgmlType::Q4_0, block.data(), block.size(), out.data(), 64,
                                    "mem", "x"),
                 ts::Error);
    EXPECT_THROW(ts::dequantizeInto(ts::GgmlType::Q4_0, block.data(), block.size(), out.data(), 20,
                                    "mem", "x"),
                 ts::Error);
    EXPECT_NO_THROW(ts::dequantizeInto(ts::GgmlType::Q4_0, block.data(), block.size(), out.data(),
                                       32, "mem", "x"));
}

// ---- malformed files ---------------------------------------------------------------------------

TEST(GgufMalformed, EveryTruncationIsAnErrorNotACrash) {
    for (const char* name : {"metadata.gguf", "quants.gguf"}) {
        const auto whole = readAll(dataFile(name));
        ASSERT_GT(whole.size(), 100u);
        // Past the last tensor's data only padding follows; a file cut there is still whole.
        std::uint64_t needed = 0;
        const auto intact = ts::GgufFile::open(dataFile(name));
        for (const auto& t : intact.tensors())
            needed = std::max(needed, intact.dataSectionOffset() + t.offset + t.byteSize);
        ASSERT_LE(needed, whole.size());
        for (std::size_t length = 0; length < whole.size(); ++length) {
            ScratchFile f(whole.substr(0, length));
            if (length < needed)
                EXPECT_THROW(ts::GgufFile::open(f.path()), ts::Error) << name << " cut at " << length;
            else
                EXPECT_NO_THROW(ts::GgufFile::open(f.path())) << name << " cut at " << length;
        }
    }
}

TEST(GgufMalformed, VersionsMagicAndCounts) {
    auto whole = readAll(dataFile("metadata.gguf"));
    auto withVersion = [&](std::uint32_t v) {
        auto copy = whole;
        std::memcpy(&copy[4], &v, 4);
        return copy;
    };
    {   // v2 has the same layout as v3 (v3 only added big-endian files)
        ScratchFile v2(withVersion(2));
        const auto f = ts::GgufFile::open(v2.path());
        EXPECT_EQ(f.version(), 2u);
        EXPECT_EQ(f.getInt("t.u16"), 60000);
    }
    expectGgufError(withVersion(1), "header", "version 1 is not supported");
    expectGgufError(withVersion(4), "header", "unsupported GGUF version 4");
    expectGgufError(withVersion(0x03000000), "header", "big-endian");
    auto badMagic = whole;
    badMagic[0] = 'X';
    expectGgufError(badMagic, "header", "bad magic");
    expectGgufError(Bytes().header(3, 0, 5).s, "metadata #0", "file ends inside");
}

TEST(GgufMalformed, MetadataBounds) {
    // A string length far past the end of the file.
    expectGgufError(Bytes().header(3, 0, 1).str("k").u32(8).u64(1ULL << 40).s, "k",
                    "string length 1099511627776 runs past the end");
    // A key whose own length runs past the end.
    expectGgufError(Bytes().header(3, 0, 1).u64(500).s, "metadata #0", "runs past the end");
    // An array claiming more elements than the file can hold.
    expectGgufError(Bytes().header(3, 0, 1).str("arr").u32(9).u32(5).u64(1ULL << 60).s, "arr",
                    "array of 1152921504606846976 int32 values runs past the end");
    expectGgufError(Bytes().header(3, 0, 1).str("k").u32(13).s, "k", "unknown metadata value type 13");
    expectGgufError(Bytes().header(3, 0, 1).str("k").u32(7).raw("\x02", 1).s, "k",
                    "neither 0 nor 1");
    expectGgufError(Bytes().header(3, 0, 2).str("k").u32(4).u32(1).str("k").u32(4).u32(2).s, "k",
                    "duplicate metadata key");
    expectGgufError(Bytes().header(3, 0, 1).str("general.alignment").u32(4).u32(48).s,
                    "general.alignment", "not a power of two");
    expectGgufError(Bytes().header(3, 0, 1).str("general.alignment").u32(10).u64(32).s,
                    "general.alignment", "must be a uint32");
}

TEST(GgufMalformed, TensorInfoBounds) {
    auto oneTensor = [](std::uint32_t nDims, std::vector<std::uint64_t> dims, std::uint32_t type,
                        std::uint64_t offset, std::size_t dataBytes) {
        Bytes b;
        b.header(3, 1, 0).str("w").u32(nDims);
        for (auto d : dims) b.u64(d);
        b.u32(type).u64(offset);
        b.s.append((32 - b.s.size() % 32) % 32, '\0');
        b.s.append(dataBytes, '\0');
        return b.s;
    };
    {   // The well-formed baseline: 4 x 2 float32 right after the aligned tensor infos.
        ScratchFile ok(oneTensor(2, {4, 2}, 0, 0, 32));
        const auto f = ts::GgufFile::open(ok.path());
        EXPECT_EQ(f.tensor("w").byteSize, 32u);
        EXPECT_TRUE(torch::equal(ts::dequantize(f, "w"), torch::zeros({2, 4})));
    }
    expectGgufError(oneTensor(2, {4, 2}, 0, 0, 31), "w", "runs past the end");
    expectGgufError(oneTensor(2, {4, 2}, 0, 32, 32), "w", "runs past the end");
    expectGgufError(oneTensor(2, {4, 2}, 99, 0, 32), "w", "unsupported tensor type id 99");
    expectGgufError(oneTensor(2, {1ULL << 32, 1ULL << 32}, 0, 0, 32), "w", "overflow");
    expectGgufError(oneTensor(5, {1, 1, 1, 1, 1}, 0, 0, 32), "w", "5 dimensions");
    expectGgufError(oneTensor(2, {4, 2}, 0, 8, 64), "w", "not a multiple of the 32-byte alignment");
    expectGgufError(oneTensor(2, {48, 2}, 2, 0, 256), "w", "not a multiple of the Q4_0 block size");
    // Q4_0 rows: byte size is blocks x 18, and 2 blocks need 36 bytes.
    expectGgufError(oneTensor(2, {32, 2}, 2, 0, 35), "w", "runs past the end");
    Bytes dup;
    dup.header(3, 2, 0).str("w").u32(1).u64(1).u32(0).u64(0).str("w").u32(1).u64(1).u32(0).u64(32);
    expectGgufError(dup.s, "w", "duplicate tensor name");
}

// ---- llama / qwen2 as Hugging Face -------------------------------------------------------------

TEST(GgufLlama, ConfigOfTinyLlama) {
    const auto f = ts::GgufFile::open(dataFile("tiny_llama.gguf"));
    const auto c = ts::hfConfigFromGguf(f);
    EXPECT_EQ(c["architectures"], nlohmann::json::array({"LlamaForCausalLM"}));
    EXPECT_EQ(c["model_type"], "llama");
    EXPECT_EQ(c["hidden_size"], 64);
    EXPECT_EQ(c["intermediate_size"], 96);
    EXPECT_EQ(c["num_hidden_layers"], 2);
    EXPECT_EQ(c["num_attention_heads"], 4);
    EXPECT_EQ(c["num_key_value_heads"], 2);
    EXPECT_EQ(c["head_dim"], 16);
    EXPECT_EQ(c["rms_norm_eps"], 1e-6);
    EXPECT_EQ(c["rope_theta"], 50000.0);
    EXPECT_EQ(c["vocab_size"], 40) << "from the token list: the file has no llama.vocab_size";
    EXPECT_EQ(c["max_position_embeddings"], 128);
    EXPECT_EQ(c["tie_word_embeddings"], true);
    EXPECT_EQ(c["bos_token_id"], 1);
    EXPECT_EQ(c["eos_token_id"], 2);
    EXPECT_EQ(c["attention_bias"], false);
}

// The llama file was written the way convert_hf_to_gguf.py writes it (Q/K rows permuted); the
// weights read back must equal the original HF weights.
TEST(GgufLlama, WeightsEqualTheHfOriginalsIncludingQK) {
    auto weights = ts::GgufLlamaWeights::open(dataFile("tiny_llama.gguf"));
    const auto expected = ts::SafetensorsFile::open(dataFile("tiny_llama.expected.safetensors"));
    auto names = weights->names();
    auto expectedNames = expected.names();
    std::sort(names.begin(), names.end());
    std::sort(expectedNames.begin(), expectedNames.end());
    EXPECT_EQ(names, expectedNames);
    EXPECT_FALSE(weights->has("lm_head.weight"));
    for (const auto& name : expectedNames) expectExactlyEqual(weights->tensor(name), expected.tensor(name), name);
    // Without the un-permutation the F32 q_proj would differ: the check above has teeth.
    const auto stored = ts::dequantize(weights->file(), "blk.0.attn_q.weight");
    EXPECT_FALSE(torch::equal(stored, expected.tensor("model.layers.0.self_attn.q_proj.weight")));
}

TEST(GgufLlama, RawBytesComeInHfRowOrder) {
    auto weights = ts::GgufLlamaWeights::open(dataFile("tiny_llama.gguf"));
    for (const char* name : {"model.layers.1.self_attn.q_proj.weight",   // Q8_0, permuted
                             "model.layers.1.self_attn.k_proj.weight",
                             "model.layers.0.self_attn.k_proj.weight",   // F32, permuted
                             "model.layers.0.mlp.up_proj.weight"}) {     // as stored
        SCOPED_TRACE(name);
        const auto raw = weights->raw(name);
        auto decoded = at::empty(raw.shape, at::kFloat);
        ts::dequantizeInto(raw.type, raw.bytes.data(), raw.bytes.size(), decoded.data_ptr<float>(),
                           static_cast<std::uint64_t>(decoded.numel()), "raw", name);
        expectExactlyEqual(decoded, weights->tensor(name), name);
    }
    EXPECT_EQ(weights->raw("model.layers.1.self_attn.q_proj.weight").type, ts::GgmlType::Q8_0);
}

TEST(GgufLlama, Qwen2IsNotPermutedAndHasBiasesAndLmHead) {
    const auto f = ts::GgufFile::open(dataFile("tiny_qwen2.gguf"));
    const auto c = ts::hfConfigFromGguf(f);
    EXPECT_EQ(c["architectures"], nlohmann::json::array({"Qwen2ForCausalLM"}));
    EXPECT_EQ(c["tie_word_embeddings"], false);
    EXPECT_EQ(c["attention_bias"], true);
    EXPECT_EQ(c["vocab_size"], 40);
    const auto all = ts::hfWeightsFromGguf(f);
    const auto expected = ts::SafetensorsFile::open(dataFile("tiny_qwen2.expected.safetensors"));
    EXPECT_EQ(all.size(), expected.names().size());
    EXPECT_EQ(all.count("model.layers.1.self_attn.q_proj.bias"), 1u);
    EXPECT_EQ(all.count("lm_head.weight"), 1u);
    for (const auto& name : expected.names()) {
        ASSERT_EQ(all.count(name), 1u) << name;
        expectExactlyEqual(all.at(name), expected.tensor(name), name);
    }
}

TEST(GgufLlama, UnpermuteIsTheInverseOfTheConverterPermutation) {
    // convert_hf_to_gguf.py: w.reshape(H, 2, D/2, C).swapaxes(1, 2).reshape(w.shape)
    const auto hf = torch::arange(24 * 8, torch::kFloat32).reshape({24, 8});
    for (std::int64_t heads : {1, 2, 3, 6}) {
        const auto stored =
            hf.reshape({heads, 2, 24 / heads / 2, 8}).transpose(1, 2).reshape({24, 8});
        EXPECT_TRUE(torch::equal(ts::unpermuteRotaryRows(stored, heads), hf)) << heads;
        for (std::int64_t r = 0; r < 24; ++r)
            EXPECT_TRUE(torch::equal(stored[ts::storedRowOfHfRow(r, 24, heads)], hf[r]));
    }
    EXPECT_THROW(ts::unpermuteRotaryRows(hf, 5), ts::Error);
}

TEST(GgufLlama, OtherArchitecturesAreRefusedByName) {
    const auto f = ts::GgufFile::open(dataFile("metadata.gguf"));  // architecture "test"
    try {
        ts::hfConfigFromGguf(f);
        ADD_FAILURE() << "no error";
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.field(), "general.architecture");
        EXPECT_NE(std::string(e.what()).find("\"test\""), std::string::npos) << e.what();
    }
}
