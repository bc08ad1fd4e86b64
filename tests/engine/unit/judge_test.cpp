// SPDX-License-Identifier: GPL-3.0-or-later
// The judge metric without a model: rubric filling, score parsing, suite options and aggregation.
#include "engine/core/error.h"
#include "engine/eval/judge.h"
#include "engine/eval/metric_suite.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace ts::eval;

namespace {

std::string errorText(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const ts::Error& e) {
        return e.what();
    }
    return "(no error)";
}

JudgeResult judged(const std::string& answer, int scaleMin = 1, int scaleMax = 5) {
    JudgeResult r;
    r.answer = answer;
    r.score = parseJudgeScore(answer, scaleMin, scaleMax);
    return r;
}

}  // namespace

TEST(JudgePrompt, FillsEveryPlaceholderOnceAndLeavesInsertedTextAlone) {
    const auto prompt = buildJudgePrompt("Q={input} R={reference} A={output} [{scale_min}-{scale_max}] {other} {",
                                         "what {output}?", "ref", "ans", 0, 10);
    EXPECT_EQ(prompt, "Q=what {output}? R=ref A=ans [0-10] {other} {");
    const auto twice = buildJudgePrompt("{output}/{output}", "", "", "x", 1, 5);
    EXPECT_EQ(twice, "x/x");
}

TEST(JudgePrompt, DefaultRubricHasTheValuesAndAsksForANumber) {
    const auto prompt = buildJudgePrompt(defaultJudgeRubric(), "Capital of France?", "Paris", "Lyon", 1, 5);
    for (const char* part : {"Capital of France?", "Paris", "Lyon", "from 1 to 5", "number only"})
        EXPECT_NE(prompt.find(part), std::string::npos) << part;
    EXPECT_EQ(prompt.find('{'), std::string::npos) << prompt;
}

TEST(JudgeScoreParsing, FirstWholeNumberOnTheScale) {
    EXPECT_EQ(parseJudgeScore("4", 1, 5).raw, 4);
    EXPECT_DOUBLE_EQ(*parseJudgeScore("4", 1, 5).normalized, 0.75);
    EXPECT_DOUBLE_EQ(*parseJudgeScore("Score: 1/5", 1, 5).normalized, 0.0);
    EXPECT_DOUBLE_EQ(*parseJudgeScore("5.", 1, 5).normalized, 1.0);
    EXPECT_EQ(parseJudgeScore("10 out of ten... no, 3", 1, 5).raw, 3);  // 10 is off the scale
    EXPECT_EQ(parseJudgeScore("4.5 rounded: 4", 1, 5).raw, 4);          // a decimal is not read
    EXPECT_EQ(parseJudgeScore("-2 or 2", 1, 5).raw, 2);                 // nor a negative number
    EXPECT_EQ(parseJudgeScore("0", 0, 10).raw, 0);
    EXPECT_DOUBLE_EQ(*parseJudgeScore("7", 0, 10).normalized, 0.7);
    EXPECT_EQ(parseJudgeScore("000000000000000000004", 1, 5).raw, std::nullopt);  // absurdly long
}

TEST(JudgeScoreParsing, UnparsableAnswersHaveANoteAndNoScore) {
    const auto none = parseJudgeScore("The answer is good.", 1, 5);
    EXPECT_FALSE(none.raw);
    EXPECT_FALSE(none.normalized);
    EXPECT_NE(none.note.find("no number"), std::string::npos);
    const auto off = parseJudgeScore("9", 1, 5);
    EXPECT_FALSE(off.normalized);
    EXPECT_NE(off.note.find("1 to 5"), std::string::npos) << off.note;
    EXPECT_TRUE(parseJudgeScore("4", 1, 5).note.empty());
}

