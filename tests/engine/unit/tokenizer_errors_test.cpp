// SPDX-License-Identifier: GPL-3.0-or-later
// Bad tokenizer inputs are ts::Errors that name the file and the field, never crashes.
#include "engine/core/error.h"
#include "engine/tokenizer/gguf_tokenizer.h"
#include "engine/tokenizer/tokenizer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;

class TempFile {
public:
    TempFile(const std::string& name, const std::string& content)
        : path_((fs::temp_directory_path() / ("ts_tok_" + std::to_string(::getpid()) + "_" + name)).string()) {
        std::ofstream(path_, std::ios::binary) << content;
    }
    ~TempFile() { std::remove(path_.c_str()); }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// Loads and returns the error; fails the test when loading succeeds.
ts::Error loadError(const std::string& path) {
    try {
        ts::loadTokenizer(path);
    } catch (const ts::Error& e) {
        return e;
    }
    ADD_FAILURE() << "expected an error for " << path;
    return ts::Error("none");
}

const char* kMinimalBpe = R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2},
  "merges": ["a b"]}, "pre_tokenizer": null, "decoder": null})";

TEST(TokenizerErrors, MissingFileNamesThePath) {
    auto e = loadError("/nonexistent/dir/tokenizer.json");
    EXPECT_EQ(e.file(), "/nonexistent/dir/tokenizer.json");
}

TEST(TokenizerErrors, InvalidJsonNamesTheFile) {
    TempFile f("bad.json", "{\"model\": {\"type\": \"BPE\", ");
    auto e = loadError(f.path());
    EXPECT_EQ(e.file(), f.path());
    EXPECT_NE(e.message().find("invalid JSON"), std::string::npos) << e.what();
}

TEST(TokenizerErrors, UnsupportedModelTypeNamesTheField) {
    TempFile f("wordpiece.json", R"({"model": {"type": "WordPiece", "vocab": {}}})");
    auto e = loadError(f.path());
    EXPECT_EQ(e.field(), "model.type");
    EXPECT_NE(e.message().find("WordPiece"), std::string::npos);
}

TEST(TokenizerErrors, MergeWithTokenOutsideVocabNamesTheMerge) {
    TempFile f("mismatch.json", R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2},
      "merges": ["a b", "a c"]}})");
    auto e = loadError(f.path());
    EXPECT_EQ(e.file(), f.path());
    EXPECT_EQ(e.field(), "model.merges[1]");
    EXPECT_NE(e.message().find("'c'"), std::string::npos) << e.what();
}

TEST(TokenizerErrors, MergeResultOutsideVocabIsAnError) {
    TempFile f("noresult.json", R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": [["a", "b"]]}})");
    EXPECT_EQ(loadError(f.path()).field(), "model.merges[0]");
}

TEST(TokenizerErrors, UnsupportedPreTokenizerNamesTheField) {
    TempFile f("pre.json", R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []},
      "pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "Punctuation"}]}})");
    EXPECT_EQ(loadError(f.path()).field(), "pre_tokenizer.pretokenizers[0].type");
}

TEST(TokenizerErrors, BadRegexNamesTheField) {
    TempFile f("regex.json", R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []},
      "pre_tokenizer": {"type": "Split", "pattern": {"Regex": "(unclosed"}, "behavior": "Isolated"}})");
    EXPECT_EQ(loadError(f.path()).field(), "pre_tokenizer.pattern");
}

TEST(TokenizerErrors, WrongJsonTypeIsAnErrorNotACrash) {
    TempFile f("types.json", R"({"model": {"type": "BPE", "vocab": ["a"], "merges": []}})");
    EXPECT_EQ(loadError(f.path()).field(), "model.vocab");
}

TEST(TokenizerErrors, UnknownExtensionIsAnError) {
    TempFile f("vocab.txt", "a\nb\n");
    EXPECT_EQ(loadError(f.path()).file(), f.path());
}

TEST(TokenizerErrors, DecodingAnUnknownIdIsAnError) {
    TempFile f("ok.json", kMinimalBpe);
    auto tok = ts::loadTokenizer(f.path());
    EXPECT_EQ(tok->encode("abba", ts::AddSpecial::No), (std::vector<int32_t>{2, 1, 0}));
    EXPECT_EQ(tok->decode({2, 1}, ts::SkipSpecial::No), "ab b");  // no decoder: HF joins with spaces
    EXPECT_THROW(tok->decode({3}, ts::SkipSpecial::No), ts::Error);
    EXPECT_THROW(tok->decode({-1}, ts::SkipSpecial::No), ts::Error);
}

TEST(TokenizerErrors, InvalidUtf8InputIsReplacedNotRejected) {
    TempFile f("ok2.json", kMinimalBpe);
    auto tok = ts::loadTokenizer(f.path());
    // \xFF is no UTF-8; it becomes U+FFFD, which this vocabulary lacks. Without an unk token it
    // is dropped (as in HF) and the neighbours then merge.
    EXPECT_EQ(tok->encode("a\xFF" "b", ts::AddSpecial::No), (std::vector<int32_t>{2}));
    EXPECT_EQ(tok->encode("a\xFF", ts::AddSpecial::No), (std::vector<int32_t>{0}));
}

TEST(TokenizerErrors, GgufSpecProblemsNameTheGgufKey) {
    ts::GgufTokenizerSpec spec;
    spec.origin = "model.gguf";
    spec.model = "gpt2";
    spec.pre = "no-such-pre";
    spec.tokens = {"a", "b", "ab"};
    spec.merges = {"a b"};
    try {
        ts::tokenizerFromGgufSpec(spec);
        FAIL();
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.file(), "model.gguf");
        EXPECT_EQ(e.field(), "tokenizer.ggml.pre");
    }
    spec.pre = "gpt-2";
    spec.merges = {"a c"};
    try {
        ts::tokenizerFromGgufSpec(spec);
        FAIL();
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.field(), "tokenizer.ggml.merges");
    }
    spec.merges = {"a b"};
    spec.eosId = 7;
    try {
        ts::tokenizerFromGgufSpec(spec);
        FAIL();
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.field(), "tokenizer.ggml.eos_token_id");
    }
    spec.eosId = -1;
    spec.model = "bert";
    try {
        ts::tokenizerFromGgufSpec(spec);
        FAIL();
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.field(), "tokenizer.ggml.model");
    }
    spec.model = "llama";
    spec.scores = {0.0f};
    try {
        ts::tokenizerFromGgufSpec(spec);
        FAIL();
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.field(), "tokenizer.ggml.scores");
    }
}

TEST(TokenizerErrors, GgufGpt2SpecTokenizesWithItsRegexes) {
    ts::GgufTokenizerSpec spec;
    spec.origin = "tiny.gguf";
    spec.model = "gpt2";
    spec.pre = "smollm";
    // Byte-level tokens: "Ġ" is the space byte. The smollm pre-tokenizer isolates each digit.
    spec.tokens = {"<|end|>", "1", "2", "12", "a", "Ġ", "Ġa"};
    spec.tokenTypes = {3, 1, 1, 1, 1, 1, 1};
    spec.merges = {"1 2", "Ġ a"};
    spec.eosId = 0;
    auto tok = ts::tokenizerFromGgufSpec(spec);
    EXPECT_EQ(tok->encode("12 a<|end|>", ts::AddSpecial::No), (std::vector<int32_t>{1, 2, 6, 0}));
    EXPECT_EQ(tok->decode({1, 2, 6, 0}, ts::SkipSpecial::Yes), "12 a");
    EXPECT_TRUE(tok->isStop(0));
}

}  // namespace
