// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/datasets/token_length_bar.h"

#include "app/datasets/token_count_job.h"
#include "app/store/project_store.h"

#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QToolButton>

namespace ts::ui {

namespace {

// How often the Tokens column is repainted while a count runs.
constexpr qint64 kNotifyEveryMs = 1000;

// The folder's name for a model folder or a tokenizer file inside one (".../Mistral-7B/
// tokenizer.model" -> "Mistral-7B"), the file's name for a .gguf.
QString modelName(const QString& path) {
    QFileInfo info(path);
    if (info.isFile() && info.fileName().startsWith(QStringLiteral("tokenizer")))
        info = QFileInfo(info.absolutePath());
    return info.fileName().isEmpty() ? path : info.fileName();
}

}  // namespace

TokenLengthBar::TokenLengthBar(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("tokenLengthBar"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("tokenLengthStatus"));
    status_->setTextFormat(Qt::PlainText);
    status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("tokenLengthProgress"));
    progress_->setMaximumWidth(180);
    progress_->setRange(0, 1000);
    progress_->hide();
    stopButton_ = new QPushButton(tr("Stop"), this);
    stopButton_->setObjectName(QStringLiteral("tokenLengthStop"));
    stopButton_->setToolTip(tr("Stop counting; the lengths counted so far are kept"));
    stopButton_->hide();
    countButton_ = new QPushButton(tr("Count"), this);
    countButton_->setObjectName(QStringLiteral("tokenLengthCount"));
    countButton_->setToolTip(tr("Count the lengths of the examples that have none yet"));
    countButton_->hide();
    modelButton_ = new QToolButton(this);
    modelButton_->setObjectName(QStringLiteral("tokenLengthModel"));
    modelButton_->setText(tr("Model…"));
    modelButton_->setToolTip(tr("Whose tokens the lengths are counted in"));
    modelButton_->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(modelButton_);
    menu->addAction(tr("Model folder…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Model folder (with tokenizer.json or tokenizer.model)"), model_.path);
        if (!dir.isEmpty()) chooseModel(dir);
    });
    menu->addAction(tr("GGUF or tokenizer file…"), this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Model or tokenizer file"), model_.path,
            tr("Models and tokenizers (*.gguf tokenizer.json *.model);;All files (*)"));
        if (!file.isEmpty()) chooseModel(file);
    });
    QAction* follow = menu->addAction(tr("Follow the recipe's base model"), this,
                                      [this] { chooseModel(QString()); });
    follow->setObjectName(QStringLiteral("followRecipeModel"));
    connect(menu, &QMenu::aboutToShow, this, [this, follow] { follow->setEnabled(model_.chosen); });
    modelButton_->setMenu(menu);
    layout->addWidget(status_, 1);
    layout->addWidget(progress_);
    layout->addWidget(stopButton_);
    layout->addWidget(countButton_);
    layout->addWidget(modelButton_);
    connect(stopButton_, &QPushButton::clicked, this, &TokenLengthBar::stop);
    connect(countButton_, &QPushButton::clicked, this, &TokenLengthBar::start);
}

TokenLengthBar::~TokenLengthBar() { delete job_.data(); }  // cancels and waits for its batch

void TokenLengthBar::setProject(const ProjectStore* store) {
    delete job_.data();
    store_ = store;
    error_.clear();
    heldBackModel_.clear();
    refresh();
}

void TokenLengthBar::refresh() {
    lastUncounted_ = -1;  // examples may have come since the last count ended
    readState();
    // After a failure or Stop, counting does not start again by itself for the same model - only
    // with Count, or once the model is a different one (another recipe, or chosen).
    if (!heldBackModel_.isEmpty() && model_.path != heldBackModel_) {
        heldBackModel_.clear();
        error_.clear();
    }
    // A different model than the stored counts were made with, or examples without a count.
    const bool needed = !model_.path.isEmpty() &&
                        (state_.uncounted != 0 || state_.countedWith != model_.path);
    if (needed && !job_ && heldBackModel_.isEmpty()) start();
    showState();
}

void TokenLengthBar::readState() {
    model_ = {};
    state_ = {};
    if (!store_) return;
    try {
        model_ = tokenLengthModel(store_->database());
        state_ = tokenCountState(store_->database(), false);  // whether any, not how many
        if (state_.uncounted != 0 && lastUncounted_ > 0) state_.uncounted = lastUncounted_;
    } catch (const std::exception& e) {
        error_ = QString::fromStdString(e.what());
    }
}

