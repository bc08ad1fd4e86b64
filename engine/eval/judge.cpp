// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/eval/judge.h"

#include "engine/core/error.h"
#include "engine/eval/evaluator.h"

#include <cctype>

namespace ts::eval {

const std::string& defaultJudgeRubric() {
    static const std::string rubric =
        "You are grading an answer for factual consistency with a reference answer.\n"
        "\n"
        "Question:\n{input}\n"
        "\n"
        "Reference answer:\n{reference}\n"
        "\n"
        "Answer to grade:\n{output}\n"
        "\n"
        "Score the answer from {scale_min} to {scale_max}:\n"
        "{scale_max} = every claim agrees with the reference and nothing is invented;\n"
        "{scale_min} = it contradicts the reference or states facts the reference does not support.\n"
        "Lower the score for each hallucinated or contradicting claim; do not reward length or style.\n"
        "Reply with the number only.";
    return rubric;
}

void validateJudgeOptions(const JudgeOptions& options, const std::string& source) {
    if (options.modelPath.empty()) throw Error("the judge needs a \"model\" (a model folder or .gguf file)", source, "model");
    if (options.rubric.find("{output}") == std::string::npos)
        throw Error("the rubric must contain {output}, where the answer to grade goes", source, "rubric");
    if (options.scaleMin < 0 || options.scaleMax > 100 || options.scaleMin >= options.scaleMax)
        throw Error("the scale must satisfy 0 <= scale_min < scale_max <= 100, found " +
                        std::to_string(options.scaleMin) + ".." + std::to_string(options.scaleMax),
                    source, "scale_max");
    if (options.maxNewTokens < 1 || options.maxNewTokens > 512)
        throw Error("max_new_tokens must be in 1..512, found " + std::to_string(options.maxNewTokens), source,
                    "max_new_tokens");
    if (options.batchSize < 1) throw Error("batch size must be positive", source, "batch_size");
}

std::string buildJudgePrompt(const std::string& rubric, const std::string& input, const std::string& reference,
                             const std::string& output, int scaleMin, int scaleMax) {
    const std::pair<const char*, std::string> values[] = {
        {"{input}", input},
        {"{reference}", reference},
        {"{output}", output},
        {"{scale_min}", std::to_string(scaleMin)},
        {"{scale_max}", std::to_string(scaleMax)},
    };
    std::string prompt;
    prompt.reserve(rubric.size() + input.size() + reference.size() + output.size());
    std::size_t pos = 0;
    while (pos < rubric.size()) {
        bool replaced = false;
        if (rubric[pos] == '{') {
            for (const auto& [placeholder, value] : values) {
                const std::string key = placeholder;
                if (rubric.compare(pos, key.size(), key) == 0) {
                    prompt += value;
                    pos += key.size();
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) prompt += rubric[pos++];
    }
    return prompt;
}

JudgeScore parseJudgeScore(const std::string& answer, int scaleMin, int scaleMax) {
    JudgeScore out;
    const auto isDigit = [&](std::size_t i) {
        return i < answer.size() && std::isdigit(static_cast<unsigned char>(answer[i]));
    };
    std::size_t i = 0;
    bool sawNumber = false;
    while (i < answer.size()) {
        if (!isDigit(i)) {
            ++i;
            continue;
        }
        const std::size_t begin = i;
        while (isDigit(i)) ++i;
        sawNumber = true;
        const bool negative = begin > 0 && answer[begin - 1] == '-';
        const bool decimal = i + 1 < answer.size() && (answer[i] == '.' || answer[i] == ',') && isDigit(i + 1);
        if (negative || decimal) {
            while (i < answer.size() && (answer[i] == '.' || answer[i] == ',' || isDigit(i))) ++i;
            continue;
        }
        if (i - begin > 3) continue;  // far beyond any scale
        const int value = std::stoi(answer.substr(begin, i - begin));
        if (value < scaleMin || value > scaleMax) continue;
        out.raw = value;
        out.normalized = double(value - scaleMin) / double(scaleMax - scaleMin);
        return out;
    }
    out.note = sawNumber ? "no whole number from " + std::to_string(scaleMin) + " to " + std::to_string(scaleMax) +
                               " in the judge's answer"
                         : "the judge's answer holds no number";
    return out;
}

Judge::Judge(JudgeOptions options, std::unique_ptr<Evaluator> evaluator)
    : options_(std::move(options)), evaluator_(std::move(evaluator)) {}
Judge::~Judge() = default;

std::unique_ptr<Judge> Judge::load(const JudgeOptions& options, DeviceKind device) {
    validateJudgeOptions(options);
    auto evaluator = Evaluator::load(options.modelPath, {}, device);
    if (!evaluator->hasTokenizer())
        throw Error("the judge model has no tokenizer, so it cannot read a rubric", options.modelPath, "model");
    return std::unique_ptr<Judge>(new Judge(options, std::move(evaluator)));
}

std::vector<JudgeResult> Judge::judge(const std::vector<JudgeInput>& inputs, const JudgeProgress& progress,
                                      const std::atomic<bool>* cancel) {
    std::vector<JudgeResult> results(inputs.size());
    std::vector<EvalItem> items(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        results[i].prompt = buildJudgePrompt(options_.rubric, inputs[i].input, inputs[i].reference,
                                             inputs[i].output, options_.scaleMin, options_.scaleMax);
        items[i].messages = {{"user", results[i].prompt}};
    }
    EvaluatorOptions evalOptions;
    evalOptions.generation.temperature = 0;  // greedy: the same answer gets the same grade
    evalOptions.generation.maxNewTokens = options_.maxNewTokens;
    evalOptions.batchSize = options_.batchSize;
    evalOptions.scoreReferences = false;
    const auto run = evaluator_->evaluate(items, evalOptions, progress, cancel);
    results.resize(run.outputs.size());
    for (std::size_t i = 0; i < run.outputs.size(); ++i) {
        results[i].answer = run.outputs[i].text;
        results[i].score = parseJudgeScore(results[i].answer, options_.scaleMin, options_.scaleMax);
    }
    return results;
}

}  // namespace ts::eval
