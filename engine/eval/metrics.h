// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Evaluation metrics as pure functions: no model, no torch, no Qt. Every function takes the model
// outputs and references as text and returns numbers, so the same code scores a live evaluation,
// a CLI run and a unit test. Rates are fractions in [0, 1].
#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace ts::eval {

// ---- exact match ---------------------------------------------------------------------------

struct NormalizeOptions {
    bool trim = true;                // strip leading/trailing whitespace
    bool ignoreCase = true;          // ASCII case folding (model labels are ASCII in practice)
    bool collapseWhitespace = true;  // any run of whitespace becomes one space
};

std::string normalizeText(const std::string& text, const NormalizeOptions& options);
bool exactMatch(const std::string& output, const std::string& reference,
                const NormalizeOptions& options = {});
// Fraction of pairs that match; throws ts::Error when the lists differ in length. 0 for none.
double exactMatchRate(const std::vector<std::string>& outputs,
                      const std::vector<std::string>& references, const NormalizeOptions& options = {});

// ---- classification ------------------------------------------------------------------------

struct LabelScores {
    std::string label;
    double precision = 0;  // 0 when the label was never predicted
    double recall = 0;     // 0 when the label never occurs in the references
    double f1 = 0;
    int support = 0;  // how often the label is the reference
};

struct ClassificationReport {
    int total = 0;
    double accuracy = 0;
    double macroF1 = 0;  // mean F1 over labels that occur in the references
    // Sorted labels: every reference label, then predicted labels never seen in the references
    // (a typo or an unparseable output, shown as "" ) so the confusion matrix accounts for all.
    std::vector<std::string> labels;
    std::vector<std::vector<int>> confusion;  // [reference label index][predicted label index]
    std::vector<LabelScores> perLabel;        // same order as labels
};

ClassificationReport classificationReport(const std::vector<std::string>& predicted,
                                          const std::vector<std::string>& references);

// The value of `fieldPath` (dot-separated, e.g. "category" or "result.label") in the JSON object
// found in `output`. Accepts the object wrapped in prose or a ``` fence (the text from the first
// '{' to the last '}'). Strings are returned as is, other scalars as their JSON text; nullopt when
// there is no parseable object or no such field.
std::optional<std::string> extractJsonField(const std::string& output, const std::string& fieldPath);

// ---- format compliance ---------------------------------------------------------------------

bool isValidJson(const std::string& text);

// A practical subset of JSON Schema: type (string or list; "integer" and "number" as in the
// spec), required, properties, additionalProperties (bool or schema), enum, const, items,
// minItems/maxItems, minLength/maxLength (UTF-8 code points), minimum/maximum. The constructor
// throws ts::Error naming the schema path of a keyword it does not understand or a bad value, so a
// typo in a user's schema is reported rather than silently accepting everything.
class JsonSchema {
public:
    explicit JsonSchema(nlohmann::json schema, std::string source = "schema");
    // Empty when `value` conforms; otherwise the first violation with its JSON pointer path.
    std::string violation(const nlohmann::json& value) const;
    // Parses `text` first; an unparseable text is a violation.
    std::string violationInText(const std::string& text) const;

private:
    nlohmann::json schema_;
};

// A regular expression (ECMAScript syntax) that the whole output must match.
class RegexFormat {
public:
    explicit RegexFormat(const std::string& pattern, std::string source = "pattern");
    bool matches(const std::string& text) const;

private:
    std::regex regex_;
};

// ---- text overlap, length, perplexity ------------------------------------------------------

// SQuAD-style answer normalization: lower case, punctuation removed, the articles a/an/the
// removed, split on whitespace.
std::vector<std::string> overlapTokens(const std::string& text);
// Harmonic mean of token precision and recall (multiset overlap). Both empty: 1; one empty: 0.
double tokenF1(const std::string& output, const std::string& reference);

using TokenCounter = std::function<std::size_t(const std::string&)>;
double averageLength(const std::vector<std::string>& outputs, const TokenCounter& countTokens);

// exp(summedNll / tokenCount); throws ts::Error for tokenCount <= 0 or a non-finite sum.
double perplexity(double summedNll, long long tokenCount);

// ---- go / no-go ----------------------------------------------------------------------------

enum class Comparison {
    AtLeast,              // value >= limit
    AtMost,               // value <= limit
    MaxRegressionVsBase,  // regression from the base model's value <= limit "points"
};

struct Threshold {
    std::string metric;
    Comparison comparison = Comparison::AtLeast;
    double limit = 0;
};

// Whether a larger value of the named metric is better (false for perplexity and lengths).
// Names may carry a set prefix ("general.perplexity").
bool higherIsBetter(const std::string& metric);
// How far `value` fell behind `base` in points: for rates (higher-is-better metrics) one point is
// one percentage point, (base - value) * 100; for lower-is-better metrics it is value - base in
// the metric's own unit. Negative: an improvement.
double regressionPoints(const std::string& metric, double value, double base);

// Thresholds as stored with a suite:
//   {"exact_match": {">=": 0.8}, "perplexity": {"<=": 12},
//    "general.token_f1": {"max_regression": 2}, "accuracy": 0.9}
// A bare number means ">=". The result is in metric-name order. Throws ts::Error naming `source` and the metric on a bad entry.
std::vector<Threshold> parseThresholds(const nlohmann::json& thresholds,
                                       const std::string& source = "thresholds");
nlohmann::json thresholdsToJson(const std::vector<Threshold>& thresholds);

struct MetricOutcome {
    Threshold threshold;
    std::optional<double> value;      // nullopt: the metric was not measured
    std::optional<double> baseValue;  // for MaxRegressionVsBase
    bool passed = false;
    std::string explanation;  // "exact_match 0.72 < 0.80"
};

struct Verdict {
    bool go = true;  // no thresholds: go
    std::vector<MetricOutcome> outcomes;  // one per threshold, in threshold order
    std::vector<std::string> failingMetrics;
    std::string summary() const;  // "go" or "no-go: exact_match 0.72 < 0.80; ..."
};

// A threshold whose metric is missing from `metrics` fails (an unmeasured gate is not a pass), as
// does a regression threshold without a base value.
Verdict decide(const std::map<std::string, double>& metrics, const std::vector<Threshold>& thresholds,
               const std::map<std::string, double>& baseMetrics = {});

}  // namespace ts::eval
