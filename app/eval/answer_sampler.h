// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Answers to one prompt from a model (optionally with a LoRA adapter): the one path by which the
// Playground and the annotation view's candidate generation load a model and generate. Torch-free:
// it goes through the engine's ts::Evaluator facade.
//
// Threading: sampleAnswers() runs on the calling thread (a worker thread, never the GUI thread)
// and calls `progress` there after each answer. `cancel` may be set from any thread; it is
// checked before every forward pass.
#include "app/datasets/dataset_repository.h"
#include "engine/eval/evaluator.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace ts {

struct AnswerRequest {
    std::string modelPath;      // a Hugging Face folder or .gguf file
    std::string adapterFolder;  // a PEFT LoRA folder, or empty for the base model alone
    std::vector<EvalMessage> messages;  // rendered with the model's chat template
    GenerationParams generation;
    // How many answers; answer i samples with seed generation.seed + i, so each one can be
    // reproduced alone.
    int count = 1;
    DeviceKind device = DeviceKind::Cpu;
};

struct AnswerSamples {
    std::vector<std::string> texts;  // one per answer; when stopped, the last may be cut short
    bool stopped = false;            // cancelled or the progress callback said stop
    double seconds = 0;              // loading included
};

// After each answer: how many are done out of how many. Return false to stop.
using AnswerProgress = std::function<bool(int done, int total)>;

// Loads the model once and generates request.count answers. Throws ts::Error naming the file on
// any problem (a missing model, an adapter that does not fit, an empty prompt).
AnswerSamples sampleAnswers(const AnswerRequest& request, const AnswerProgress& progress = {},
                            const std::atomic<bool>* cancel = nullptr);

// The prompt of a dataset example as chat turns: the system prompt, then the conversation up to
// (not including) its last assistant turn, or the prompt / text of the other kinds as one user
// turn. A system prompt that is also the conversation's first message is sent once.
std::vector<EvalMessage> promptMessages(const ExampleRecord& record);

}  // namespace ts
