// SPDX-License-Identifier: GPL-3.0-or-later
// LLM-as-judge scoring: a local model of the user's choice reads a rubric prompt holding the
// example's input, the reference answer and the evaluated model's output, and answers with a
// score on an integer scale. The score is the first integer in the answer that lies on the scale,
// normalized to [0, 1]; an answer without one leaves the example unscored (with a note saying
// why), so a confused judge lowers coverage rather than inventing zeros.
//
// The prompt building and parsing are pure functions; Judge wraps a ts::Evaluator so the judge
// model is loaded once and all examples are judged in batches with greedy decoding. Torch-free.
#pragma once

#include "engine/core/device.h"

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ts {
class Evaluator;
}

namespace ts::eval {

// The rubric used when a suite gives none: factual consistency with the reference, penalizing
// hallucinated content. Placeholders: {input} {reference} {output} {scale_min} {scale_max}.
const std::string& defaultJudgeRubric();

struct JudgeOptions {
    std::string modelPath;                   // a model folder or .gguf file
    std::string rubric = defaultJudgeRubric();
    int scaleMin = 1;
    int scaleMax = 5;
    int maxNewTokens = 8;  // the judge answers with a number; a short budget keeps it fast
    int batchSize = 4;
};

// Throws ts::Error naming `source` and the field for an empty model path, a rubric without
// {output}, a scale with scaleMin >= scaleMax or outside [0, 100], or maxNewTokens outside [1, 512].
void validateJudgeOptions(const JudgeOptions& options, const std::string& source = "judge");

// The rubric with every {input}, {reference}, {output}, {scale_min} and {scale_max} replaced.
// Values are inserted verbatim and never rescanned, so a "{output}" inside an input stays text.
std::string buildJudgePrompt(const std::string& rubric, const std::string& input, const std::string& reference,
                             const std::string& output, int scaleMin, int scaleMax);

struct JudgeScore {
    std::optional<int> raw;           // the integer read from the answer
    std::optional<double> normalized; // (raw - scaleMin) / (scaleMax - scaleMin)
    std::string note;                 // why there is no score; empty when there is one
};

// The first whole integer in `answer` within [scaleMin, scaleMax]. Digits that belong to a larger
// number ("10" on a 1..5 scale), a decimal ("4.5") or a negative number ("-3") are not read as a
// score.
JudgeScore parseJudgeScore(const std::string& answer, int scaleMin, int scaleMax);

struct JudgeInput {
    std::string input;      // the prompt the evaluated model saw
    std::string reference;  // the expected answer
    std::string output;     // what the evaluated model answered
};

struct JudgeResult {
    std::string prompt;  // the rubric as sent to the judge
    std::string answer;  // the judge's raw answer
    JudgeScore score;
};

// done/total after each batch; return false to stop.
using JudgeProgress = std::function<bool(std::size_t done, std::size_t total)>;

class Judge {
public:
    // Loads the judge model once (throws ts::Error naming the file on any problem).
    static std::unique_ptr<Judge> load(const JudgeOptions& options, DeviceKind device);
    ~Judge();

    // One result per input unless stopped (cancel set or progress returned false): then only the
    // finished ones. Runs on the calling thread.
    std::vector<JudgeResult> judge(const std::vector<JudgeInput>& inputs, const JudgeProgress& progress = {},
                                   const std::atomic<bool>* cancel = nullptr);
    const JudgeOptions& options() const { return options_; }

private:
    Judge(JudgeOptions options, std::unique_ptr<Evaluator> evaluator);
    JudgeOptions options_;
    std::unique_ptr<Evaluator> evaluator_;
};

}  // namespace ts::eval
