// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/eval/metrics.h"

#include "engine/core/error.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>
#include <unordered_map>

namespace ts::eval {
namespace {

bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

void requireSameSize(std::size_t outputs, std::size_t references, const char* what) {
    if (outputs != references)
        throw Error(std::string(what) + ": " + std::to_string(outputs) + " outputs but " +
                        std::to_string(references) + " references",
                    {}, "references");
}

std::string formatNumber(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.4g", value);
    return buffer;
}

std::size_t utf8Length(const std::string& text) {
    std::size_t count = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

}  // namespace

// ---- exact match ---------------------------------------------------------------------------

std::string normalizeText(const std::string& text, const NormalizeOptions& options) {
    std::string out;
    out.reserve(text.size());
    bool pendingSpace = false;
    for (char c : text) {
        if (options.collapseWhitespace && isSpace(c)) {
            pendingSpace = true;
            continue;
        }
        if (pendingSpace) {
            out += ' ';
            pendingSpace = false;
        }
        out += options.ignoreCase ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
    }
    if (pendingSpace) out += ' ';
    if (options.trim) {
        auto begin = std::find_if_not(out.begin(), out.end(), isSpace);
        auto end = std::find_if_not(out.rbegin(), std::string::reverse_iterator(begin), isSpace).base();
        out = std::string(begin, end);
    }
    return out;
}

bool exactMatch(const std::string& output, const std::string& reference, const NormalizeOptions& options) {
    return normalizeText(output, options) == normalizeText(reference, options);
}

double exactMatchRate(const std::vector<std::string>& outputs, const std::vector<std::string>& references,
                      const NormalizeOptions& options) {
    requireSameSize(outputs.size(), references.size(), "exact match");
    if (outputs.empty()) return 0;
    std::size_t hits = 0;
    for (std::size_t i = 0; i < outputs.size(); ++i) hits += exactMatch(outputs[i], references[i], options);
    return static_cast<double>(hits) / static_cast<double>(outputs.size());
}

// ---- classification ------------------------------------------------------------------------

ClassificationReport classificationReport(const std::vector<std::string>& predicted,
                                          const std::vector<std::string>& references) {
    requireSameSize(predicted.size(), references.size(), "classification");
    ClassificationReport report;
    report.total = static_cast<int>(predicted.size());
    std::set<std::string> referenceLabels(references.begin(), references.end());
    std::set<std::string> extraLabels;
    for (const auto& label : predicted)
        if (!referenceLabels.count(label)) extraLabels.insert(label);
    report.labels.assign(referenceLabels.begin(), referenceLabels.end());
    report.labels.insert(report.labels.end(), extraLabels.begin(), extraLabels.end());

    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < report.labels.size(); ++i) index[report.labels[i]] = i;
    const std::size_t n = report.labels.size();
    report.confusion.assign(n, std::vector<int>(n, 0));
    int correct = 0;
    for (std::size_t i = 0; i < predicted.size(); ++i) {
        ++report.confusion[index[references[i]]][index[predicted[i]]];
        correct += predicted[i] == references[i];
    }
    report.accuracy = report.total ? static_cast<double>(correct) / report.total : 0;

