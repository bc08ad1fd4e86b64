// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// "Make eval split…": eval fraction, seed and edge-case share for a new version (source 'split').
// A version a run has used is frozen: the dialog says so, names the run, and does not offer the
// split (the run's eval set must stay what it was measured on).
#include "app/datasets/dataset_split.h"

#include <QDialog>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace ts::ui {

class SplitDialog : public QDialog {
    Q_OBJECT
public:
    // `frozenReason` empty = the version may be split; else the sentence saying why it may not.
    SplitDialog(QString projectPath, qint64 versionId, const QString& frozenReason,
                QWidget* parent = nullptr);

    SplitParams params() const;
    void setParams(const SplitParams& params);
    bool canSplit() const;
    // Runs the split on a worker thread (what the Make split button does).
    void makeSplit();

signals:
    void created(qint64 newVersionId, qint64 trainCount, qint64 evalCount, qint64 generalCount);

private:
    QString projectPath_;
    qint64 versionId_ = 0;
    QDoubleSpinBox* fractionSpin_ = nullptr;
    QSpinBox* seedSpin_ = nullptr;
    QDoubleSpinBox* edgeShareSpin_ = nullptr;
    QCheckBox* generalBox_ = nullptr;
    QLabel* frozenLabel_ = nullptr;
    QPushButton* splitButton_ = nullptr;
};

}  // namespace ts::ui
