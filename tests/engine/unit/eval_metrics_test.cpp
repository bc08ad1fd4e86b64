// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/error.h"
#include "engine/eval/metric_suite.h"
#include "engine/eval/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace ts::eval;
using nlohmann::json;

TEST(EvalMetrics, ExactMatchNormalization) {
    EXPECT_TRUE(exactMatch("  Paris\n", "paris"));
    EXPECT_TRUE(exactMatch("New   York\tCity", "new york city"));
    NormalizeOptions strict{false, false, false};
    EXPECT_FALSE(exactMatch("Paris ", "Paris", strict));
    EXPECT_FALSE(exactMatch("paris", "Paris", strict));
    EXPECT_TRUE(exactMatch("Paris", "Paris", strict));
    NormalizeOptions caseOnly{true, false, true};
    EXPECT_FALSE(exactMatch(" paris", "Paris", caseOnly));
    EXPECT_EQ(normalizeText("  A \n\n B  ", {}), "a b");
    EXPECT_DOUBLE_EQ(exactMatchRate({"a", "B", "c", "d"}, {"a", "b", "x", "y"}), 0.5);
    EXPECT_THROW(exactMatchRate({"a"}, {}), ts::Error);
}

TEST(EvalMetrics, ClassificationReportCountsByHand) {
    // references: cat cat cat dog dog bird; predictions: cat cat dog dog cat "" (unparseable)
    const std::vector<std::string> refs = {"cat", "cat", "cat", "dog", "dog", "bird"};
    const std::vector<std::string> pred = {"cat", "cat", "dog", "dog", "cat", ""};
    const auto report = classificationReport(pred, refs);
    ASSERT_EQ(report.labels, (std::vector<std::string>{"bird", "cat", "dog", ""}));
    EXPECT_DOUBLE_EQ(report.accuracy, 3.0 / 6.0);
    // confusion[ref][pred]
    EXPECT_EQ(report.confusion[1][1], 2);  // cat->cat
    EXPECT_EQ(report.confusion[1][2], 1);  // cat->dog
    EXPECT_EQ(report.confusion[2][1], 1);  // dog->cat
    EXPECT_EQ(report.confusion[0][3], 1);  // bird->""
    // cat: tp 2, predicted 3, support 3 -> p 2/3 r 2/3 f1 2/3
    EXPECT_NEAR(report.perLabel[1].precision, 2.0 / 3, 1e-12);
    EXPECT_NEAR(report.perLabel[1].recall, 2.0 / 3, 1e-12);
    // dog: tp 1, predicted 2, support 2 -> p .5 r .5
    EXPECT_NEAR(report.perLabel[2].f1, 0.5, 1e-12);
    // bird: never predicted -> 0
    EXPECT_EQ(report.perLabel[0].support, 1);
    EXPECT_DOUBLE_EQ(report.perLabel[0].f1, 0);
    EXPECT_NEAR(report.macroF1, (0 + 2.0 / 3 + 0.5) / 3, 1e-12);
}

TEST(EvalMetrics, ExtractJsonField) {
    EXPECT_EQ(extractJsonField(R"({"category": "billing", "x": 1})", "category").value(), "billing");
    EXPECT_EQ(extractJsonField("Sure!\n```json\n{\"category\": \"tech\"}\n```", "category").value(), "tech");
    EXPECT_EQ(extractJsonField(R"({"result": {"label": 3}})", "result.label").value(), "3");
    EXPECT_FALSE(extractJsonField(R"({"category": "x"})", "missing"));
    EXPECT_FALSE(extractJsonField("no json here", "category"));
    EXPECT_FALSE(extractJsonField("{broken", "category"));
}

