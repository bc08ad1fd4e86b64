// SPDX-License-Identifier: GPL-3.0-or-later
// TrainingLengthCounter gives the length training itself makes of a data line: the same number of
// ids loadSftData / loadPreferenceData produce, for every accepted form and real tokenizers.
#include "engine/core/error.h"
#include "engine/tokenizer/tokenizer.h"
#include "engine/train/sft_data.h"
#include "engine/train/training_length.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

const std::string kFixtures = std::string(TS_SHARED_FIXTURES_DIR) + "/tokenizers/";

const std::vector<std::string> kSftLines = {
    R"({"messages": [{"role": "system", "content": "Answer in JSON."},
                     {"role": "user", "content": "Printer on floor 3 is jammed again"},
                     {"role": "assistant", "content": "{\"category\": \"hardware\"}"}]})",
    R"({"prompt": "Translate to French: good morning", "completion": "bonjour"})",
    R"({"text": "I was charged twice this month", "label": "billing"})",
    R"({"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello! How can I help?"},
                     {"role": "user", "content": "Tell me a joke about unicode: \u00e9\u00e8 \u4f60\u597d"},
                     {"role": "assistant", "content": "Why did the byte cross the road?"}]})",
};

// Writes lines (each made single-line) to a temporary JSONL file, removed on destruction.
class JsonlFile {
public:
    explicit JsonlFile(const std::vector<std::string>& lines) {
        char name[] = "/tmp/ts_sft_data_XXXXXX";
        const int fd = ::mkstemp(name);
        path_ = name;
        ::close(fd);
        std::ofstream out(path_);
        for (std::string line : lines) {
            std::replace(line.begin(), line.end(), '\n', ' ');
            out << line << '\n';
        }
    }
    ~JsonlFile() { std::remove(path_.c_str()); }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

TEST(TrainingLengthCounter, EqualsTheLengthTrainingTokenizesForEachForm) {
    for (const char* tokenizerPath : {"qwen", "llama2-style", "mistral-v1/tokenizer.model"}) {
        const auto tokenizer = ts::loadTokenizer(kFixtures + tokenizerPath);
        const ts::TrainingLengthCounter counter(*tokenizer);
        const JsonlFile file(kSftLines);
        const auto data = ts::loadSftData(file.path(), *tokenizer, 1 << 20);
        ASSERT_EQ(data.examples.size(), kSftLines.size()) << tokenizerPath;
        for (size_t i = 0; i < kSftLines.size(); ++i) {
            const std::int64_t counted = counter.count(kSftLines[i]);
            EXPECT_EQ(counted, std::int64_t(data.examples[i].ids.size()))
                << tokenizerPath << " line " << i + 1;
            EXPECT_GT(counted, 5);
        }
    }
}

TEST(TrainingLengthCounter, PreferenceLineCountsItsLongerReply) {
    const auto tokenizer = ts::loadTokenizer(kFixtures + "qwen");
    const ts::TrainingLengthCounter counter(*tokenizer);
    const std::string shortChosen =
        R"({"prompt": "Reset my password", "chosen": "Use the link on the login page.", "rejected": "No. You should have remembered it, and I will not help you with this at all, ever."})";
    const std::string longChosen =
        R"({"prompt": [{"role": "user", "content": "Reset my password"}], "chosen": "Open the login page, press Forgot password and follow the e-mail we send you.", "rejected": "No."})";
    const JsonlFile file({shortChosen, longChosen});
    const auto data = ts::loadPreferenceData(file.path(), *tokenizer, 1 << 20);
    ASSERT_EQ(data.pairs.size(), 2u);
    EXPECT_GT(data.pairs[0].rejected.ids.size(), data.pairs[0].chosen.ids.size());
    EXPECT_GT(data.pairs[1].chosen.ids.size(), data.pairs[1].rejected.ids.size());
    EXPECT_EQ(counter.count(shortChosen),
              std::int64_t(data.pairs[0].rejected.ids.size()));
    EXPECT_EQ(counter.count(longChosen),
              std::int64_t(data.pairs[1].chosen.ids.size()));
}

TEST(TrainingLengthCounter, UnreadableLineNamesWhatIsWrong) {
    const auto tokenizer = ts::loadTokenizer(kFixtures + "qwen");
    const ts::TrainingLengthCounter counter(*tokenizer);
    auto message = [&](const std::string& line) {
        try {
            counter.count(line);
        } catch (const ts::Error& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    EXPECT_NE(message("{not json").find("not valid JSON"), std::string::npos);
    EXPECT_NE(message("[1, 2]").find("not a JSON object"), std::string::npos);
    EXPECT_NE(message(R"({"prompt": "x", "chosen": "y"})").find("rejected"), std::string::npos);
    EXPECT_NE(message(R"({"messages": [{"role": "user"}]})").find("messages"), std::string::npos);
    EXPECT_NE(message(R"({"input": "x"})").find("expected"), std::string::npos);
}

}  // namespace
