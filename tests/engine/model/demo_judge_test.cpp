// SPDX-License-Identifier: GPL-3.0-or-later
// The judge metric on the real demo model (SmolLM2-135M-Instruct): three examples judged with
// greedy decoding; every answer is parsed into a score on the scale or a note, and the prompt the
// judge saw holds each example's input, reference and output.
#include "engine/core/paths.h"
#include "engine/eval/judge.h"
#include "engine/eval/metric_suite.h"

#include <gtest/gtest.h>

namespace {

TEST(DemoJudge, ScoresThreeExamplesOnTheScale) {
    const auto path = ts::demoModelPath();
    if (!ts::fileExists(path)) GTEST_SKIP() << "demo model not found at " << path
                                            << " (scripts/fetch-demo-model.sh)";
    ts::eval::JudgeOptions options;
    options.modelPath = path;
    options.maxNewTokens = 6;
    options.batchSize = 3;
    auto judge = ts::eval::Judge::load(options, ts::DeviceKind::Cpu);
    const std::vector<ts::eval::JudgeInput> inputs = {
        {"What is the capital of France?", "Paris", "The capital of France is Paris."},
        {"What is 2 + 2?", "4", "2 + 2 is 5."},
        {"Which planet is known as the red planet?", "Mars", "Jupiter, the largest gas giant."},
    };
    const auto results = judge->judge(inputs);
    ASSERT_EQ(results.size(), inputs.size());
    int scored = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        const auto& r = results[i];
        EXPECT_NE(r.prompt.find(inputs[i].input), std::string::npos) << r.prompt;
        EXPECT_NE(r.prompt.find(inputs[i].reference), std::string::npos) << r.prompt;
        EXPECT_NE(r.prompt.find(inputs[i].output), std::string::npos) << r.prompt;
        EXPECT_EQ(r.prompt.find("{output}"), std::string::npos);
        // The parse of the judge's own answer, recomputed here, is what the judge reported.
        const auto reparsed = ts::eval::parseJudgeScore(r.answer, 1, 5);
        EXPECT_EQ(r.score.raw, reparsed.raw) << r.answer;
        if (r.score.normalized) {
            ++scored;
            EXPECT_GE(*r.score.raw, 1);
            EXPECT_LE(*r.score.raw, 5);
            EXPECT_GE(*r.score.normalized, 0.0);
            EXPECT_LE(*r.score.normalized, 1.0);
            EXPECT_TRUE(r.score.note.empty());
        } else {
            EXPECT_FALSE(r.score.note.empty()) << r.answer;
        }
        std::cout << "judge answer " << i << ": '" << r.answer << "'\n";
    }
    // Greedy decoding: judging again gives the same answers.
    const auto again = judge->judge(inputs);
    for (std::size_t i = 0; i < results.size(); ++i) EXPECT_EQ(again[i].answer, results[i].answer);
    std::cout << scored << " of 3 answers held a score\n";
}

}  // namespace