TEST(JudgeSuiteOptions, ParsedAndValidatedWithTheirPath) {
    const auto specs = parseMetricSpecs(nlohmann::json::parse(
        R"([{"name": "judge", "model": "/m/judge.gguf", "rubric": "Grade {output}", "scale_max": 10,
             "scale_min": 0, "max_new_tokens": 4}])"));
    ASSERT_EQ(specs.size(), 1u);
    ASSERT_TRUE(specs[0].judge);
    EXPECT_EQ(specs[0].judge->modelPath, "/m/judge.gguf");
    EXPECT_EQ(specs[0].judge->rubric, "Grade {output}");
    EXPECT_EQ(specs[0].judge->scaleMin, 0);
    EXPECT_EQ(specs[0].judge->scaleMax, 10);
    EXPECT_EQ(specs[0].judge->maxNewTokens, 4);
    EXPECT_EQ(producedMetricNames(specs), (std::vector<std::string>{"judge", "judge_coverage"}));
    EXPECT_EQ(findJudgeSpec(specs), &specs[0]);

    const auto defaults = parseMetricSpecs(nlohmann::json::parse(R"(["exact_match", {"name": "judge", "model": "j"}])"));
    EXPECT_EQ(defaults[1].judge->rubric, defaultJudgeRubric());
    EXPECT_EQ(defaults[1].judge->scaleMax, 5);
    EXPECT_EQ(findJudgeSpec(parseMetricSpecs(nlohmann::json::parse(R"(["exact_match"])"))), nullptr);

    const auto fails = [](const char* text) {
        return errorText([&] { parseMetricSpecs(nlohmann::json::parse(text), "suite 's'"); });
    };
    EXPECT_NE(fails(R"(["judge"])").find("suite 's', field '/0'"), std::string::npos) << fails(R"(["judge"])");
    EXPECT_NE(fails(R"([{"name": "judge"}])").find("/0/model"), std::string::npos);
    EXPECT_NE(fails(R"([{"name": "judge", "model": "j", "rubric": "no placeholder"}])").find("/0/rubric"),
              std::string::npos);
    EXPECT_NE(fails(R"([{"name": "judge", "model": "j", "scale_max": 1}])").find("/0/scale_max"), std::string::npos);
    EXPECT_NE(fails(R"([{"name": "judge", "model": "j", "scale_max": 4.5}])").find("/0/scale_max"),
              std::string::npos);
    EXPECT_NE(fails(R"([{"name": "judge", "model": "j", "max_new_tokens": 0}])").find("/0/max_new_tokens"),
              std::string::npos);
}

TEST(JudgeSuiteScores, MeanOverScoredExamplesAndCoverage) {
    const auto specs = parseMetricSpecs(nlohmann::json::parse(R"([{"name": "judge", "model": "j"}])"));
    std::vector<ScoredExample> examples(4);
    std::vector<std::optional<JudgeResult>> judgements = {judged("5"), judged("Score 2"), judged("I cannot tell"),
                                                          std::nullopt};  // example 3 not judged
    const auto scores = scoreExamples(specs, examples, judgements);
    EXPECT_DOUBLE_EQ(scores.metrics.at("judge"), (1.0 + 0.25) / 2);
    EXPECT_DOUBLE_EQ(scores.metrics.at("judge_coverage"), 0.5);
    EXPECT_DOUBLE_EQ(*scores.examples[0].score, 1.0);
    EXPECT_EQ(scores.examples[1].details["judge_raw"], 2);
    EXPECT_EQ(scores.examples[1].details["judge_answer"], "Score 2");
    EXPECT_FALSE(scores.examples[2].score);
    EXPECT_TRUE(scores.examples[2].details["judge"].is_null());
    EXPECT_NE(scores.examples[2].details["judge_note"].get<std::string>().find("no number"), std::string::npos);
    EXPECT_EQ(scores.examples[3].details["judge_note"], "not judged");

    // Nothing scored: the metric is unmeasured, so a gate on it fails instead of passing on 0.
    std::vector<ScoredExample> unscored(2);
    const auto none = scoreExamples(specs, unscored, {judged("?")});  // the second: no entry at all
    EXPECT_EQ(none.metrics.count("judge"), 0u);
    EXPECT_DOUBLE_EQ(none.metrics.at("judge_coverage"), 0.0);
    const auto verdict = decide(none.metrics, parseThresholds(nlohmann::json::parse(R"({"judge": 0.5})")));
    EXPECT_FALSE(verdict.go);
}
