// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/guided_check_dialog.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace ts::ui {

namespace {
constexpr int kYes = 1;
constexpr int kNo = 0;
}  // namespace

GuidedCheckDialog::GuidedCheckDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("guidedCheckDialog"));
    setWindowTitle(tr("Is Fine-Tuning the Right Tool?"));
    setMinimumWidth(560);

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    auto* intro = new QLabel(
        tr("Fine-tuning changes how a model behaves. It is not the best tool for every problem: "
           "three questions tell which one fits your task. The answers are saved in the "
           "project."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    const QStringList questions = guidedCheckQuestions();
    for (int i = 0; i < questions.size(); ++i) {
        auto* question = new QLabel(
            QStringLiteral("<b>%1.</b> %2").arg(i + 1).arg(questions[i].toHtmlEscaped()), this);
        question->setObjectName(QStringLiteral("question%1").arg(i));
        question->setWordWrap(true);
        layout->addWidget(question);
        auto* row = new QHBoxLayout;
        row->setContentsMargins(20, 0, 0, 0);
        auto* group = new QButtonGroup(this);
        auto* yes = new QRadioButton(tr("Yes"), this);
        yes->setObjectName(QStringLiteral("question%1Yes").arg(i));
        auto* no = new QRadioButton(tr("No"), this);
        no->setObjectName(QStringLiteral("question%1No").arg(i));
        group->addButton(yes, kYes);
        group->addButton(no, kNo);
        row->addWidget(yes);
        row->addWidget(no);
        row->addStretch(1);
        layout->addLayout(row);
        questionGroups_ << group;
        connect(group, &QButtonGroup::idClicked, this, &GuidedCheckDialog::updateRecommendation);
    }

    auto* panel = new QFrame(this);
    panel->setObjectName(QStringLiteral("recommendationPanel"));
    panel->setFrameShape(QFrame::StyledPanel);
    auto* panelLayout = new QVBoxLayout(panel);
    headlineLabel_ = new QLabel(panel);
    headlineLabel_->setObjectName(QStringLiteral("recommendationHeadline"));
    QFont bold = headlineLabel_->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.1);
    headlineLabel_->setFont(bold);
    explanationLabel_ = new QLabel(panel);
    explanationLabel_->setObjectName(QStringLiteral("recommendationText"));
    explanationLabel_->setWordWrap(true);
    // Room for the longest explanation from the start, so the dialog does not need to grow (and
    // jump) as the answers change the recommendation.
    explanationLabel_->setMinimumHeight(explanationLabel_->fontMetrics().lineSpacing() * 6);
    explanationLabel_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    panelLayout->addWidget(headlineLabel_);
    panelLayout->addWidget(explanationLabel_);
    layout->addWidget(panel);

    buttons_ = new QDialogButtonBox(this);
    QPushButton* save = buttons_->addButton(tr("Save Answers"), QDialogButtonBox::AcceptRole);
    save->setObjectName(QStringLiteral("saveGuidedCheck"));
    QPushButton* skip = buttons_->addButton(tr("Skip"), QDialogButtonBox::RejectRole);
    skip->setObjectName(QStringLiteral("skipGuidedCheck"));
    skip->setToolTip(
        tr("Create the project without answering; the check stays available in "
           "the File menu."));
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons_);

    updateRecommendation();
}

void GuidedCheckDialog::setAnswers(const GuidedCheckAnswers& answers) {
    const bool values[] = {answers.needsMissingKnowledge, answers.instructionsWouldSuffice,
                           answers.inconsistentAcrossCalls};
    for (int i = 0; i < questionGroups_.size(); ++i)
        questionGroups_[i]->button(values[i] ? kYes : kNo)->setChecked(true);
    updateRecommendation();
}

std::optional<GuidedCheckAnswers> GuidedCheckDialog::answers() const {
    bool values[3] = {};
    for (int i = 0; i < questionGroups_.size(); ++i) {
        const int id = questionGroups_[i]->checkedId();
        if (id != kYes && id != kNo) return std::nullopt;
        values[i] = id == kYes;
    }
    return GuidedCheckAnswers{values[0], values[1], values[2]};
}

QString GuidedCheckDialog::recommendationHeadline() const {
    return answers() ? headlineLabel_->text() : QString();
}

QString GuidedCheckDialog::recommendationText() const {
    return answers() ? explanationLabel_->text() : QString();
}

void GuidedCheckDialog::updateRecommendation() {
    const std::optional<GuidedCheckAnswers> current = answers();
    buttons_->findChild<QPushButton*>(QStringLiteral("saveGuidedCheck"))
        ->setEnabled(current.has_value());
    if (!current) {
        headlineLabel_->setText(tr("Answer all three questions to see the recommendation."));
        explanationLabel_->clear();
        return;
    }
    const GuidedCheckAdvice advice = guidedCheckAdvice(recommendGuidedCheck(*current));
    headlineLabel_->setText(advice.headline);
    explanationLabel_->setText(advice.explanation);
}

std::optional<GuidedCheckAnswers> runGuidedCheckDialog(
    QWidget* parent, const std::optional<GuidedCheckAnswers>& previous) {
    GuidedCheckDialog dialog(parent);
    if (previous) dialog.setAnswers(*previous);
    if (dialog.exec() != QDialog::Accepted) return std::nullopt;
    return dialog.answers();
}

}  // namespace ts::ui