TEST(EvalMetrics, JsonSchemaSubset) {
    JsonSchema schema(json::parse(R"({
        "type": "object", "required": ["category", "confidence"], "additionalProperties": false,
        "properties": {
            "category": {"type": "string", "enum": ["billing", "tech"]},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "tags": {"type": "array", "items": {"type": "string", "minLength": 2, "maxLength": 5}},
            "count": {"type": "integer"}
        }})"));
    EXPECT_EQ(schema.violationInText(R"({"category":"tech","confidence":0.5})"), "");
    EXPECT_EQ(schema.violationInText(R"({"category":"tech","confidence":0.5,"tags":["ab","xyz"],"count":3.0})"), "");
    EXPECT_NE(schema.violationInText(R"({"category":"tech"})").find("confidence"), std::string::npos);
    EXPECT_NE(schema.violationInText(R"({"category":"sales","confidence":0.5})").find("/category"), std::string::npos);
    EXPECT_NE(schema.violationInText(R"({"category":"tech","confidence":1.5})").find("maximum"), std::string::npos);
    EXPECT_NE(schema.violationInText(R"({"category":"tech","confidence":0.5,"extra":1})").find("extra"),
              std::string::npos);
    EXPECT_NE(schema.violationInText(R"({"category":"tech","confidence":0.5,"tags":["a"]})").find("/tags/0"),
              std::string::npos);
    EXPECT_NE(schema.violationInText(R"({"category":"tech","confidence":0.5,"tags":["abcdef"]})"), "");
    EXPECT_NE(schema.violationInText(R"({"category":"tech","confidence":0.5,"count":2.5})"), "");
    EXPECT_NE(schema.violationInText(R"(["category"])"), "");
    EXPECT_EQ(schema.violationInText("{not json"), "not valid JSON");
    // Two-byte UTF-8 characters count once: "éé" is 2 characters.
    JsonSchema shortText(json::parse(R"({"type":"string","maxLength":2})"));
    EXPECT_EQ(shortText.violation(json("\xC3\xA9\xC3\xA9")), "");
    // Mistakes in the schema itself are reported with their path.
    try {
        JsonSchema bad(json::parse(R"({"properties": {"a": {"tpye": "string"}}})"), "suite.json");
        FAIL() << "accepted an unknown keyword";
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.file(), "suite.json");
        EXPECT_EQ(e.field(), "/properties/a/tpye");
    }
    EXPECT_THROW(JsonSchema(json::parse(R"({"type": "strng"})")), ts::Error);
    EXPECT_THROW(JsonSchema(json::parse(R"({"minLength": -1})")), ts::Error);
}

TEST(EvalMetrics, JsonAndRegexFormat) {
    EXPECT_TRUE(isValidJson(R"({"a": [1, 2]})"));
    EXPECT_TRUE(isValidJson("3"));
    EXPECT_FALSE(isValidJson("{'a': 1}"));
    EXPECT_FALSE(isValidJson(""));
    RegexFormat yesNo("(yes|no)");
    EXPECT_TRUE(yesNo.matches("yes"));
    EXPECT_FALSE(yesNo.matches("yes!"));  // the whole output must match
    EXPECT_THROW(RegexFormat("(unclosed"), ts::Error);
}

TEST(EvalMetrics, TokenF1LikeSquad) {
    // "the cat sat" vs "a cat sat down": tokens {cat, sat} vs {cat, sat, down}: p 1, r 2/3
    EXPECT_NEAR(tokenF1("The cat sat.", "a cat sat down"), 2 * 1.0 * (2.0 / 3) / (1 + 2.0 / 3), 1e-12);
    EXPECT_DOUBLE_EQ(tokenF1("Paris!", "paris"), 1.0);
    EXPECT_DOUBLE_EQ(tokenF1("London", "Paris"), 0.0);
    EXPECT_DOUBLE_EQ(tokenF1("", "the"), 1.0);  // both empty after dropping the article
    EXPECT_DOUBLE_EQ(tokenF1("", "x"), 0.0);
    // Repeated tokens count once per occurrence: "a a a" -> no tokens; "x x y" vs "x y y": common 2
    EXPECT_NEAR(tokenF1("x x y", "x y y"), 2.0 / 3, 1e-12);
    EXPECT_EQ(overlapTokens("Don't stop, THE end"), (std::vector<std::string>{"dont", "stop", "end"}));
}

TEST(EvalMetrics, LengthAndPerplexity) {
    const auto words = [](const std::string& s) { return overlapTokens(s).size(); };
    EXPECT_DOUBLE_EQ(averageLength({"one two", "three", "four five six"}, words), 2.0);
    EXPECT_DOUBLE_EQ(averageLength({}, words), 0.0);
    EXPECT_NEAR(perplexity(4 * std::log(8.0), 4), 8.0, 1e-12);  // uniform over 8 choices
    EXPECT_THROW(perplexity(1.0, 0), ts::Error);
    EXPECT_THROW(perplexity(NAN, 3), ts::Error);
}

