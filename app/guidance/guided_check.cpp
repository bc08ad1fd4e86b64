// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/guidance/guided_check.h"

#include "app/store/project_store.h"

#include <QCoreApplication>

namespace ts {

namespace {
QString yesNo(bool value) {
    return value ? QStringLiteral("yes") : QStringLiteral("no");
}

std::optional<bool> parseYesNo(const QString& value) {
    if (value == QLatin1String("yes")) return true;
    if (value == QLatin1String("no")) return false;
    return std::nullopt;
}
}  // namespace

GuidedCheckVerdict recommendGuidedCheck(const GuidedCheckAnswers& answers) {
    // Fine-tuning on facts the model lacks teaches it to sound sure about them, not to know them;
    // retrieval keeps facts current and citable. So missing knowledge decides first.
    if (answers.needsMissingKnowledge) return GuidedCheckVerdict::UseRetrieval;
    // A prompt is cheaper to change than a training run: if instructions would do, start there.
    if (answers.instructionsWouldSuffice) return GuidedCheckVerdict::ImprovePromptsFirst;
    if (answers.inconsistentAcrossCalls) return GuidedCheckVerdict::FineTune;
    return GuidedCheckVerdict::NoClearNeed;
}

QString guidedCheckVerdictId(GuidedCheckVerdict verdict) {
    switch (verdict) {
        case GuidedCheckVerdict::UseRetrieval:
            return QStringLiteral("retrieval");
        case GuidedCheckVerdict::ImprovePromptsFirst:
            return QStringLiteral("prompting");
        case GuidedCheckVerdict::FineTune:
            return QStringLiteral("fine_tune");
        case GuidedCheckVerdict::NoClearNeed:
            return QStringLiteral("no_clear_need");
    }
    return {};
}

std::optional<GuidedCheckVerdict> guidedCheckVerdictFromId(const QString& id) {
    for (GuidedCheckVerdict verdict :
         {GuidedCheckVerdict::UseRetrieval, GuidedCheckVerdict::ImprovePromptsFirst,
          GuidedCheckVerdict::FineTune, GuidedCheckVerdict::NoClearNeed})
        if (guidedCheckVerdictId(verdict) == id) return verdict;
    return std::nullopt;
}

GuidedCheckAdvice guidedCheckAdvice(GuidedCheckVerdict verdict) {
    switch (verdict) {
        case GuidedCheckVerdict::UseRetrieval:
            return {
                QCoreApplication::translate("GuidedCheck", "Use retrieval, not fine-tuning"),
                QCoreApplication::translate(
                    "GuidedCheck",
                    "The model lacks knowledge the task needs. Fine-tuning teaches behaviour, not "
                    "facts: a tuned model repeats trained facts unreliably and cannot be updated "
                    "without another run. Put the documents in a search index and pass the "
                    "relevant passages in the prompt (retrieval-augmented generation). Fine-tune "
                    "later only if the format of the answers stays inconsistent.")};
        case GuidedCheckVerdict::ImprovePromptsFirst:
            return {
                QCoreApplication::translate("GuidedCheck", "Write better prompts first"),
                QCoreApplication::translate(
                    "GuidedCheck",
                    "The model could follow clear instructions. Write them down, add a few worked "
                    "examples to the prompt and measure the result on an evaluation set. A prompt "
                    "change takes minutes; fine-tune only if the model still fails after that.")};
        case GuidedCheckVerdict::FineTune:
            return {QCoreApplication::translate("GuidedCheck", "Fine-tuning fits this task"),
                    QCoreApplication::translate(
                        "GuidedCheck",
                        "The model knows enough and good prompts were not enough: the problem is "
                        "consistency of format, tone or judgment across many calls. That is what "
                        "fine-tuning changes. Collect a few hundred good examples, keep a held-out "
                        "evaluation set and compare every run against the base model.")};
        case GuidedCheckVerdict::NoClearNeed:
            return {
                QCoreApplication::translate("GuidedCheck", "No clear need for fine-tuning yet"),
                QCoreApplication::translate(
                    "GuidedCheck",
                    "None of the signs for fine-tuning showed up. Build an evaluation set from "
                    "real inputs first and measure the base model with a good prompt; come back "
                    "to fine-tuning when the measurements show consistent failures.")};
    }
    return {};
}

QStringList guidedCheckQuestions() {
    return {QCoreApplication::translate(
                "GuidedCheck",
                "Does the task need knowledge the model does not have, such as internal "
                "documents, a product catalogue or recent events?"),
            QCoreApplication::translate(
                "GuidedCheck",
                "Could a capable model do the task if you wrote clear instructions and a few "
                "examples into the prompt?"),
            QCoreApplication::translate(
                "GuidedCheck",
                "Across many calls, are the outputs inconsistent in format, tone or judgment, "
                "even with a good prompt?")};
}

bool saveGuidedCheck(ProjectStore& store, const GuidedCheckAnswers& answers) {
    using namespace guided_check_keys;
    const QString verdict = guidedCheckVerdictId(recommendGuidedCheck(answers));
    return store.setMeta(QLatin1String(kNeedsMissingKnowledge),
                         yesNo(answers.needsMissingKnowledge)) &&
           store.setMeta(QLatin1String(kInstructionsWouldSuffice),
                         yesNo(answers.instructionsWouldSuffice)) &&
           store.setMeta(QLatin1String(kInconsistentAcrossCalls),
                         yesNo(answers.inconsistentAcrossCalls)) &&
           store.setMeta(QLatin1String(kRecommendation), verdict) &&
           store.setMeta(QLatin1String(kCompletedAt), utcTimestampNow());
}

std::optional<GuidedCheckRecord> loadGuidedCheck(const ProjectStore& store) {
    using namespace guided_check_keys;
    const auto knowledge = parseYesNo(store.meta(QLatin1String(kNeedsMissingKnowledge)));
    const auto instructions = parseYesNo(store.meta(QLatin1String(kInstructionsWouldSuffice)));
    const auto inconsistent = parseYesNo(store.meta(QLatin1String(kInconsistentAcrossCalls)));
    const auto verdict = guidedCheckVerdictFromId(store.meta(QLatin1String(kRecommendation)));
    if (!knowledge || !instructions || !inconsistent || !verdict) return std::nullopt;
    GuidedCheckRecord record;
    record.answers = {*knowledge, *instructions, *inconsistent};
    record.verdict = *verdict;
    record.completedAt = store.meta(QLatin1String(kCompletedAt));
    return record;
}

}  // namespace ts