    double f1Sum = 0;
    for (std::size_t k = 0; k < n; ++k) {
        LabelScores scores;
        scores.label = report.labels[k];
        int truePositives = report.confusion[k][k];
        int predictedCount = 0;
        for (std::size_t r = 0; r < n; ++r) predictedCount += report.confusion[r][k];
        for (std::size_t p = 0; p < n; ++p) scores.support += report.confusion[k][p];
        scores.precision = predictedCount ? static_cast<double>(truePositives) / predictedCount : 0;
        scores.recall = scores.support ? static_cast<double>(truePositives) / scores.support : 0;
        const double sum = scores.precision + scores.recall;
        scores.f1 = sum > 0 ? 2 * scores.precision * scores.recall / sum : 0;
        if (k < referenceLabels.size()) f1Sum += scores.f1;
        report.perLabel.push_back(scores);
    }
    report.macroF1 = referenceLabels.empty() ? 0 : f1Sum / static_cast<double>(referenceLabels.size());
    return report;
}

namespace {
std::optional<nlohmann::json> parseEmbeddedObject(const std::string& output) {
    auto parsed = nlohmann::json::parse(output, nullptr, false);
    if (!parsed.is_discarded()) return parsed;
    const auto open = output.find('{');
    const auto close = output.rfind('}');
    if (open == std::string::npos || close == std::string::npos || close < open) return std::nullopt;
    parsed = nlohmann::json::parse(output.substr(open, close - open + 1), nullptr, false);
    if (parsed.is_discarded()) return std::nullopt;
    return parsed;
}
}  // namespace

std::optional<std::string> extractJsonField(const std::string& output, const std::string& fieldPath) {
    auto parsed = parseEmbeddedObject(output);
    if (!parsed) return std::nullopt;
    const nlohmann::json* node = &*parsed;
    std::size_t start = 0;
    while (start <= fieldPath.size()) {
        const auto dot = fieldPath.find('.', start);
        const std::string key = fieldPath.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!node->is_object()) return std::nullopt;
        auto it = node->find(key);
        if (it == node->end()) return std::nullopt;
        node = &*it;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    if (node->is_string()) return node->get<std::string>();
    if (node->is_structured()) return std::nullopt;
    return node->dump();
}

// ---- format compliance ---------------------------------------------------------------------

bool isValidJson(const std::string& text) { return nlohmann::json::accept(text); }

namespace {

const std::set<std::string>& knownKeywords() {
    static const std::set<std::string> keywords = {
        "type", "required", "properties", "additionalProperties", "enum", "const", "items",
        "minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum",
        // annotations that do not constrain
        "$schema", "$id", "title", "description", "default", "examples"};
    return keywords;
}

void checkSchema(const nlohmann::json& schema, const std::string& path, const std::string& source) {
    if (schema.is_boolean()) return;
    if (!schema.is_object()) throw Error("a schema must be an object or a boolean", source, path.empty() ? "/" : path);
    static const std::set<std::string> types = {"object", "array", "string", "number", "integer", "boolean", "null"};
    for (const auto& [key, value] : schema.items()) {
        const std::string where = path + "/" + key;
        if (!knownKeywords().count(key)) throw Error("unsupported schema keyword '" + key + "'", source, where);
        if (key == "type") {
            const auto check = [&](const nlohmann::json& t) {
                if (!t.is_string() || !types.count(t.get<std::string>()))
                    throw Error("unknown type " + t.dump(), source, where);
            };
            if (value.is_array()) {
                for (const auto& t : value) check(t);
            } else {
                check(value);
            }
        } else if (key == "required") {
            if (!value.is_array()) throw Error("'required' must be a list of names", source, where);
            for (const auto& name : value)
                if (!name.is_string()) throw Error("'required' must be a list of names", source, where);
        } else if (key == "properties") {
            if (!value.is_object()) throw Error("'properties' must be an object", source, where);
            for (const auto& [name, sub] : value.items()) checkSchema(sub, where + "/" + name, source);
        } else if (key == "additionalProperties" || key == "items") {
            checkSchema(value, where, source);
        } else if (key == "enum") {
            if (!value.is_array() || value.empty()) throw Error("'enum' must be a non-empty list", source, where);
        } else if (key == "minItems" || key == "maxItems" || key == "minLength" || key == "maxLength") {
            if (!value.is_number_unsigned()) throw Error("'" + key + "' must be a non-negative integer", source, where);
        } else if (key == "minimum" || key == "maximum") {
            if (!value.is_number()) throw Error("'" + key + "' must be a number", source, where);
        }
    }
}

bool hasType(const nlohmann::json& value, const std::string& type) {
    if (type == "object") return value.is_object();
    if (type == "array") return value.is_array();
    if (type == "string") return value.is_string();
    if (type == "boolean") return value.is_boolean();
    if (type == "null") return value.is_null();
    if (type == "number") return value.is_number();
    if (type == "integer") {
        if (value.is_number_integer()) return true;
        if (!value.is_number_float()) return false;
        const double d = value.get<double>();
        return std::isfinite(d) && std::floor(d) == d;
    }
    return false;
}

std::string validate(const nlohmann::json& schema, const nlohmann::json& value, const std::string& path) {
    const std::string at = path.empty() ? "/" : path;
    if (schema.is_boolean()) return schema.get<bool>() ? std::string() : at + ": not allowed";
    if (auto it = schema.find("type"); it != schema.end()) {
        bool ok = false;
        if (it->is_array()) {
            for (const auto& t : *it) ok = ok || hasType(value, t.get<std::string>());
        } else {
            ok = hasType(value, it->get<std::string>());
        }
        if (!ok) return at + ": expected type " + (it->is_string() ? it->get<std::string>() : it->dump());
    }
    if (auto it = schema.find("enum"); it != schema.end()) {
        if (std::find(it->begin(), it->end(), value) == it->end())
            return at + ": " + value.dump() + " is not one of " + it->dump();
    }
    if (auto it = schema.find("const"); it != schema.end() && *it != value)
        return at + ": must be " + it->dump();
    if (value.is_string()) {
        const auto length = utf8Length(value.get_ref<const std::string&>());
        if (auto it = schema.find("minLength"); it != schema.end() && length < it->get<std::size_t>())
            return at + ": shorter than " + it->dump() + " characters";
        if (auto it = schema.find("maxLength"); it != schema.end() && length > it->get<std::size_t>())
            return at + ": longer than " + it->dump() + " characters";
    }
    if (value.is_number()) {
        const double number = value.get<double>();
        if (auto it = schema.find("minimum"); it != schema.end() && number < it->get<double>())
            return at + ": " + value.dump() + " is below the minimum " + it->dump();
        if (auto it = schema.find("maximum"); it != schema.end() && number > it->get<double>())
            return at + ": " + value.dump() + " is above the maximum " + it->dump();
    }
    if (value.is_array()) {
        if (auto it = schema.find("minItems"); it != schema.end() && value.size() < it->get<std::size_t>())
            return at + ": fewer than " + it->dump() + " items";
        if (auto it = schema.find("maxItems"); it != schema.end() && value.size() > it->get<std::size_t>())
            return at + ": more than " + it->dump() + " items";
        if (auto it = schema.find("items"); it != schema.end()) {
            for (std::size_t i = 0; i < value.size(); ++i) {
                auto problem = validate(*it, value[i], path + "/" + std::to_string(i));
                if (!problem.empty()) return problem;
            }
        }
    }
    if (value.is_object()) {
        if (auto it = schema.find("required"); it != schema.end()) {
            for (const auto& name : *it)
                if (!value.contains(name.get<std::string>()))
                    return at + ": missing required property '" + name.get<std::string>() + "'";
        }
        const auto properties = schema.find("properties");
        const auto additional = schema.find("additionalProperties");
        for (const auto& [key, sub] : value.items()) {
            const std::string childPath = path + "/" + key;
            if (properties != schema.end() && properties->contains(key)) {
                auto problem = validate((*properties)[key], sub, childPath);
                if (!problem.empty()) return problem;
            } else if (additional != schema.end()) {
                if (additional->is_boolean() && !additional->get<bool>())
                    return at + ": property '" + key + "' is not allowed";
                auto problem = validate(*additional, sub, childPath);
                if (!problem.empty()) return problem;
            }
        }
    }
    return {};
}

}  // namespace

JsonSchema::JsonSchema(nlohmann::json schema, std::string source) : schema_(std::move(schema)) {
    checkSchema(schema_, "", source);
}

std::string JsonSchema::violation(const nlohmann::json& value) const { return validate(schema_, value, ""); }

std::string JsonSchema::violationInText(const std::string& text) const {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded()) return "not valid JSON";
    return violation(parsed);
}

