// SPDX-License-Identifier: GPL-3.0-or-later
// The sentencepiece bridge loads in a process that also links libtorch (the crash it avoids).
#include "engine/core/error.h"
#include "engine/tokenizer/spm_library.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace {
const std::string kMistral = std::string(TS_SHARED_FIXTURES_DIR) + "/tokenizers/mistral-v1/tokenizer.model";
}

TEST(SentencePieceBridge, LoadsRealModelNextToLibtorch) {
    auto t = torch::ones({2, 2});  // libtorch is live in this process
    auto spm = ts::SentencePieceModel::fromFile(kMistral);
    EXPECT_EQ(spm.vocabSize(), 32000);
    EXPECT_EQ(spm.bosId(), 1);
    EXPECT_EQ(spm.eosId(), 2);
    auto ids = spm.encode("Hello world");
    ASSERT_FALSE(ids.empty());
    EXPECT_EQ(spm.decode(ids), "Hello world");
    EXPECT_EQ(t.sum().item<float>(), 4.0f);
}

TEST(SentencePieceBridge, MissingFileIsAClearError) {
    try {
        ts::SentencePieceModel::fromFile("/nonexistent/tokenizer.model");
        FAIL() << "expected an error";
    } catch (const ts::Error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/tokenizer.model"), std::string::npos);
    }
}

TEST(SentencePieceBridge, GarbageBytesAreAClearError) {
    EXPECT_THROW(ts::SentencePieceModel::fromBytes("not a protobuf", "inline"), ts::Error);
}