TEST(EvalMetrics, VerdictNamesFailingMetrics) {
    const auto thresholds = parseThresholds(json::parse(R"({
        "accuracy": 0.8, "perplexity": {"<=": 10},
        "general.token_f1": {"max_regression": 2}, "json_valid": {">=": 1}})"));
    ASSERT_EQ(thresholds.size(), 4u);
    const std::map<std::string, double> base = {{"general.token_f1", 0.50}};
    // token_f1 0.49 is a 1-point regression: allowed. accuracy 0.75 < 0.8 fails, json_valid missing fails.
    auto verdict = decide({{"accuracy", 0.75}, {"perplexity", 9.5}, {"general.token_f1", 0.49}}, thresholds, base);
    EXPECT_FALSE(verdict.go);
    EXPECT_EQ(verdict.failingMetrics, (std::vector<std::string>{"accuracy", "json_valid"}));
    EXPECT_NE(verdict.summary().find("accuracy 0.75 < 0.8"), std::string::npos);
    EXPECT_NE(verdict.summary().find("json_valid was not measured"), std::string::npos);

    verdict = decide({{"accuracy", 0.9}, {"perplexity", 11}, {"general.token_f1", 0.47}, {"json_valid", 1}},
                     thresholds, base);
    // Thresholds parsed from JSON come in metric-name order.
    EXPECT_EQ(verdict.failingMetrics, (std::vector<std::string>{"general.token_f1", "perplexity"}));
    verdict = decide({{"accuracy", 0.9}, {"perplexity", 3}, {"general.token_f1", 0.48}, {"json_valid", 1}},
                     thresholds, base);
    EXPECT_TRUE(verdict.go) << verdict.summary();
    EXPECT_EQ(verdict.summary(), "go");
    // No base value: the regression gate fails rather than passing unchecked.
    verdict = decide({{"accuracy", 0.9}, {"perplexity", 3}, {"general.token_f1", 0.9}, {"json_valid", 1}}, thresholds);
    EXPECT_EQ(verdict.failingMetrics, (std::vector<std::string>{"general.token_f1"}));
    // Lower-is-better regression is measured in the metric's unit.
    EXPECT_DOUBLE_EQ(regressionPoints("general.perplexity", 12, 10), 2);
    EXPECT_DOUBLE_EQ(regressionPoints("accuracy", 0.7, 0.75), 5.000000000000004);
    EXPECT_EQ(parseThresholds(thresholdsToJson(thresholds)).size(), 4u);
    EXPECT_THROW(parseThresholds(json::parse(R"({"accuracy": {"=>": 1}})")), ts::Error);
    EXPECT_THROW(parseThresholds(json::parse(R"({"accuracy": "high"})")), ts::Error);
}

TEST(EvalMetrics, SuiteScoresFromSpecs) {
    const auto specs = parseMetricSpecs(json::parse(R"([
        "exact_match", {"name": "accuracy", "label_field": "category"}, "json_valid",
        {"name": "schema_valid", "schema": {"type": "object", "required": ["category"]}},
        {"name": "regex_match", "pattern": "\\{.*\\}"}, "token_f1", "avg_output_tokens", "perplexity"])"));
    EXPECT_EQ(producedMetricNames(specs).size(), 9u);
    std::vector<ScoredExample> examples = {
        {R"({"category": "billing"})", R"({"category": "billing"})", 2.0, 2, 3},
        {R"({"category": "tech"})", R"({"category": "billing"})", 4.0, 2, 5},
        {"I think billing", R"({"category": "tech"})", 0.0, 0, 4},
    };
    const auto scores = scoreExamples(specs, examples);
    EXPECT_NEAR(scores.metrics.at("exact_match"), 1.0 / 3, 1e-12);
    EXPECT_NEAR(scores.metrics.at("accuracy"), 1.0 / 3, 1e-12);
    EXPECT_NEAR(scores.metrics.at("json_valid"), 2.0 / 3, 1e-12);
    EXPECT_NEAR(scores.metrics.at("schema_valid"), 2.0 / 3, 1e-12);
    EXPECT_NEAR(scores.metrics.at("regex_match"), 2.0 / 3, 1e-12);
    EXPECT_NEAR(scores.metrics.at("avg_output_tokens"), 4.0, 1e-12);
    // Only the two scored examples: exp((2 + 4) / 4)
    EXPECT_NEAR(scores.metrics.at("perplexity"), std::exp(1.5), 1e-12);
    ASSERT_EQ(scores.examples.size(), 3u);
    EXPECT_TRUE(*scores.examples[0].correct);
    EXPECT_FALSE(*scores.examples[1].correct);
    EXPECT_EQ(scores.examples[1].predictedLabel, "tech");
    EXPECT_EQ(scores.examples[2].predictedLabel, "");
    ASSERT_TRUE(scores.classification);
    EXPECT_EQ(scores.classification->labels, (std::vector<std::string>{"billing", "tech", ""}));

    EXPECT_THROW(parseMetricSpecs(json::parse(R"(["bleu"])")), ts::Error);
    EXPECT_THROW(parseMetricSpecs(json::parse(R"([{"name": "schema_valid"}])")), ts::Error);
    EXPECT_THROW(parseMetricSpecs(json::parse(R"(["token_f1", "token_f1"])")), ts::Error);
    EXPECT_THROW(parseMetricSpecs(json::parse(R"([{"name": "exact_match", "trim": "yes"}])")), ts::Error);
}
