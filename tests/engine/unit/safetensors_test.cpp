// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/error.h"
#include "engine/formats/safetensors.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdio>
#include <dirent.h>
#include <fstream>
#include <functional>
#include <string>
#include <unistd.h>

namespace {

// A fresh temporary folder per test, removed with its files afterwards.
class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/ts_safetensors_XXXXXX";
        path_ = ::mkdtemp(tmpl);
    }
    ~TempDir() {
        if (DIR* d = ::opendir(path_.c_str())) {
            while (dirent* e = ::readdir(d)) {
                const std::string n = e->d_name;
                if (n != "." && n != "..") std::remove((path_ + "/" + n).c_str());
            }
            ::closedir(d);
        }
        ::rmdir(path_.c_str());
    }
    std::string file(const std::string& name) const { return path_ + "/" + name; }
    const std::string& path() const { return path_; }
    std::vector<std::string> entries() const {
        std::vector<std::string> out;
        if (DIR* d = ::opendir(path_.c_str())) {
            while (dirent* e = ::readdir(d)) {
                const std::string n = e->d_name;
                if (n != "." && n != "..") out.push_back(n);
            }
            ::closedir(d);
        }
        return out;
    }

private:
    std::string path_;
};

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string le64(std::uint64_t v) {
    std::string s(8, '\0');
    for (int i = 0; i < 8; ++i) s[i] = static_cast<char>((v >> (8 * i)) & 0xff);
    return s;
}

// A hand-made file: the length prefix (or `claimedLength`), the header text, `dataBytes` zeros.
std::string craft(const std::string& header, std::size_t dataBytes, long long claimedLength = -1) {
    const auto length = claimedLength >= 0 ? static_cast<std::uint64_t>(claimedLength)
                                           : static_cast<std::uint64_t>(header.size());
    return le64(length) + header + std::string(dataBytes, '\0');
}

// Runs `fn`, expects a ts::Error naming `file`, whose field contains `field` and whose message
// contains `messagePart`.
void expectError(const std::function<void()>& fn, const std::string& file,
                 const std::string& field, const std::string& messagePart) {
    try {
        fn();
        ADD_FAILURE() << "no error thrown; expected one about " << messagePart;
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.file(), file) << e.what();
        EXPECT_NE(e.field().find(field), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(messagePart), std::string::npos) << e.what();
    }
}

at::Tensor sampleOf(at::ScalarType dtype, std::vector<int64_t> shape) {
    torch::manual_seed(static_cast<uint64_t>(dtype) + 7);
    if (dtype == at::kBool) return torch::rand(shape) > 0.5;
    if (at::isFloatingType(dtype)) return torch::randn(shape).to(dtype);
    return torch::randint(-100, 100, shape).to(dtype);
}

}  // namespace

TEST(Safetensors, RoundTripsEveryDtypeWithMetadata) {
    TempDir dir;
    const std::vector<std::pair<at::ScalarType, const char*>> dtypes = {
        {at::kFloat, "F32"}, {at::kHalf, "F16"},  {at::kBFloat16, "BF16"}, {at::kDouble, "F64"},
        {at::kLong, "I64"},  {at::kInt, "I32"},   {at::kShort, "I16"},     {at::kChar, "I8"},
        {at::kByte, "U8"},   {at::kBool, "BOOL"}};
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    // Odd sizes so later tensors start at offsets not aligned to their element size.
    for (const auto& [dt, name] : dtypes) tensors.emplace_back(name, sampleOf(dt, {3, 5}));
    tensors.emplace_back("scalar", torch::tensor(3.5f).reshape({}));
    tensors.emplace_back("empty", torch::zeros({0, 4}));
    const auto path = dir.file("all.safetensors");
    ts::writeSafetensors(path, tensors, {{"format", "pt"}, {"note", "round trip"}});

    auto file = ts::SafetensorsFile::open(path);
    ASSERT_EQ(file.names().size(), tensors.size());
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        const auto& [name, expected] = tensors[i];
        EXPECT_EQ(file.names()[i], name) << "names follow the written order";
        const auto got = file.tensor(name);
        EXPECT_EQ(got.scalar_type(), expected.scalar_type()) << name;
        EXPECT_EQ(got.sizes(), expected.sizes()) << name;
        EXPECT_TRUE(torch::equal(got, expected)) << name;
    }
    EXPECT_STREQ(ts::safetensorsDtypeName(file.info("BF16").dtype), "BF16");
    EXPECT_EQ(file.info("I16").shape, (std::vector<int64_t>{3, 5}));
    EXPECT_EQ(file.metadata().at("format"), "pt");
    EXPECT_EQ(file.metadata().at("note"), "round trip");
    // The atomic write leaves no temporary behind.
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"all.safetensors"});
}

