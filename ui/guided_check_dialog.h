// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// "Is fine-tuning the right tool?": the three questions of app/guidance/guided_check.h as a
// dialog, with the recommendation updated as the user answers. Shown when a project is created
// and from File ▸ Fine-Tuning Check; the main window stores the answers in the project.
#include "app/guidance/guided_check.h"

#include <QDialog>
#include <QList>

#include <optional>

class QButtonGroup;
class QDialogButtonBox;
class QLabel;

namespace ts::ui {

class GuidedCheckDialog : public QDialog {
    Q_OBJECT
public:
    explicit GuidedCheckDialog(QWidget* parent = nullptr);

    // Pre-fills the answers (e.g. a check done before).
    void setAnswers(const GuidedCheckAnswers& answers);
    // The answers once all three questions are answered; nothing before.
    std::optional<GuidedCheckAnswers> answers() const;

    // The recommendation as shown (empty until every question is answered).
    QString recommendationHeadline() const;
    QString recommendationText() const;

private:
    void updateRecommendation();

    QList<QButtonGroup*> questionGroups_;  // one per question; button id 1 = yes, 0 = no
    QLabel* headlineLabel_ = nullptr;
    QLabel* explanationLabel_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
};

// Shows the dialog modally; the answers when saved, nothing when skipped.
std::optional<GuidedCheckAnswers> runGuidedCheckDialog(
    QWidget* parent, const std::optional<GuidedCheckAnswers>& previous);

}  // namespace ts::ui
