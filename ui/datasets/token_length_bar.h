// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Datasets page's line about token lengths: which model's tokens the lengths are in (the
// recipe's base model unless one is chosen), counting in the background with a progress bar and
// Stop, and a Model menu to choose another tokenizer or follow the recipes again. Counting starts
// by itself when the project has examples without a length (after an import, a new version, a
// change of model) - browsing goes on meanwhile and the Tokens column fills in as it goes.
#include "app/datasets/token_count_job.h"
#include "app/datasets/token_lengths.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QToolButton;

namespace ts {
class ProjectStore;
}

namespace ts::ui {

class TokenLengthBar : public QWidget {
    Q_OBJECT
public:
    explicit TokenLengthBar(QWidget* parent = nullptr);
    ~TokenLengthBar() override;

    // Stops a count of the previous project (waiting for its current batch) and shows this one's.
    void setProject(const ProjectStore* store);
    // Re-reads the model and the number of uncounted examples; starts counting when needed.
    void refresh();
    // Uses `path` (a model folder, tokenizer file or .gguf) for this project's lengths; an empty
    // path follows the recipes again. Counting restarts with the new tokenizer.
    void chooseModel(const QString& path);
    void stop();

    bool isCounting() const { return job_ != nullptr; }
    const TokenLengthModel& model() const { return model_; }
    // One sentence for other dialogs: whose tokens, and how many examples are not counted yet.
    QString description() const;
    QLabel* statusLabel() const { return status_; }

signals:
    // Counts were written: at most about once a second while counting, and when it ends.
    void countsChanged();
    void countingFinished(const ts::TokenCountResult& result);
    void countingFailed(const QString& message);

private:
    void start();
    void readState();
    void showState();
    void showProgress(qint64 done, qint64 total);

    const ProjectStore* store_ = nullptr;
    TokenLengthModel model_;
    TokenCountState state_;
    QString error_;
    // Counting failed, could not count everything, or was stopped for this model: no automatic
    // restart for it (Count restarts; another model clears it).
    QString heldBackModel_;
    QPointer<TokenCountJob> job_;
    qint64 lastNotifyMs_ = 0;
    // How many were left when the last count ended (from its progress), shown after Stop; the
    // GUI thread itself only asks whether any example lacks a length.
    qint64 lastUncounted_ = -1;
    QLabel* status_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton* stopButton_ = nullptr;
    QPushButton* countButton_ = nullptr;
    QToolButton* modelButton_ = nullptr;
};

}  // namespace ts::ui
