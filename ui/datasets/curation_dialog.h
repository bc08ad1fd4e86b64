// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Curation of one dataset version, in two flavours sharing one flow (parameters -> report to
// review -> apply as a new version):
//  - Duplicates: exact duplicates and MinHash near-duplicate clusters (shingle size, threshold);
//    each cluster is reviewed as "keep one" (checked, the default) or "keep all".
//  - Quality: empty outputs, too long for the max sequence length, invalid JSON when JSON output
//    is required, conflicting labels.
// Planning and applying run on a worker thread (BackgroundTask); the source version is never
// changed.
#include "app/datasets/curation.h"

#include <QDialog>
#include <QHash>

#include <memory>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace ts::ui {

class CurationDialog : public QDialog {
    Q_OBJECT
public:
    enum class Mode { Duplicates, Quality };

    CurationDialog(Mode mode, QString projectPath, qint64 versionId, QWidget* parent = nullptr);

    // Quality mode: the length limit to start from (the recipe's max_seq_len) and a line saying
    // which model's tokens the stored lengths are in and how many are still uncounted.
    void setTokenLengthContext(int maxSequenceTokens, const QString& description);

    // Starts planning with the current parameters (what the Find / Check button does).
    void plan();
    // Applies the reviewed plan as a new version (what the Apply button does).
    void apply();
    bool hasPlan() const { return bool(report_); }
    const CurationReport* report() const { return report_.get(); }
    QTreeWidget* reviewTree() const { return tree_; }
    QSpinBox* maxTokensSpin() const { return maxTokensSpin_; }
    // Cluster review: true = keep one (default), false = keep all.
    void setKeepOneInAllClusters(bool keepOne);

    // The parameters as the controls set them.
    CurationParams params() const;

signals:
    void planned();
    void applied(qint64 newVersionId);

private:
    void showReport();

    Mode mode_;
    QString projectPath_;
    qint64 versionId_ = 0;
    std::shared_ptr<CurationReport> report_;
    QHash<qint64, QString> snippets_;  // example id -> "#position  input"

    QCheckBox* exactBox_ = nullptr;
    QCheckBox* nearBox_ = nullptr;
    QSpinBox* shingleSpin_ = nullptr;
    QDoubleSpinBox* thresholdSpin_ = nullptr;
    QCheckBox* emptyBox_ = nullptr;
    QSpinBox* maxTokensSpin_ = nullptr;
    QLabel* tokenLengthNote_ = nullptr;
    QCheckBox* jsonBox_ = nullptr;
    QCheckBox* conflictBox_ = nullptr;
    QLabel* summary_ = nullptr;
    QTreeWidget* tree_ = nullptr;
    QPushButton* planButton_ = nullptr;
    QPushButton* applyButton_ = nullptr;
};

}  // namespace ts::ui