void TokenLengthBar::chooseModel(const QString& path) {
    if (!store_) return;
    delete job_.data();  // the next count starts over with the new tokenizer
    try {
        setTokenLengthModel(store_->database(), path);
    } catch (const std::exception& e) {
        error_ = QString::fromStdString(e.what());
        showState();
        return;
    }
    error_.clear();
    heldBackModel_.clear();  // the user's choice is tried even if it failed before
    refresh();
}

void TokenLengthBar::stop() {
    if (job_) job_->cancel();
}

void TokenLengthBar::start() {
    if (!store_ || model_.path.isEmpty() || job_) return;
    error_.clear();
    heldBackModel_.clear();
    auto* job = new TokenCountJob(store_->path(), model_.path, this);
    job_ = job;
    lastNotifyMs_ = QDateTime::currentMSecsSinceEpoch();
    connect(job, &TokenCountJob::progress, this, &TokenLengthBar::showProgress);
    connect(job, &TokenCountJob::finished, this, [this, job](const TokenCountResult& result) {
        job->deleteLater();
        job_ = nullptr;
        if (result.unreadable > 0)
            error_ = tr("%1 examples could not be counted (%2)")
                         .arg(result.unreadable)
                         .arg(result.firstProblem);
        if (result.unreadable > 0 || result.cancelled) heldBackModel_ = model_.path;
        // Not refresh(): after Stop, or with examples that cannot be counted, it would start again.
        readState();
        showState();
        emit countsChanged();
        emit countingFinished(result);
    });
    connect(job, &TokenCountJob::failed, this, [this, job](const QString& message) {
        job->deleteLater();
        job_ = nullptr;
        error_ = message;
        heldBackModel_ = model_.path;
        showState();
        emit countingFailed(message);
    });
    job->start();
    showState();
}

void TokenLengthBar::showProgress(qint64 done, qint64 total) {
    lastUncounted_ = total - done;
    progress_->setValue(total > 0 ? int(1000 * done / total) : 0);
    const QLocale locale;
    status_->setText(tr("Counting lengths in %1 tokens: %2 of %3 examples")
                         .arg(modelName(model_.path), locale.toString(done), locale.toString(total)));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (done > 0 && now - lastNotifyMs_ >= kNotifyEveryMs) {
        lastNotifyMs_ = now;
        emit countsChanged();
    }
}

QString TokenLengthBar::description() const {
    if (model_.path.isEmpty())
        return tr("No model is known for token lengths yet: set a base model in a recipe or "
                  "choose one on the Datasets page. Examples without a length are kept.");
    QString text = tr("Lengths are in %1 tokens (%2).").arg(modelName(model_.path), model_.origin);
    if (state_.uncounted > 0)
        text += QLatin1Char(' ') + tr("%1 examples are not counted yet and are kept.")
                                       .arg(QLocale().toString(state_.uncounted));
    else if (state_.uncounted < 0 || isCounting())
        text += QLatin1Char(' ') + tr("Examples not counted yet are kept.");
    return text;
}

void TokenLengthBar::showState() {
    const bool counting = isCounting();
    progress_->setVisible(counting);
    stopButton_->setVisible(counting);
    modelButton_->setEnabled(store_ != nullptr);
    countButton_->setVisible(!counting && !model_.path.isEmpty() &&
                             (state_.uncounted != 0 || state_.countedWith != model_.path));
    status_->setStyleSheet(error_.isEmpty() ? QString() : QStringLiteral("color: #b00020;"));
    status_->setToolTip(model_.path);
    if (!store_) {
        status_->clear();
    } else if (!error_.isEmpty()) {
        status_->setText(tr("Token lengths: %1").arg(error_));
        status_->setToolTip(error_);
    } else if (counting) {
        status_->setText(tr("Counting lengths in %1 tokens…").arg(modelName(model_.path)));
    } else if (model_.path.isEmpty()) {
        status_->setText(tr("Token lengths: no model yet - set a base model in a recipe, or choose one with Model…"));
    } else if (state_.uncounted > 0) {
        status_->setText(tr("Token lengths in %1 tokens (%2); %3 examples not counted yet")
                             .arg(modelName(model_.path), model_.origin,
                                  QLocale().toString(state_.uncounted)));
    } else if (state_.uncounted < 0) {
        status_->setText(tr("Token lengths in %1 tokens (%2); some examples not counted yet")
                             .arg(modelName(model_.path), model_.origin));
    } else {
        status_->setText(tr("Token lengths in %1 tokens (%2), as training will see them")
                             .arg(modelName(model_.path), model_.origin));
    }
}

}  // namespace ts::ui
