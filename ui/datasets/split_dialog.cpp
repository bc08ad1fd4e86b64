// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/datasets/split_dialog.h"

#include "ui/datasets/background_task.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <memory>

namespace ts::ui {

SplitDialog::SplitDialog(QString projectPath, qint64 versionId, const QString& frozenReason,
                         QWidget* parent)
    : QDialog(parent), projectPath_(std::move(projectPath)), versionId_(versionId) {
    setObjectName(QStringLiteral("splitDialog"));
    setWindowTitle(tr("Make eval split"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(
        tr("Holds out a share of every label's examples for evaluation, chosen by the seed (the "
           "same seed gives the same split). Examples flagged edge case go to eval by their own "
           "share; general-capability examples form the 'general' split. The result is a new "
           "version; this one is not changed."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    fractionSpin_ = new QDoubleSpinBox(this);
    fractionSpin_->setObjectName(QStringLiteral("evalFraction"));
    fractionSpin_->setRange(0.0, 1.0);
    fractionSpin_->setSingleStep(0.05);
    fractionSpin_->setValue(0.1);
    seedSpin_ = new QSpinBox(this);
    seedSpin_->setObjectName(QStringLiteral("splitSeed"));
    seedSpin_->setRange(0, std::numeric_limits<int>::max());
    seedSpin_->setValue(42);
    edgeShareSpin_ = new QDoubleSpinBox(this);
    edgeShareSpin_->setObjectName(QStringLiteral("edgeCaseShare"));
    edgeShareSpin_->setRange(0.0, 1.0);
    edgeShareSpin_->setSingleStep(0.1);
    edgeShareSpin_->setValue(1.0);
    generalBox_ = new QCheckBox(tr("General-capability examples form their own split"), this);
    generalBox_->setChecked(true);
    form->addRow(tr("Eval fraction"), fractionSpin_);
    form->addRow(tr("Seed"), seedSpin_);
    form->addRow(tr("Edge cases in eval (share)"), edgeShareSpin_);
    form->addRow(generalBox_);
    layout->addLayout(form);
    frozenLabel_ = new QLabel(frozenReason, this);
    frozenLabel_->setObjectName(QStringLiteral("frozenNotice"));
    frozenLabel_->setWordWrap(true);
    frozenLabel_->setStyleSheet(QStringLiteral(
        "QLabel { background: #fff4e5; color: #8a4b00; border: 1px solid #f0c36d; padding: 8px; }"));
    frozenLabel_->setVisible(!frozenReason.isEmpty());
    layout->addWidget(frozenLabel_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    splitButton_ = buttons->addButton(tr("Make split"), QDialogButtonBox::AcceptRole);
    splitButton_->setObjectName(QStringLiteral("makeSplitButton"));
    splitButton_->setEnabled(frozenReason.isEmpty());
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(splitButton_, &QPushButton::clicked, this, &SplitDialog::makeSplit);
    layout->addWidget(buttons);
}

bool SplitDialog::canSplit() const { return splitButton_->isEnabled(); }

SplitParams SplitDialog::params() const {
    SplitParams p;
    p.evalFraction = fractionSpin_->value();
    p.seed = std::uint64_t(seedSpin_->value());
    p.edgeCaseEvalShare = edgeShareSpin_->value();
    p.generalCapabilitySplit = generalBox_->isChecked();
    return p;
}

void SplitDialog::setParams(const SplitParams& p) {
    fractionSpin_->setValue(p.evalFraction);
    seedSpin_->setValue(int(p.seed));
    edgeShareSpin_->setValue(p.edgeCaseEvalShare);
    generalBox_->setChecked(p.generalCapabilitySplit);
}

void SplitDialog::makeSplit() {
    if (!canSplit()) return;
    splitButton_->setEnabled(false);
    struct Outcome {
        qint64 versionId = 0;
        SplitPlan plan;
    };
    auto outcome = std::make_shared<Outcome>();
    const SplitParams p = params();
    const qint64 source = versionId_;
    BackgroundTask::start(
        this, projectPath_, tr("Making the split…"),
        [outcome, p, source](QSqlDatabase& db, const std::atomic<bool>&) {
            DatasetRepository repo(db);
            outcome->versionId = createSplitVersion(repo, source, p, &outcome->plan);
        },
        [this, outcome](const QString& error, bool) {
            splitButton_->setEnabled(true);
            if (!error.isEmpty()) {
                QMessageBox::warning(this, windowTitle(),
                                     tr("Could not make the split.\n\n%1").arg(error));
                return;
            }
            if (outcome->versionId > 0)
                emit created(outcome->versionId, outcome->plan.trainCount,
                             outcome->plan.evalCount, outcome->plan.generalCount);
            accept();
        });
}

}  // namespace ts::ui