TEST(Safetensors, HeaderIsPaddedToEightBytesAndDataIsExact) {
    TempDir dir;
    const auto path = dir.file("pad.safetensors");
    const auto t = torch::arange(6, torch::kFloat32).reshape({2, 3});
    ts::writeSafetensors(path, {{"w", t}});
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i) headerLength = (headerLength << 8) | static_cast<uint8_t>(bytes[i]);
    EXPECT_EQ(headerLength % 8, 0u);
    EXPECT_EQ(bytes.size(), 8 + headerLength + 6 * sizeof(float));
    float last = 0;
    std::memcpy(&last, bytes.data() + bytes.size() - sizeof(float), sizeof(float));
    EXPECT_EQ(last, 5.0f);
}

TEST(Safetensors, WritesNonContiguousInputAsItsValues) {
    TempDir dir;
    const auto path = dir.file("t.safetensors");
    const auto base = torch::arange(12, torch::kFloat32).reshape({3, 4});
    const auto transposed = base.t();
    ASSERT_FALSE(transposed.is_contiguous());
    ts::writeSafetensors(path, {{"t", transposed}});
    EXPECT_TRUE(torch::equal(ts::SafetensorsFile::open(path).tensor("t"), transposed));
}

TEST(Safetensors, TensorOutlivesTheFileObjectAndWritesDoNotReachDisk) {
    TempDir dir;
    const auto path = dir.file("life.safetensors");
    const auto original = torch::arange(16, torch::kFloat32);
    ts::writeSafetensors(path, {{"x", original}});
    at::Tensor kept;
    {
        auto file = ts::SafetensorsFile::open(path);
        kept = file.tensor("x");
    }
    EXPECT_TRUE(torch::equal(kept, original));
    kept.mul_(2);  // private copy-on-write mapping: the file keeps its values
    EXPECT_TRUE(torch::equal(ts::SafetensorsFile::open(path).tensor("x"), original));
}

TEST(Safetensors, RefusesDuplicateNamesAndUnsupportedDtypes) {
    TempDir dir;
    const auto path = dir.file("bad.safetensors");
    const auto t = torch::zeros({2});
    expectError([&] { ts::writeSafetensors(path, {{"a", t}, {"a", t}}); }, path, "a", "duplicate");
    expectError([&] { ts::writeSafetensors(path, {{"c", torch::zeros({2}, torch::kComplexFloat)}}); },
                path, "c", "no safetensors equivalent");
    EXPECT_TRUE(dir.entries().empty()) << "a failed write leaves nothing behind";
}

TEST(SafetensorsWeights, OpensShardedFolderThroughIndex) {
    TempDir dir;
    const auto a = torch::randn({4, 3});
    const auto b = torch::randn({5});
    const auto c = torch::randint(0, 9, {2, 2}).to(torch::kLong);
    ts::writeSafetensors(dir.file("model-00001-of-00002.safetensors"), {{"layer.a", a}, {"layer.b", b}});
    ts::writeSafetensors(dir.file("model-00002-of-00002.safetensors"), {{"head.c", c}});
    writeBytes(dir.file("model.safetensors.index.json"), R"({
        "metadata": {"total_size": 108},
        "weight_map": {"layer.a": "model-00001-of-00002.safetensors",
                       "layer.b": "model-00001-of-00002.safetensors",
                       "head.c": "model-00002-of-00002.safetensors"}})");
    auto weights = ts::SafetensorsWeights::open(dir.path());
    EXPECT_EQ(weights->names(), (std::vector<std::string>{"head.c", "layer.a", "layer.b"}));
    EXPECT_TRUE(weights->has("head.c"));
    EXPECT_FALSE(weights->has("missing"));
    EXPECT_TRUE(torch::equal(weights->tensor("layer.a"), a));
    EXPECT_TRUE(torch::equal(weights->tensor("layer.b"), b));
    EXPECT_TRUE(torch::equal(weights->tensor("head.c"), c));
    EXPECT_EQ(weights->fileFor("head.c").path(), dir.file("model-00002-of-00002.safetensors"));
    expectError([&] { weights->tensor("missing"); }, dir.path(), "missing", "no such tensor");
}

TEST(SafetensorsWeights, OpensSingleFileFolderAndPlainFile) {
    TempDir dir;
    const auto w = torch::randn({2, 2});
    ts::writeSafetensors(dir.file("model.safetensors"), {{"w", w}, {"v", w * 2}});
    auto fromFolder = ts::SafetensorsWeights::open(dir.path());
    EXPECT_EQ(fromFolder->names(), (std::vector<std::string>{"w", "v"}));
    EXPECT_TRUE(torch::equal(fromFolder->tensor("v"), w * 2));
    auto fromFile = ts::SafetensorsWeights::open(dir.file("model.safetensors"));
    EXPECT_TRUE(torch::equal(fromFile->tensor("w"), w));
}

