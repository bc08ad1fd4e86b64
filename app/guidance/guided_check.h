// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// "Is fine-tuning the right tool?": three questions asked when a project is created, and the
// recommendation that follows from them. Fine-tuning changes how a model behaves (format, tone,
// judgment); it is a poor way to add facts (retrieval does that) and an expensive way to get
// what clear instructions would already give. The answers and the recommendation are stored in
// the project's meta table under guided_check.* so the project can show them later.
#include <QString>
#include <QStringList>

#include <optional>

namespace ts {

class ProjectStore;

struct GuidedCheckAnswers {
    // The task needs knowledge the model does not have (internal documents, a product catalogue,
    // recent events).
    bool needsMissingKnowledge = false;
    // A capable model could do the task from clear instructions and a few examples in the prompt.
    bool instructionsWouldSuffice = false;
    // Over many calls the outputs are inconsistent in format, tone or judgment, even with a good
    // prompt.
    bool inconsistentAcrossCalls = false;

    bool operator==(const GuidedCheckAnswers& other) const {
        return needsMissingKnowledge == other.needsMissingKnowledge &&
               instructionsWouldSuffice == other.instructionsWouldSuffice &&
               inconsistentAcrossCalls == other.inconsistentAcrossCalls;
    }
};

enum class GuidedCheckVerdict {
    UseRetrieval,         // knowledge is missing: retrieval (RAG), not fine-tuning
    ImprovePromptsFirst,  // the model could follow instructions: write better prompts first
    FineTune,             // consistent behaviour across many calls: fine-tuning fits
    NoClearNeed,          // none of the above: measure first with an evaluation set
};

// The rule, in priority order: missing knowledge -> retrieval; else instructions would do ->
// prompts first; else inconsistency across calls -> fine-tune; else no clear need.
GuidedCheckVerdict recommendGuidedCheck(const GuidedCheckAnswers& answers);

// Stable identifiers stored in the project ("retrieval", "prompting", "fine_tune",
// "no_clear_need").
QString guidedCheckVerdictId(GuidedCheckVerdict verdict);
std::optional<GuidedCheckVerdict> guidedCheckVerdictFromId(const QString& id);

// What the user reads: a one-line headline and a short explanation with the next step.
struct GuidedCheckAdvice {
    QString headline;
    QString explanation;
};
GuidedCheckAdvice guidedCheckAdvice(GuidedCheckVerdict verdict);

// The three questions as shown to the user (translated), in the order of GuidedCheckAnswers.
QStringList guidedCheckQuestions();

// A completed check as stored in a project.
struct GuidedCheckRecord {
    GuidedCheckAnswers answers;
    GuidedCheckVerdict verdict = GuidedCheckVerdict::NoClearNeed;
    QString completedAt;  // ISO-8601 UTC
};

// Project meta keys.
namespace guided_check_keys {
inline const char* const kNeedsMissingKnowledge = "guided_check.needs_missing_knowledge";
inline const char* const kInstructionsWouldSuffice = "guided_check.instructions_would_suffice";
inline const char* const kInconsistentAcrossCalls = "guided_check.inconsistent_across_calls";
inline const char* const kRecommendation = "guided_check.recommendation";
inline const char* const kCompletedAt = "guided_check.completed_at";
}  // namespace guided_check_keys

// Stores the answers and their recommendation ("yes"/"no" per answer). Returns false when the
// store is closed or a write failed.
bool saveGuidedCheck(ProjectStore& store, const GuidedCheckAnswers& answers);
// The stored check, or nothing when the project has none (or a value is not one this version
// writes: a damaged record is treated as absent rather than guessed at).
std::optional<GuidedCheckRecord> loadGuidedCheck(const ProjectStore& store);

}  // namespace ts
