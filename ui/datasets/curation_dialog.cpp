// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/datasets/curation_dialog.h"

#include "ui/datasets/background_task.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ts::ui {

namespace {
constexpr int kMaxReviewItems = 2000;  // more are counted in the summary, not listed

QString snippet(qint64 position, const QString& input) {
    QString text = input.left(140);
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return QStringLiteral("#%1  %2").arg(position + 1).arg(text);
}
}  // namespace

CurationDialog::CurationDialog(Mode mode, QString projectPath, qint64 versionId, QWidget* parent)
    : QDialog(parent), mode_(mode), projectPath_(std::move(projectPath)), versionId_(versionId) {
    const bool dup = mode_ == Mode::Duplicates;
    setObjectName(dup ? QStringLiteral("duplicatesDialog") : QStringLiteral("qualityDialog"));
    setWindowTitle(dup ? tr("Find duplicates") : tr("Quality filters"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    if (dup) {
        exactBox_ = new QCheckBox(tr("Exact duplicates (same normalized input and output)"), this);
        exactBox_->setChecked(true);
        nearBox_ = new QCheckBox(tr("Near duplicates (MinHash)"), this);
        nearBox_->setChecked(true);
        shingleSpin_ = new QSpinBox(this);
        shingleSpin_->setObjectName(QStringLiteral("shingleSize"));
        shingleSpin_->setRange(1, 10);
        shingleSpin_->setValue(3);
        shingleSpin_->setSuffix(tr(" words"));
        thresholdSpin_ = new QDoubleSpinBox(this);
        thresholdSpin_->setObjectName(QStringLiteral("jaccardThreshold"));
        thresholdSpin_->setRange(0.3, 1.0);
        thresholdSpin_->setSingleStep(0.05);
        thresholdSpin_->setValue(0.8);
        form->addRow(exactBox_);
        form->addRow(nearBox_);
        form->addRow(tr("Shingle size"), shingleSpin_);
        form->addRow(tr("Similarity threshold (Jaccard)"), thresholdSpin_);
    } else {
        emptyBox_ = new QCheckBox(tr("Empty outputs"), this);
        emptyBox_->setChecked(true);
        maxTokensSpin_ = new QSpinBox(this);
        maxTokensSpin_->setObjectName(QStringLiteral("maxTokens"));
        maxTokensSpin_->setRange(0, 1 << 20);
        maxTokensSpin_->setSpecialValueText(tr("off"));
        maxTokensSpin_->setToolTip(tr("Examples longer than this in the model's tokens (the "
                                      "sequence training makes of them) are removed; examples "
                                      "not counted yet are kept."));
        tokenLengthNote_ = new QLabel(this);
        tokenLengthNote_->setObjectName(QStringLiteral("tokenLengthNote"));
        tokenLengthNote_->setWordWrap(true);
        tokenLengthNote_->hide();
        jsonBox_ = new QCheckBox(tr("Output must be valid JSON"), this);
        conflictBox_ = new QCheckBox(tr("Conflicting labels (same input, different labels)"), this);
        conflictBox_->setChecked(true);
        form->addRow(emptyBox_);
        form->addRow(tr("Too long: more tokens than"), maxTokensSpin_);
        form->addRow(QString(), tokenLengthNote_);
        form->addRow(jsonBox_);
        form->addRow(conflictBox_);
    }
    layout->addLayout(form);

    planButton_ = new QPushButton(dup ? tr("Find duplicates") : tr("Check"), this);
    planButton_->setObjectName(QStringLiteral("planButton"));
    layout->addWidget(planButton_, 0, Qt::AlignLeft);
    summary_ = new QLabel(tr("Nothing checked yet."), this);
    summary_->setObjectName(QStringLiteral("curationSummary"));
    summary_->setWordWrap(true);
    layout->addWidget(summary_);
    tree_ = new QTreeWidget(this);
    tree_->setObjectName(QStringLiteral("curationReview"));
    tree_->setHeaderLabels(dup ? QStringList{tr("Cluster / example"), tr("Decision")}
                               : QStringList{tr("Example"), tr("Reason")});
    tree_->header()->setStretchLastSection(false);
    tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    layout->addWidget(tree_, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    applyButton_ = buttons->addButton(tr("Apply as new version"), QDialogButtonBox::ApplyRole);
    applyButton_->setObjectName(QStringLiteral("applyButton"));
    applyButton_->setEnabled(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(applyButton_, &QPushButton::clicked, this, &CurationDialog::apply);
    connect(planButton_, &QPushButton::clicked, this, &CurationDialog::plan);
    connect(tree_, &QTreeWidget::itemChanged, this, [](QTreeWidgetItem* item, int column) {
        if (column == 0 && item->data(0, Qt::UserRole).isValid())
            item->setText(1, item->checkState(0) == Qt::Checked ? tr("keep one")
                                                                : tr("keep all"));
    });
    layout->addWidget(buttons);
    resize(720, 600);
}

void CurationDialog::setTokenLengthContext(int maxSequenceTokens, const QString& description) {
    if (!maxTokensSpin_) return;
    maxTokensSpin_->setValue(maxSequenceTokens);
    tokenLengthNote_->setText(description);
    tokenLengthNote_->setVisible(!description.isEmpty());
}

CurationParams CurationDialog::params() const {
    CurationParams p;
    p.threads = 2;
    if (mode_ == Mode::Duplicates) {
        p.removeExactDuplicates = exactBox_->isChecked();
        p.findNearDuplicates = nearBox_->isChecked();
        p.nearDuplicate.shingleWords = shingleSpin_->value();
        p.nearDuplicate.jaccardThreshold = thresholdSpin_->value();
        p.removeEmptyOutputs = false;
        p.removeConflictingLabels = false;
    } else {
        p.removeExactDuplicates = false;
        p.findNearDuplicates = false;
        p.removeEmptyOutputs = emptyBox_->isChecked();
        p.maxSequenceTokens = maxTokensSpin_->value();
        p.requireJsonOutput = jsonBox_->isChecked();
        p.removeConflictingLabels = conflictBox_->isChecked();
    }
    return p;
}

void CurationDialog::plan() {
    planButton_->setEnabled(false);
    applyButton_->setEnabled(false);
    auto report = std::make_shared<CurationReport>();
    auto snippets = std::make_shared<QHash<qint64, QString>>();
    const CurationParams p = params();
    const qint64 versionId = versionId_;
    BackgroundTask::start(
        this, projectPath_, tr("Examining the examples…"),
        [report, snippets, p, versionId](QSqlDatabase& db, const std::atomic<bool>& cancelled) {
            CurationParams cancellable = p;
            cancellable.cancel = &cancelled;  // Cancel stops the planning at its next check
            const DatasetRepository repo(db);
            std::vector<VersionMemberRow> members;
            try {
                members = repo.loadMembers(versionId, &cancelled);
                *report = planCuration(members, cancellable);
            } catch (const OperationCancelled&) {  // the task reports it as cancelled
                return;
            }
            report->sourceVersionId = versionId;
            // Texts for the review list, only of the examples it shows.
            QSet<qint64> shown;
            for (const auto& c : report->nearDuplicateClusters)
                for (qint64 id : c.exampleIds) shown.insert(id);
            for (const auto& r : report->removals) {
                shown.insert(r.exampleId);
                if (shown.size() > 4 * kMaxReviewItems) break;
            }
            for (const auto& m : members)
                if (shown.contains(m.exampleId))
                    snippets->insert(m.exampleId, snippet(m.position, m.inputText));
        },
        [this, report, snippets](const QString& error, bool cancelled) {
            planButton_->setEnabled(true);
            if (cancelled) return;
            if (!error.isEmpty()) {
                QMessageBox::warning(this, windowTitle(),
                                     tr("Could not examine the dataset version.\n\n%1").arg(error));
                return;
            }
            report_ = report;
            snippets_ = *snippets;
            showReport();
            emit planned();
        });
}

void CurationDialog::showReport() {
    QSignalBlocker block(tree_);
    tree_->clear();
    const CurationReport& r = *report_;
    QString text = tr("%1 examples examined; %2 would be removed, %3 kept.")
                       .arg(r.examinedCount)
                       .arg(qint64(r.removals.size()))
                       .arg(qint64(r.survivorIds.size()));
    if (!r.removals.empty()) text += QLatin1Char('\n') + r.summary();
    int listed = 0;
    if (mode_ == Mode::Duplicates) {
        text += QLatin1Char('\n') + tr("%1 near-duplicate clusters. Checked clusters keep their "
                                       "first example; uncheck a cluster to keep all of it.")
                                        .arg(qint64(r.nearDuplicateClusters.size()));
        for (size_t i = 0; i < r.nearDuplicateClusters.size() && listed < kMaxReviewItems; ++i) {
            const auto& ids = r.nearDuplicateClusters[i].exampleIds;
            auto* item = new QTreeWidgetItem(tree_);
            item->setText(0, tr("Cluster %1 (%2 examples)").arg(i + 1).arg(qint64(ids.size())));
            item->setData(0, Qt::UserRole, int(i));
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(0, Qt::Checked);
            item->setText(1, tr("keep one"));
            for (size_t k = 0; k < ids.size(); ++k) {
                auto* child = new QTreeWidgetItem(item);
                child->setText(0, snippets_.value(ids[k]));
                child->setText(1, k == 0 ? tr("kept") : QString());
            }
            ++listed;
        }
        auto* exact = new QTreeWidgetItem(tree_);
        exact->setText(0, tr("Exact duplicates (%1)").arg(r.countFor(RemovalReason::ExactDuplicate)));
        for (const auto& removal : r.removals)
            if (removal.reason == RemovalReason::ExactDuplicate && listed++ < kMaxReviewItems)
                (new QTreeWidgetItem(exact))
                    ->setText(0, snippets_.value(removal.exampleId) + QStringLiteral("  =  ") +
                                     snippets_.value(removal.keptExampleId));
    } else {
        for (const auto& removal : r.removals) {
            if (listed++ >= kMaxReviewItems) break;
            auto* item = new QTreeWidgetItem(tree_);
            item->setText(0, snippets_.value(removal.exampleId));
            item->setText(1, removal.detail.isEmpty() ? removalReasonName(removal.reason)
                                                      : removal.detail);
        }
    }
    summary_->setText(text);
    applyButton_->setEnabled(!r.removals.empty());
}

void CurationDialog::setKeepOneInAllClusters(bool keepOne) {
    for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = tree_->topLevelItem(i);
        if (item->data(0, Qt::UserRole).isValid())
            item->setCheckState(0, keepOne ? Qt::Checked : Qt::Unchecked);
    }
}

void CurationDialog::apply() {
    if (!report_) return;
    auto report = std::make_shared<CurationReport>(*report_);
    std::vector<int> keepAll;
    for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = tree_->topLevelItem(i);
        if (item->data(0, Qt::UserRole).isValid() && item->checkState(0) == Qt::Unchecked)
            keepAll.push_back(item->data(0, Qt::UserRole).toInt());
    }
    keepNearDuplicateClusters(*report, keepAll);
    applyButton_->setEnabled(false);
    auto newVersion = std::make_shared<qint64>(0);
    BackgroundTask::start(
        this, projectPath_, tr("Writing the new version…"),
        [report, newVersion](QSqlDatabase& db, const std::atomic<bool>& cancelled) {
            DatasetRepository repo(db);
            try {
                *newVersion = applyCuration(repo, *report, {}, &cancelled);
            } catch (const OperationCancelled&) {  // rolled back: no version was written
            }
        },
        [this, newVersion](const QString& error, bool cancelled) {
            applyButton_->setEnabled(true);
            if (!error.isEmpty()) {
                QMessageBox::warning(this, windowTitle(),
                                     tr("Could not write the new version.\n\n%1").arg(error));
                return;
            }
            // Cancel pressed after the commit: the version exists, so it is shown. Cancelled
            // before: nothing was written and the dialog stays open with its plan.
            if (*newVersion > 0) {
                emit applied(*newVersion);
                accept();
            } else if (!cancelled) {
                accept();
            }
        });
}

}  // namespace ts::ui
