// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/eval/metric_suite.h"

#include "engine/core/error.h"

#include <set>

namespace ts::eval {
namespace {

const std::set<std::string>& knownMetrics() {
    static const std::set<std::string> names = {"exact_match", "accuracy",    "json_valid",        "schema_valid",
                                                "regex_match", "token_f1",    "avg_output_tokens", "perplexity",
                                                "judge"};
    return names;
}

int intOption(const nlohmann::json& item, const char* key, int fallback, const std::string& source,
              const std::string& where) {
    auto it = item.find(key);
    if (it == item.end()) return fallback;
    if (!it->is_number_integer() || it->get<long long>() < -1000000 || it->get<long long>() > 1000000)
        throw Error(std::string("'") + key + "' must be a whole number", source, where + "/" + key);
    return it->get<int>();
}

JudgeOptions judgeOptions(const nlohmann::json& item, const std::string& source, const std::string& where) {
    JudgeOptions options;
    if (!item.is_object()) throw Error("judge needs options: {\"name\": \"judge\", \"model\": ...}", source, where);
    if (auto it = item.find("model"); it != item.end()) {
        if (!it->is_string()) throw Error("'model' must be a path", source, where + "/model");
        options.modelPath = it->get<std::string>();
    }
    if (auto it = item.find("rubric"); it != item.end()) {
        if (!it->is_string()) throw Error("'rubric' must be text", source, where + "/rubric");
        options.rubric = it->get<std::string>();
    }
    options.scaleMin = intOption(item, "scale_min", options.scaleMin, source, where);
    options.scaleMax = intOption(item, "scale_max", options.scaleMax, source, where);
    options.maxNewTokens = intOption(item, "max_new_tokens", options.maxNewTokens, source, where);
    try {
        validateJudgeOptions(options, source);
    } catch (const Error& e) {
        throw Error(e.message(), source, where + "/" + e.field());
    }
    return options;
}

bool boolOption(const nlohmann::json& item, const char* key, bool fallback, const std::string& source,
                const std::string& where) {
    auto it = item.find(key);
    if (it == item.end()) return fallback;
    if (!it->is_boolean()) throw Error(std::string("'") + key + "' must be true or false", source, where);
    return it->get<bool>();
}

}  // namespace

std::vector<MetricSpec> parseMetricSpecs(const nlohmann::json& metrics, const std::string& source) {
    if (!metrics.is_array()) throw Error("metrics must be a list", source, "/");
    std::vector<MetricSpec> specs;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < metrics.size(); ++i) {
        const auto& item = metrics[i];
        const std::string where = "/" + std::to_string(i);
        MetricSpec spec;
        if (item.is_string()) {
            spec.name = item.get<std::string>();
        } else if (item.is_object() && item.contains("name") && item["name"].is_string()) {
            spec.name = item["name"].get<std::string>();
        } else {
            throw Error("a metric is a name or an object with a \"name\"", source, where);
        }
        if (!knownMetrics().count(spec.name)) throw Error("unknown metric '" + spec.name + "'", source, where);
        if (!seen.insert(spec.name).second) throw Error("metric '" + spec.name + "' is listed twice", source, where);
        if (item.is_object()) {
            spec.normalize.trim = boolOption(item, "trim", true, source, where);
            spec.normalize.ignoreCase = boolOption(item, "ignore_case", true, source, where);
            spec.normalize.collapseWhitespace = boolOption(item, "collapse_whitespace", true, source, where);
            if (auto it = item.find("label_field"); it != item.end()) {
                if (!it->is_string()) throw Error("'label_field' must be text", source, where + "/label_field");
                spec.labelField = it->get<std::string>();
            }
            if (auto it = item.find("schema"); it != item.end())
                spec.schema = std::make_shared<JsonSchema>(*it, source + where + "/schema");
            if (auto it = item.find("pattern"); it != item.end()) {
                if (!it->is_string()) throw Error("'pattern' must be text", source, where + "/pattern");
                spec.regex = std::make_shared<RegexFormat>(it->get<std::string>(), source + where);
            }
        }
        if (spec.name == "judge") spec.judge = std::make_shared<JudgeOptions>(judgeOptions(item, source, where));
        if (spec.name == "schema_valid" && !spec.schema) throw Error("schema_valid needs a \"schema\"", source, where);
        if (spec.name == "regex_match" && !spec.regex) throw Error("regex_match needs a \"pattern\"", source, where);
        specs.push_back(std::move(spec));
    }
    return specs;
}

std::vector<std::string> producedMetricNames(const std::vector<MetricSpec>& specs) {
    std::vector<std::string> names;
    for (const auto& spec : specs) {
        names.push_back(spec.name);
        if (spec.name == "accuracy") names.push_back("macro_f1");
        if (spec.name == "judge") names.push_back("judge_coverage");
    }
    return names;
}

const MetricSpec* findJudgeSpec(const std::vector<MetricSpec>& specs) {
    for (const auto& spec : specs)
        if (spec.name == "judge") return &spec;
    return nullptr;
}