TEST(SafetensorsWeights, RejectsBadIndexes) {
    TempDir dir;
    const auto index = dir.file("model.safetensors.index.json");
    ts::writeSafetensors(dir.file("s1.safetensors"), {{"a", torch::zeros({1})}});

    writeBytes(index, R"({"weight_map": {"b": "s1.safetensors"}})");
    expectError([&] { ts::SafetensorsWeights::open(dir.path()); }, index, "weight_map.b",
                "lacks it");
    writeBytes(index, R"({"weight_map": {"a": "../s1.safetensors"}})");
    expectError([&] { ts::SafetensorsWeights::open(dir.path()); }, index, "weight_map.a",
                "not a plain file name");
    writeBytes(index, R"({"weight_map": {"a": "s2.safetensors"}})");
    expectError([&] { ts::SafetensorsWeights::open(dir.path()); }, dir.file("s2.safetensors"), "",
                "cannot open");
    writeBytes(index, R"({"weights": {}})");
    expectError([&] { ts::SafetensorsWeights::open(dir.path()); }, index, "weight_map",
                "missing");
    writeBytes(index, R"({"weight_map": )");
    expectError([&] { ts::SafetensorsWeights::open(dir.path()); }, index, "", "invalid JSON");

    TempDir empty;
    expectError([&] { ts::SafetensorsWeights::open(empty.path()); }, empty.path(), "",
                "neither model.safetensors");
}

// Each malformed file must be refused with an error that names the file and the field.
TEST(SafetensorsMalformed, RefusesEveryBadHeader) {
    TempDir dir;
    const auto path = dir.file("bad.safetensors");
    auto open = [&] { ts::SafetensorsFile::open(path); };
    const std::string good = R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})";

    writeBytes(path, craft(good, 16));
    EXPECT_NO_THROW(open()) << "the well-formed baseline opens";

    writeBytes(path, "abc");
    expectError(open, path, "", "shorter than the 8-byte header length");

    writeBytes(path, craft(good, 16, static_cast<long long>(good.size() + 17)));
    expectError(open, path, "header length", "past the end");

    writeBytes(path, craft(good, 16, 200LL * 1000 * 1000));
    expectError(open, path, "header length", "exceeds");

    writeBytes(path, craft(R"({"w":{"dtype":"F32",)", 16));
    expectError(open, path, "header", "invalid JSON");

    writeBytes(path, craft("[1,2]", 0));
    expectError(open, path, "header", "not a JSON object");

    writeBytes(path, craft(R"({"w":{"dtype":"F8_E9","shape":[2],"data_offsets":[0,2]}})", 2));
    expectError(open, path, "w.dtype", "unsupported dtype \"F8_E9\"");

    writeBytes(path, craft(R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,32]}})", 16));
    expectError(open, path, "w.data_offsets", "past the data area");

    writeBytes(path, craft(R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[16,0]}})", 16));
    expectError(open, path, "w.data_offsets", "before begin");

    writeBytes(path, craft(R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,16]}})", 16));
    expectError(open, path, "w.data_offsets", "need 6 x 4");

    writeBytes(path, craft(R"({"w":{"dtype":"F32","shape":[-2,2],"data_offsets":[0,16]}})", 16));
    expectError(open, path, "w.shape", "non-negative");

    writeBytes(path,
               craft(R"({"w":{"dtype":"U8","shape":[4294967296,4294967296],"data_offsets":[0,1]}})",
                     1));
    expectError(open, path, "w.shape", "overflows");

    writeBytes(path, craft(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}})", 4));
    expectError(open, path, "w.data_offsets", "two non-negative integers");

    writeBytes(path, craft(R"({"w":{"shape":[1],"data_offsets":[0,4]}})", 4));
    expectError(open, path, "w.dtype", "missing");

    writeBytes(path, craft(R"({"__metadata__":{"k":3}})", 0));
    expectError(open, path, "__metadata__.k", "must be strings");

    writeBytes(path, craft(good, 16));
    auto file = ts::SafetensorsFile::open(path);
    expectError([&] { file.tensor("nope"); }, path, "nope", "no such tensor");
}

// A file written by the Python reference implementation (scripts/reference/make_gguf_refs.py)
// reads back with the values it was written with.
TEST(Safetensors, ReadsReferenceImplementationFile) {
    const std::string path = std::string(TS_TEST_DATA_DIR) + "/safetensors/reference.safetensors";
    auto file = ts::SafetensorsFile::open(path);
    EXPECT_EQ(file.metadata().at("producer"), "safetensors.numpy");
    const auto f32 = file.tensor("f32");
    EXPECT_TRUE(torch::equal(f32, torch::arange(12, torch::kFloat32).reshape({3, 4}) * 0.5));
    const auto f16 = file.tensor("f16");
    EXPECT_EQ(f16.scalar_type(), at::kHalf);
    EXPECT_TRUE(torch::equal(f16.to(torch::kFloat32), torch::tensor({-1.5f, 0.0f, 2.25f})));
    const auto i64 = file.tensor("i64");
    EXPECT_TRUE(torch::equal(i64, torch::tensor({int64_t{-3}, int64_t{1} << 40})));
    const auto u8 = file.tensor("u8");
    EXPECT_TRUE(torch::equal(u8, torch::tensor({1, 2, 255}, torch::kUInt8)));
    const auto b = file.tensor("bool");
    EXPECT_TRUE(torch::equal(b, torch::tensor({true, false, true})));
}
