// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The metrics of an evaluation suite, configured by JSON and computed over a batch of outputs.
// Torch-free: the inputs are texts and (for perplexity) per-example negative log-likelihoods.
//
// Suite metrics JSON: a list whose items are a metric name or an object with "name" and options:
//   "exact_match"        {"name": "exact_match", "trim": true, "ignore_case": true,
//                         "collapse_whitespace": true}
//   "accuracy"           {"name": "accuracy", "label_field": "category"}  (also gives macro_f1;
//                         without label_field the normalized output is the label)
//   "json_valid"         output parses as JSON
//   "schema_valid"       {"name": "schema_valid", "schema": {...}}   (see JsonSchema)
//   "regex_match"        {"name": "regex_match", "pattern": "^(yes|no)$"}
//   "token_f1"           SQuAD-style token overlap F1
//   "avg_output_tokens"  mean output length in tokens
//   "perplexity"         exp(sum of reference NLL / reference tokens)
//   "judge"              {"name": "judge", "model": "judge.gguf", "rubric": "... {input} {reference}
//                         {output} ...", "scale_min": 1, "scale_max": 5, "max_new_tokens": 8}
//                        a judge model grades each output (see judge.h); the metric is the mean
//                        normalized score of the examples it could score, "judge_coverage" the
//                        fraction it could score. The judging itself runs before scoreExamples,
//                        which takes its results.
#include "engine/eval/judge.h"
#include "engine/eval/metrics.h"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ts::eval {

struct MetricSpec {
    std::string name;
    NormalizeOptions normalize;
    std::string labelField;                  // accuracy: JSON field holding the label
    std::shared_ptr<const JsonSchema> schema;  // schema_valid
    std::shared_ptr<const RegexFormat> regex;  // regex_match
    std::shared_ptr<const JudgeOptions> judge; // judge
};

// Throws ts::Error naming `source` and the index of a bad item.
std::vector<MetricSpec> parseMetricSpecs(const nlohmann::json& metrics, const std::string& source = "metrics");
// The metric names a spec list produces (accuracy also produces macro_f1, judge also
// judge_coverage).
std::vector<std::string> producedMetricNames(const std::vector<MetricSpec>& specs);
// The judge spec of the list, or null.
const MetricSpec* findJudgeSpec(const std::vector<MetricSpec>& specs);

struct ScoredExample {
    std::string output;
    std::string reference;
    double referenceNll = 0;     // summed NLL of the reference tokens given the prompt
    long long referenceTokens = 0;  // 0: not scored (perplexity skips it)
    std::size_t outputTokens = 0;
};

struct ExampleScore {
    std::optional<bool> correct;  // from the first pass/fail metric in the spec list
    std::optional<double> score;  // token F1 when measured, else the judge's normalized score
    std::string predictedLabel;   // accuracy only
    nlohmann::json details = nlohmann::json::object();  // per-metric values and violations
};

struct SuiteScores {
    std::map<std::string, double> metrics;
    std::vector<ExampleScore> examples;
    std::optional<ClassificationReport> classification;
};

// judgements[i]: the judge's verdict on examples[i] (the judge metric); missing or empty entries
// are examples the judge did not grade.
SuiteScores scoreExamples(const std::vector<MetricSpec>& specs, const std::vector<ScoredExample>& examples,
                          const std::vector<std::optional<JudgeResult>>& judgements = {});

}  // namespace ts::eval