SuiteScores scoreExamples(const std::vector<MetricSpec>& specs, const std::vector<ScoredExample>& examples,
                          const std::vector<std::optional<JudgeResult>>& judgements) {
    SuiteScores scores;
    scores.examples.resize(examples.size());
    const double count = static_cast<double>(examples.size());
    const auto setCorrect = [](ExampleScore& example, bool value) {
        if (!example.correct) example.correct = value;
    };
    for (const auto& spec : specs) {
        const auto& name = spec.name;
        if (name == "accuracy") {
            std::vector<std::string> predicted, references;
            for (std::size_t i = 0; i < examples.size(); ++i) {
                std::string label;
                if (spec.labelField.empty()) {
                    label = normalizeText(examples[i].output, spec.normalize);
                } else {
                    label = normalizeText(extractJsonField(examples[i].output, spec.labelField).value_or(""),
                                          spec.normalize);
                }
                predicted.push_back(label);
                // A reference may be the full JSON answer or only the label.
                std::string reference = examples[i].reference;
                if (!spec.labelField.empty())
                    reference = extractJsonField(reference, spec.labelField).value_or(reference);
                references.push_back(normalizeText(reference, spec.normalize));
                scores.examples[i].predictedLabel = label;
                scores.examples[i].details["label"] = label;
                scores.examples[i].details["reference_label"] = references.back();
                setCorrect(scores.examples[i], label == references.back());
            }
            auto report = classificationReport(predicted, references);
            scores.metrics["accuracy"] = report.accuracy;
            scores.metrics["macro_f1"] = report.macroF1;
            scores.classification = std::move(report);
            continue;
        }
        if (name == "perplexity") {
            double nll = 0;
            long long tokens = 0;
            for (const auto& example : examples) {
                if (example.referenceTokens <= 0) continue;
                nll += example.referenceNll;
                tokens += example.referenceTokens;
            }
            for (std::size_t i = 0; i < examples.size(); ++i)
                if (examples[i].referenceTokens > 0)
                    scores.examples[i].details["nll_per_token"] =
                        examples[i].referenceNll / static_cast<double>(examples[i].referenceTokens);
            if (tokens > 0) scores.metrics["perplexity"] = perplexity(nll, tokens);
            continue;
        }
        if (name == "judge") {
            double sum = 0;
            std::size_t scored = 0;
            for (std::size_t i = 0; i < examples.size(); ++i) {
                auto& out = scores.examples[i];
                const std::optional<JudgeResult> none;
                const auto& judgement = i < judgements.size() ? judgements[i] : none;
                if (!judgement) {
                    out.details["judge"] = nullptr;
                    out.details["judge_note"] = "not judged";
                    continue;
                }
                out.details["judge_answer"] = judgement->answer;
                if (judgement->score.normalized) {
                    out.details["judge"] = *judgement->score.normalized;
                    out.details["judge_raw"] = *judgement->score.raw;
                    if (!out.score) out.score = *judgement->score.normalized;
                    sum += *judgement->score.normalized;
                    ++scored;
                } else {
                    out.details["judge"] = nullptr;
                    out.details["judge_note"] = judgement->score.note;
                }
            }
            // No scored example: the metric stays unmeasured (a gate on it fails) rather than 0.
            if (scored > 0) scores.metrics["judge"] = sum / double(scored);
            scores.metrics["judge_coverage"] = examples.empty() ? 0 : double(scored) / count;
            continue;
        }
        if (name == "avg_output_tokens") {
            double total = 0;
            for (const auto& example : examples) total += static_cast<double>(example.outputTokens);
            scores.metrics[name] = examples.empty() ? 0 : total / count;
            continue;
        }
        double sum = 0;
        for (std::size_t i = 0; i < examples.size(); ++i) {
            const auto& example = examples[i];
            auto& out = scores.examples[i];
            if (name == "exact_match") {
                const bool hit = exactMatch(example.output, example.reference, spec.normalize);
                out.details[name] = hit;
                setCorrect(out, hit);
                sum += hit;
            } else if (name == "json_valid") {
                const bool ok = isValidJson(example.output);
                out.details[name] = ok;
                setCorrect(out, ok);
                sum += ok;
            } else if (name == "schema_valid") {
                const auto problem = spec.schema->violationInText(example.output);
                out.details[name] = problem.empty();
                if (!problem.empty()) out.details["schema_violation"] = problem;
                setCorrect(out, problem.empty());
                sum += problem.empty();
            } else if (name == "regex_match") {
                const bool ok = spec.regex->matches(example.output);
                out.details[name] = ok;
                setCorrect(out, ok);
                sum += ok;
            } else if (name == "token_f1") {
                const double f1 = tokenF1(example.output, example.reference);
                out.details[name] = f1;
                out.score = f1;
                sum += f1;
            }
        }
        scores.metrics[name] = examples.empty() ? 0 : sum / count;
    }
    return scores;
}

}  // namespace ts::eval
