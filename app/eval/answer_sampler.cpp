// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/eval/answer_sampler.h"

#include "engine/core/error.h"

#include <QElapsedTimer>

namespace ts {

AnswerSamples sampleAnswers(const AnswerRequest& request, const AnswerProgress& progress,
                            const std::atomic<bool>* cancel) {
    if (request.messages.empty()) throw Error("the prompt is empty", request.modelPath, "messages");
    QElapsedTimer timer;
    timer.start();
    AnswerSamples out;
    const auto evaluator = Evaluator::load(request.modelPath, request.adapterFolder, request.device);
    EvalItem item;
    item.messages = request.messages;
    for (int i = 0; i < request.count; ++i) {
        if (cancel && cancel->load()) {
            out.stopped = true;
            break;
        }
        EvaluatorOptions options;
        options.batchSize = 1;
        options.scoreReferences = false;
        options.generation = request.generation;
        options.generation.seed = request.generation.seed + std::uint64_t(i);
        const EvalRunResult result = evaluator->evaluate({item}, options, {}, cancel);
        // A stopped answer is kept as far as it got (the Playground shows it); callers that need
        // whole answers look at `stopped`.
        if (!result.outputs.empty()) out.texts.push_back(result.outputs.front().text);
        if (result.stopped || result.outputs.empty()) {
            out.stopped = true;
            break;
        }
        if (progress && !progress(i + 1, request.count)) {
            out.stopped = int(out.texts.size()) < request.count;
            break;
        }
    }
    out.seconds = double(timer.elapsed()) / 1000.0;
    return out;
}

std::vector<EvalMessage> promptMessages(const ExampleRecord& record) {
    std::vector<EvalMessage> messages;
    if (!record.systemPrompt.isEmpty()) messages.push_back({"system", record.systemPrompt.toStdString()});
    switch (record.kind) {
    case ExampleKind::Chat: {
        int last = int(record.messages.size()) - 1;
        while (last >= 0 && record.messages[last].role != QStringLiteral("assistant")) --last;
        const int promptEnd = last >= 0 ? last : int(record.messages.size());
        for (int i = 0; i < promptEnd; ++i) {
            // The system prompt may also be the first message; send it once.
            if (i == 0 && !record.systemPrompt.isEmpty() &&
                record.messages[i].role == QStringLiteral("system"))
                continue;
            messages.push_back({record.messages[i].role.toStdString(), record.messages[i].content.toStdString()});
        }
        break;
    }
    case ExampleKind::PromptCompletion:
    case ExampleKind::Preference: messages.push_back({"user", record.prompt.toStdString()}); break;
    case ExampleKind::Classification: messages.push_back({"user", record.text.toStdString()}); break;
    }
    return messages;
}

}  // namespace ts