RegexFormat::RegexFormat(const std::string& pattern, std::string source) {
    try {
        regex_ = std::regex(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
        throw Error(std::string("invalid regular expression: ") + e.what(), source, "pattern");
    }
}

bool RegexFormat::matches(const std::string& text) const {
    try {
        return std::regex_match(text, regex_);
    } catch (const std::regex_error&) {
        // libstdc++ reports catastrophic backtracking on long inputs as an error: not a match.
        return false;
    }
}

// ---- text overlap, length, perplexity ------------------------------------------------------

std::vector<std::string> overlapTokens(const std::string& text) {
    std::vector<std::string> tokens;
    std::string current;
    const auto flush = [&] {
        if (!current.empty() && current != "a" && current != "an" && current != "the") tokens.push_back(current);
        current.clear();
    };
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isspace(u)) {
            flush();
        } else if (std::ispunct(u)) {
            continue;  // SQuAD drops punctuation inside words too ("don't" -> "dont")
        } else {
            current += static_cast<char>(std::tolower(u));
        }
    }
    flush();
    return tokens;
}

double tokenF1(const std::string& output, const std::string& reference) {
    const auto predicted = overlapTokens(output);
    const auto expected = overlapTokens(reference);
    if (predicted.empty() || expected.empty()) return predicted.empty() && expected.empty() ? 1.0 : 0.0;
    std::unordered_map<std::string, int> counts;
    for (const auto& token : expected) ++counts[token];
    int common = 0;
    for (const auto& token : predicted) {
        auto it = counts.find(token);
        if (it != counts.end() && it->second > 0) {
            --it->second;
            ++common;
        }
    }
    if (common == 0) return 0;
    const double precision = static_cast<double>(common) / predicted.size();
    const double recall = static_cast<double>(common) / expected.size();
    return 2 * precision * recall / (precision + recall);
}

double averageLength(const std::vector<std::string>& outputs, const TokenCounter& countTokens) {
    if (outputs.empty()) return 0;
    double total = 0;
    for (const auto& output : outputs) total += static_cast<double>(countTokens(output));
    return total / static_cast<double>(outputs.size());
}

double perplexity(double summedNll, long long tokenCount) {
    if (tokenCount <= 0) throw Error("perplexity needs at least one scored token", {}, "token_count");
    if (!std::isfinite(summedNll)) throw Error("the summed negative log-likelihood is not finite", {}, "nll");
    return std::exp(summedNll / static_cast<double>(tokenCount));
}

// ---- go / no-go ----------------------------------------------------------------------------

bool higherIsBetter(const std::string& metric) {
    const auto dot = metric.rfind('.');
    const std::string base = dot == std::string::npos ? metric : metric.substr(dot + 1);
    return !(base == "perplexity" || base.rfind("avg_output", 0) == 0 || base.rfind("nll", 0) == 0);
}

double regressionPoints(const std::string& metric, double value, double base) {
    return higherIsBetter(metric) ? (base - value) * 100.0 : value - base;
}

std::vector<Threshold> parseThresholds(const nlohmann::json& thresholds, const std::string& source) {
    if (!thresholds.is_object()) throw Error("thresholds must be an object of metric -> limit", source, "/");
    std::vector<Threshold> out;
    for (const auto& [metric, spec] : thresholds.items()) {
        if (metric.empty()) throw Error("a threshold needs a metric name", source, "/");
        if (spec.is_number()) {
            out.push_back({metric, Comparison::AtLeast, spec.get<double>()});
            continue;
        }
        if (!spec.is_object() || spec.empty())
            throw Error("expected a number or {\">=\"|\"<=\"|\"max_regression\": number}", source, metric);
        for (const auto& [op, limit] : spec.items()) {
            if (!limit.is_number()) throw Error("the limit must be a number", source, metric + "/" + op);
            Comparison comparison;
            if (op == ">=") comparison = Comparison::AtLeast;
            else if (op == "<=") comparison = Comparison::AtMost;
            else if (op == "max_regression") comparison = Comparison::MaxRegressionVsBase;
            else throw Error("unknown comparison '" + op + "' (use >=, <= or max_regression)", source, metric);
            out.push_back({metric, comparison, limit.get<double>()});
        }
    }
    return out;
}

nlohmann::json thresholdsToJson(const std::vector<Threshold>& thresholds) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& t : thresholds) {
        const char* op = t.comparison == Comparison::AtLeast ? ">="
                         : t.comparison == Comparison::AtMost ? "<="
                                                              : "max_regression";
        out[t.metric][op] = t.limit;
    }
    return out;
}

std::string Verdict::summary() const {
    if (go) return "go";
    std::string text = "no-go:";
    bool first = true;
    for (const auto& outcome : outcomes) {
        if (outcome.passed) continue;
        text += (first ? " " : "; ") + outcome.explanation;
        first = false;
    }
    return text;
}

Verdict decide(const std::map<std::string, double>& metrics, const std::vector<Threshold>& thresholds,
               const std::map<std::string, double>& baseMetrics) {
    Verdict verdict;
    for (const auto& threshold : thresholds) {
        MetricOutcome outcome;
        outcome.threshold = threshold;
        const auto& name = threshold.metric;
        if (auto it = metrics.find(name); it != metrics.end() && std::isfinite(it->second)) outcome.value = it->second;
        if (!outcome.value) {
            outcome.explanation = name + " was not measured";
        } else if (threshold.comparison == Comparison::AtLeast) {
            outcome.passed = *outcome.value >= threshold.limit;
            outcome.explanation = name + " " + formatNumber(*outcome.value) + (outcome.passed ? " >= " : " < ") +
                                  formatNumber(threshold.limit);
        } else if (threshold.comparison == Comparison::AtMost) {
            outcome.passed = *outcome.value <= threshold.limit;
            outcome.explanation = name + " " + formatNumber(*outcome.value) + (outcome.passed ? " <= " : " > ") +
                                  formatNumber(threshold.limit);
        } else {
            if (auto it = baseMetrics.find(name); it != baseMetrics.end() && std::isfinite(it->second))
                outcome.baseValue = it->second;
            if (!outcome.baseValue) {
                outcome.explanation = name + " has no base value to compare with";
            } else {
                const double points = regressionPoints(name, *outcome.value, *outcome.baseValue);
                // A tiny epsilon: "2 points" must pass a regression of exactly 2.0000000001 from rounding.
                outcome.passed = points <= threshold.limit + 1e-9;
                outcome.explanation = name + " regressed " + formatNumber(points) + " points vs base (" +
                                      formatNumber(*outcome.baseValue) + " -> " + formatNumber(*outcome.value) +
                                      (outcome.passed ? "), allowed " : "), more than ") +
                                      formatNumber(threshold.limit);
            }
        }
        if (!outcome.passed) {
            verdict.go = false;
            verdict.failingMetrics.push_back(name);
        }
        verdict.outcomes.push_back(std::move(outcome));
    }
    return verdict;
}

}  // namespace ts::eval
