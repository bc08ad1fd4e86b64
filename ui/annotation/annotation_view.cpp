// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/annotation/annotation_view.h"

#include "app/annotation/agreement.h"
#include "app/annotation/annotation_materializer.h"
#include "app/annotation/annotation_session.h"
#include "app/annotation/candidate_generator.h"
#include "app/annotation/label_set.h"
#include "app/compute_device.h"
#include "app/datasets/dataset_repository.h"
#include "ui/annotation/label_set_dialog.h"

#include <QComboBox>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSqlQuery>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>
#include <exception>

namespace ts::ui {

namespace {

QString htmlText(const QString& text) {
    return text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

// One chat turn as a bubble; the user on the right, everyone else on the left.
QString bubble(const QString& role, const QString& content) {
    const bool user = role == QLatin1String("user");
    const bool system = role == QLatin1String("system");
    const QString background = user ? QStringLiteral("#dbeafe")
                                    : system ? QStringLiteral("#eeeeee") : QStringLiteral("#e8f5e9");
    return QStringLiteral("<table width='100%' cellspacing='0' cellpadding='0'><tr><td align='%1'>"
                          "<table cellpadding='8' style='background:%2; color:#111;'><tr><td>"
                          "<span style='color:#555; font-size:small;'>%3</span><br>%4"
                          "</td></tr></table></td></tr></table><br>")
        .arg(user ? QStringLiteral("right") : QStringLiteral("left"), background,
             role.toHtmlEscaped(), htmlText(content));
}

// The input side of any kind of example as chat turns.
QString chatHtml(const ExampleRecord& r) {
    QString html;
    // The system prompt may also be the first message; show it once.
    const bool systemInMessages =
        !r.messages.isEmpty() && r.messages.front().role == QLatin1String("system");
    if (!r.systemPrompt.isEmpty() && !systemInMessages)
        html += bubble(QStringLiteral("system"), r.systemPrompt);
    if (!r.messages.isEmpty()) {
        const int last = r.messages.size() - 1;
        for (int i = 0; i < r.messages.size(); ++i) {
            // The last assistant turn is the output being judged; it is in the editor.
            if (i == last && r.messages[i].role == QLatin1String("assistant") &&
                r.kind == ExampleKind::Chat)
                break;
            html += bubble(r.messages[i].role, r.messages[i].content);
        }
        return html;
    }
    switch (r.kind) {
    case ExampleKind::Classification: return html + bubble(QStringLiteral("user"), r.text);
    case ExampleKind::PromptCompletion:
    case ExampleKind::Preference: return html + bubble(QStringLiteral("user"), r.prompt);
    case ExampleKind::Chat: break;
    }
    return html + bubble(QStringLiteral("user"), r.inputText);
}

QPlainTextEdit* makeEditor(const QString& name, QWidget* parent) {
    auto* edit = new QPlainTextEdit(parent);
    edit->setObjectName(name);
    // The session's undo stack is the one undo history; the editor's own would fight it.
    edit->setUndoRedoEnabled(false);
    edit->setTabChangesFocus(true);
    return edit;
}

}  // namespace

QList<ShortcutHelpOverlay::Entry> AnnotationView::shortcutList() {
    return {
        {tr("1 … 9"), tr("Set label 1–9 (in the conflict queue: resolve with that label)")},
        {tr("1 / 2"), tr("Preference pair: the left / right answer is better")},
        {tr("A"), tr("Accept the output")},
        {tr("R"), tr("Reject the example")},
        {tr("S"), tr("Skip (decide later)")},
        {tr("E"), tr("Flag as edge case (again to clear)")},
        {tr("G"), tr("Flag as general capability (again to clear)")},
        {tr("C"), tr("Comment (Enter saves, Esc cancels)")},
        {tr("Enter / F2"), tr("Edit the output (Esc leaves the editor)")},
        {tr("Ctrl+Enter"), tr("In a candidate editor: pick this (edited) answer")},
        {tr("Typing in a candidate"), tr("Edits it, saved as you type; the edited answer is the "
                                         "chosen one unless the other is already picked")},
        {tr("M"), tr("Generate two candidate answers with the project's model")},
        {tr("Esc"), tr("While generating: cancel (nothing is stored)")},
        {tr("J / Alt+Right"), tr("Next example")},
        {tr("K / Alt+Left"), tr("Previous example")},
        {tr("Ctrl+Z"), tr("Undo")},
        {tr("Ctrl+Shift+Z / Ctrl+Y"), tr("Redo")},
        {tr("N"), tr("Your name (annotator)")},
        {tr("L"), tr("Labels: add (Ctrl+N), rename (F2), merge (Ctrl+M); undoable")},
        {tr("Q"), tr("Choose the queue (all, unlabeled, flagged, conflicting)")},
        {tr("D / P / T"), tr("Choose the dataset version / split / tag of the queue")},
        {tr("V"), tr("Create a dataset version from the annotations")},
        {tr("? / F1"), tr("Show or hide this help")},
    };
}

AnnotationView::AnnotationView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("annotationView"));
    setFocusPolicy(Qt::StrongFocus);
    buildUi();
    help_ = new ShortcutHelpOverlay(shortcutList(), this);
    setEnabled(false);
}

AnnotationView::~AnnotationView() = default;

void AnnotationView::buildUi() {
    auto* root = new QVBoxLayout(this);
    root->setContentsMargins(0, 0, 0, 0);

    // Who, what and how far.
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Annotator:"), this));
    annotatorEdit_ = new QLineEdit(this);
    annotatorEdit_->setObjectName(QStringLiteral("annotatorName"));
    annotatorEdit_->setPlaceholderText(tr("Your name"));
    annotatorEdit_->setMaximumWidth(160);
    top->addWidget(annotatorEdit_);
    versionCombo_ = new QComboBox(this);
    versionCombo_->setObjectName(QStringLiteral("versionCombo"));
    versionCombo_->setMinimumContentsLength(18);
    top->addWidget(versionCombo_);
    filterCombo_ = new QComboBox(this);
    filterCombo_->setObjectName(QStringLiteral("queueFilter"));
    filterCombo_->addItem(tr("All examples"), int(QueueFilter::All));
    filterCombo_->addItem(tr("Unlabeled"), int(QueueFilter::Unlabeled));
    filterCombo_->addItem(tr("Flagged"), int(QueueFilter::Flagged));
    filterCombo_->addItem(tr("Conflicting (review)"), int(QueueFilter::Conflicting));
    top->addWidget(filterCombo_);
    splitCombo_ = new QComboBox(this);
    splitCombo_->setObjectName(QStringLiteral("splitFilter"));
    splitCombo_->addItem(tr("Any split"), -1);
    for (Split s : {Split::Train, Split::Eval, Split::General, Split::Unassigned})
        splitCombo_->addItem(splitName(s), int(s));
    top->addWidget(splitCombo_);
    tagCombo_ = new QComboBox(this);
    tagCombo_->setObjectName(QStringLiteral("tagFilter"));
    tagCombo_->addItem(tr("Any tag"), QString());
    top->addWidget(tagCombo_);
    top->addStretch(1);
    positionLabel_ = new QLabel(this);
    positionLabel_->setObjectName(QStringLiteral("positionLabel"));
    top->addWidget(positionLabel_);
    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("progress"));
    progress_->setFormat(tr("%v of %m done"));
    progress_->setMinimumWidth(180);
    top->addWidget(progress_);
    root->addLayout(top);

    // Input (chat) on the left, output or candidates on the right.
    auto* middle = new QHBoxLayout;
    chat_ = new QTextBrowser(this);
    chat_->setObjectName(QStringLiteral("chatView"));
    chat_->setFocusPolicy(Qt::NoFocus);
    middle->addWidget(chat_, 1);
    auto* right = new QVBoxLayout;
    outputTitle_ = new QLabel(tr("<b>Expected output</b> (Enter to edit)"), this);
    right->addWidget(outputTitle_);
    outputEdit_ = makeEditor(QStringLiteral("outputEditor"), this);
    right->addWidget(outputEdit_, 1);
    pairPanel_ = new QWidget(this);
    auto* pair = new QGridLayout(pairPanel_);
    pair->setContentsMargins(0, 0, 0, 0);
    leftTitle_ = new QLabel(tr("<b>1 · Left answer</b>"), pairPanel_);
    rightTitle_ = new QLabel(tr("<b>2 · Right answer</b>"), pairPanel_);
    leftEdit_ = makeEditor(QStringLiteral("leftCandidate"), pairPanel_);
    rightEdit_ = makeEditor(QStringLiteral("rightCandidate"), pairPanel_);
    pair->addWidget(leftTitle_, 0, 0);
    pair->addWidget(rightTitle_, 0, 1);
    pair->addWidget(leftEdit_, 1, 0);
    pair->addWidget(rightEdit_, 1, 1);
    right->addWidget(pairPanel_, 1);
    pairPanel_->hide();
    middle->addLayout(right, 1);
    root->addLayout(middle, 1);

    for (QPlainTextEdit* edit : {outputEdit_, leftEdit_, rightEdit_}) edit->installEventFilter(this);
    connect(outputEdit_, &QPlainTextEdit::textChanged, this, [this] {
        if (!loadingEditor_ && session_) session_->setOutputText(outputEdit_->toPlainText());
    });
    // Candidate edits are committed like output edits: every keystroke, one undo step per run.
    connect(leftEdit_, &QPlainTextEdit::textChanged, this, [this] { onCandidateEdited(0); });
    connect(rightEdit_, &QPlainTextEdit::textChanged, this, [this] { onCandidateEdited(1); });

    // The label set and the actions.
    labelRow_ = new QHBoxLayout;
    labelRow_->addWidget(new QLabel(tr("Labels:"), this));
    labelRow_->addStretch(1);
    auto* labelsButton = new QPushButton(tr("L · Labels…"), this);
    labelsButton->setObjectName(QStringLiteral("labelsButton"));
    labelsButton->setFocusPolicy(Qt::NoFocus);
    connect(labelsButton, &QPushButton::clicked, this, &AnnotationView::openLabels);
    labelRow_->addWidget(labelsButton);
    root->addLayout(labelRow_);

    auto* actions = new QHBoxLayout;
    auto addAction = [&](const QString& text, const QString& name, auto slot) {
        auto* button = new QPushButton(text, this);
        button->setObjectName(name);
        button->setFocusPolicy(Qt::NoFocus);  // keys act on the view, not on a focused button
        connect(button, &QPushButton::clicked, this, slot);
        actions->addWidget(button);
        return button;
    };
    addAction(tr("K · Previous"), QStringLiteral("previousButton"), [this] { if (session_) session_->previous(); });
    addAction(tr("A · Accept"), QStringLiteral("acceptButton"), [this] { if (session_) session_->accept(); });
    addAction(tr("R · Reject"), QStringLiteral("rejectButton"), [this] { if (session_) session_->reject(); });
    addAction(tr("S · Skip"), QStringLiteral("skipButton"), [this] { if (session_) session_->skip(); });
    addAction(tr("E · Edge case"), QStringLiteral("edgeCaseButton"),
              [this] { if (session_) session_->toggleFlag(ExampleFlag::EdgeCase); });
    addAction(tr("G · General"), QStringLiteral("generalButton"),
              [this] { if (session_) session_->toggleFlag(ExampleFlag::GeneralCapability); });
    addAction(tr("C · Comment"), QStringLiteral("commentButton"), [this] { startComment(); });
    addAction(tr("J · Next"), QStringLiteral("nextButton"), [this] { if (session_) session_->next(); });
    actions->addStretch(1);
    addAction(tr("M · Generate candidates"), QStringLiteral("generateButton"),
              [this] { generateCandidates(); });
    addAction(tr("? · Shortcuts"), QStringLiteral("helpButton"), [this] { help_->toggle(); });
    // The version button sits with the label set: both act on the project, not on one example.
    auto* createVersionButton = new QPushButton(tr("V · Create version from annotations"), this);
    createVersionButton->setObjectName(QStringLiteral("createVersionButton"));
    createVersionButton->setFocusPolicy(Qt::NoFocus);
    connect(createVersionButton, &QPushButton::clicked, this, [this] { createVersion(); });
    labelRow_->addWidget(createVersionButton);
    root->addLayout(actions);

    // Shown while the model generates candidates: progress and Cancel (Esc).
    generationBar_ = new QWidget(this);
    generationBar_->setObjectName(QStringLiteral("generationBar"));
    auto* generation = new QHBoxLayout(generationBar_);
    generation->setContentsMargins(0, 0, 0, 0);
    generationLabel_ = new QLabel(generationBar_);
    generationLabel_->setObjectName(QStringLiteral("generationLabel"));
    generation->addWidget(generationLabel_, 1);
    generationProgress_ = new QProgressBar(generationBar_);
    generationProgress_->setObjectName(QStringLiteral("generationProgress"));
    generationProgress_->setMaximumWidth(220);
    generation->addWidget(generationProgress_);
    auto* cancelGeneration = new QPushButton(tr("Cancel (Esc)"), generationBar_);
    cancelGeneration->setObjectName(QStringLiteral("cancelGenerationButton"));
    cancelGeneration->setFocusPolicy(Qt::NoFocus);
    generation->addWidget(cancelGeneration);
    generationBar_->hide();
    root->addWidget(generationBar_);
    generator_ = new CandidateGenerator(this);
    connect(cancelGeneration, &QPushButton::clicked, generator_, &CandidateGenerator::cancel);
    connect(generator_, &CandidateGenerator::progress, this, [this](int done, int total) {
        generationProgress_->setRange(0, total);
        generationProgress_->setValue(done);
        generationProgress_->setFormat(tr("%1 of %2 answers").arg(done).arg(total));
    });
    connect(generator_, &CandidateGenerator::finished, this, &AnnotationView::onCandidatesReady);
    connect(generator_, &CandidateGenerator::cancelled, this, [this] {
        endGeneration(tr("Generation cancelled; nothing was stored."), MessageKind::Info);
    });
    connect(generator_, &CandidateGenerator::failed, this, [this](qint64, const QString& error) {
        endGeneration(tr("Generating candidates failed: %1").arg(error), MessageKind::Error);
    });

    commentEdit_ = new QLineEdit(this);
    commentEdit_->setObjectName(QStringLiteral("commentEditor"));
    commentEdit_->setPlaceholderText(tr("Comment on this example — Enter saves, Esc cancels"));
    commentEdit_->hide();
    commentEdit_->installEventFilter(this);
    root->addWidget(commentEdit_);

    stateLabel_ = new QLabel(this);
    stateLabel_->setObjectName(QStringLiteral("stateLabel"));
    stateLabel_->setWordWrap(true);
    root->addWidget(stateLabel_);
    auto* bottom = new QHBoxLayout;
    agreementLabel_ = new QLabel(this);
    agreementLabel_->setObjectName(QStringLiteral("agreementLabel"));
    bottom->addWidget(agreementLabel_, 1);
    messageLabel_ = new QLabel(this);
    messageLabel_->setObjectName(QStringLiteral("messageLabel"));
    messageLabel_->setStyleSheet(QStringLiteral("color: #b00020;"));
    bottom->addWidget(messageLabel_);
    root->addLayout(bottom);

    connect(annotatorEdit_, &QLineEdit::editingFinished, this, &AnnotationView::commitAnnotator);
    annotatorEdit_->installEventFilter(this);
    for (QComboBox* combo : {versionCombo_, filterCombo_, splitCombo_, tagCombo_}) {
        combo->installEventFilter(this);
        // The focus stays in the combo box so the arrow keys can walk on; Enter or Esc returns.
        connect(combo, qOverload<int>(&QComboBox::activated), this, [this] { rebuildQueue(); });
    }
}

void AnnotationView::setDatabase(const QSqlDatabase& db) {
    // A generation for the previous project must not land in this one.
    ++generationToken_;
    generator_->cancel();
    generationBar_->hide();
    delete labelsDialog_;
    session_.reset();
    db_ = db;
    setEnabled(db_.isOpen());
    if (!db_.isOpen()) {
        chat_->clear();
        return;
    }
    session_ = std::make_unique<AnnotationSession>(db_);
    connect(session_.get(), &AnnotationSession::currentChanged, this, [this] { showCurrent(); });
    connect(session_.get(), &AnnotationSession::exampleChanged, this, [this](qint64 id) {
        if (session_ && id == session_->currentExampleId()) showCurrent();
        updateAgreement();
        emit projectChanged();
    });
    connect(session_.get(), &AnnotationSession::progressChanged, this,
            &AnnotationView::updateProgress);
    connect(session_.get(), &AnnotationSession::errorOccurred, this, &AnnotationView::showError);
    // The number-key label buttons follow a label added, renamed or merged at once.
    connect(session_.get(), &AnnotationSession::labelsChanged, this, [this] {
        rebuildLabelButtons();
        showCurrent();
        updateAgreement();
        emit projectChanged();
    });
    // The most recent annotator is most likely the person at the keyboard again.
    QSqlQuery last(db_);
    if (last.exec(QStringLiteral("SELECT n.name FROM annotations a JOIN annotators n "
                                 "ON n.id = a.annotator_id ORDER BY a.id DESC LIMIT 1")) &&
        last.next()) {
        annotatorEdit_->setText(last.value(0).toString());
        commitAnnotator();
    }
    reload();
}

void AnnotationView::reload() {
    if (!session_) return;
    const qint64 selected = versionCombo_->currentData().toLongLong();
    versionCombo_->clear();
    versionCombo_->addItem(tr("All examples of the project"), qint64(0));
    try {
        DatasetRepository repo(db_);
        for (const DatasetInfo& d : repo.datasets())
            for (const DatasetVersionInfo& v : repo.versions(d.id))
                versionCombo_->addItem(tr("%1 · v%2 (%3)").arg(d.name).arg(v.versionNumber)
                                           .arg(v.exampleCount),
                                       v.id);
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
    }
    // Default to the newest version: that is what the next run would train on.
    int index = versionCombo_->findData(selected);
    versionCombo_->setCurrentIndex(index > 0 ? index : versionCombo_->count() - 1);
    const QString tag = tagCombo_->currentData().toString();
    tagCombo_->clear();
    tagCombo_->addItem(tr("Any tag"), QString());
    QSqlQuery tags(db_);
    if (tags.exec(QStringLiteral("SELECT name FROM tags ORDER BY name")))
        while (tags.next()) tagCombo_->addItem(tags.value(0).toString(), tags.value(0).toString());
    tagCombo_->setCurrentIndex(std::max(0, tagCombo_->findData(tag)));
    rebuildLabelButtons();
    rebuildQueue();
    updateAgreement();
}

void AnnotationView::rebuildLabelButtons() {
    for (QPushButton* b : labelButtons_) delete b;
    labelButtons_.clear();
    labelIds_.clear();
    labelNames_.clear();
    if (!session_) return;
    try {
        LabelSet labels(db_);
        for (const LabelInfo& label : labels.labels()) {
            labelIds_.push_back(label.id);
            labelNames_ << label.name;
        }
        renamedLabels_ = labels.renamedLabels();
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
    }
    for (size_t i = 0; i < labelIds_.size(); ++i) {
        const QString key = i < 9 ? QString::number(i + 1) + QStringLiteral(" · ") : QString();
        auto* button = new QPushButton(key + labelNames_[int(i)], this);
        button->setObjectName(QStringLiteral("labelButton%1").arg(i + 1));
        button->setCheckable(true);
        button->setFocusPolicy(Qt::NoFocus);
        connect(button, &QPushButton::clicked, this, [this, i] { pickLabel(int(i)); });
        labelRow_->insertWidget(int(i) + 1, button);
        labelButtons_.push_back(button);
    }
}

void AnnotationView::rebuildQueue() {
    if (!session_) return;
    QueueSpec spec;
    spec.versionId = versionCombo_->currentData().toLongLong();
    spec.filter = QueueFilter(filterCombo_->currentData().toInt());
    spec.tag = tagCombo_->currentData().toString();
    const int split = splitCombo_->currentData().toInt();
    if (split >= 0 && spec.versionId != 0) spec.split = Split(split);
    const qint64 previous = session_->currentExampleId();
    try {
        session_->setQueue(spec);
        // Stay on the same example when it is still in the queue (e.g. after a refresh).
        const auto& queue = session_->queue();
        const auto it = std::find(queue.begin(), queue.end(), previous);
        if (previous != 0 && it != queue.end()) session_->goTo(int(it - queue.begin()));
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
    }
    showCurrent();
}

bool AnnotationView::isPreferenceExample() const { return pairMode_; }

void AnnotationView::showCurrent() {
    if (!session_) return;
    messageLabel_->clear();
    const int index = session_->currentIndex();
    positionLabel_->setText(index < 0 ? tr("No examples in this queue")
                                      : tr("Example %1 of %2").arg(index + 1).arg(session_->count()));
    ExampleAnnotationState state;
    try {
        state = session_->currentState();
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
    }
    loadingEditor_ = true;
    const bool preference = state.exampleId != 0 && state.isPair();
    pairMode_ = preference;
    chat_->setHtml(state.exampleId != 0 ? chatHtml(state.record) : QString());
    outputTitle_->setVisible(!preference);
    outputEdit_->setVisible(!preference);
    pairPanel_->setVisible(preference);
    if (preference) {
        QString left, right;
        const bool picked = state.preferenceIsCurrent();
        if (picked) {
            // Blind order by default; after a pick, an edit or an undo, each answer stays on
            // the side where the annotator saw it.
            leftIsChosen_ = state.exampleId % 2 == 0;
            if (state.exampleId == pairExampleId_) {
                const QString shownLeft = leftEdit_->toPlainText(), shownRight = rightEdit_->toPlainText();
                if (state.chosen == shownLeft || state.rejected == shownRight)
                    leftIsChosen_ = true;
                else if (state.chosen == shownRight || state.rejected == shownLeft)
                    leftIsChosen_ = false;
            }
            left = leftIsChosen_ ? state.chosen : state.rejected;
            right = leftIsChosen_ ? state.rejected : state.chosen;
        } else if (state.candidates.id != 0) {
            // Generated answers carry no order to hide: the first sample on the left.
            left = state.candidates.first;
            right = state.candidates.second;
        } else {
            // Blind order: which side holds the dataset's "chosen" answer depends on the example,
            // so the annotator cannot learn "left is usually better".
            leftIsChosen_ = state.exampleId % 2 == 0;
            left = leftIsChosen_ ? state.record.chosen : state.record.rejected;
            right = leftIsChosen_ ? state.record.rejected : state.record.chosen;
        }
        pickedSide_ = picked ? (leftIsChosen_ ? 0 : 1) : -1;
        pairExampleId_ = state.exampleId;
        // Only when it differs, so the cursor stays where the annotator is typing.
        for (auto [edit, text] : {std::pair{leftEdit_, left}, std::pair{rightEdit_, right}}) {
            if (edit->toPlainText() == text) continue;
            edit->setPlainText(text);
            edit->moveCursor(QTextCursor::End);
        }
        const QString mark = tr("  ✓ picked");
        leftTitle_->setText(tr("<b>1 · Left answer</b>") + (pickedSide_ == 0 ? mark : QString()));
        rightTitle_->setText(tr("<b>2 · Right answer</b>") + (pickedSide_ == 1 ? mark : QString()));
    } else if (outputEdit_->toPlainText() != state.outputText) {
        // Only when it differs, so the cursor stays where the annotator is typing.
        outputEdit_->setPlainText(state.outputText);
        outputEdit_->moveCursor(QTextCursor::End);
    }
    loadingEditor_ = false;
    for (size_t i = 0; i < labelButtons_.size(); ++i)
        labelButtons_[i]->setChecked(labelIds_[i] == state.labelId);

    QStringList parts;
    if (state.exampleId != 0) {
        parts << tr("Example #%1 (%2)").arg(state.exampleId).arg(exampleKindName(state.record.kind));
        if (!state.record.label.isEmpty()) {
            // The example's own label, under its current name when it was renamed or merged.
            const auto renamed = renamedLabels_.constFind(state.record.label);
            parts << (renamed == renamedLabels_.constEnd()
                          ? tr("Dataset label: %1").arg(state.record.label.toHtmlEscaped())
                          : tr("Dataset label: %1 (was %2)")
                                .arg(renamed->toHtmlEscaped(), state.record.label.toHtmlEscaped()));
        }
        if (!state.verdict.isEmpty()) parts << tr("Verdict: <b>%1</b>").arg(state.verdict);
        if (state.outputEdited) parts << tr("output edited");
        if (state.candidates.id != 0)
            parts << tr("answers generated by %1").arg(state.candidates.model.toHtmlEscaped());
        if (state.hasPreference && !state.preferenceIsCurrent())
            parts << tr("your earlier pick was on other answers");
        if (state.edgeCase) parts << tr("⚑ edge case");
        if (state.generalCapability) parts << tr("⚑ general capability");
        if (!state.comment.isEmpty()) parts << tr("Comment: %1").arg(state.comment.toHtmlEscaped());
        QStringList votes;
        for (const auto& vote : state.otherLabels) {
            const auto it = std::find(labelIds_.begin(), labelIds_.end(), vote.labelId);
            const QString name = it == labelIds_.end() ? QString::number(vote.labelId)
                                                       : labelNames_[int(it - labelIds_.begin())];
            votes << QStringLiteral("%1: %2").arg(vote.annotator.toHtmlEscaped(), name.toHtmlEscaped());
        }
        if (!votes.isEmpty()) parts << tr("Other annotators: %1").arg(votes.join(QStringLiteral(", ")));
    }
    stateLabel_->setText(parts.join(QStringLiteral(" · ")));
}

void AnnotationView::updateProgress(int done, int total) {
    progress_->setMaximum(std::max(total, 1));
    progress_->setValue(done);
    progress_->setFormat(tr("%1 of %2 done").arg(done).arg(total));
}

void AnnotationView::updateAgreement() {
    if (!db_.isOpen()) return;
    try {
        const AgreementReport report = labelAgreement(db_, versionCombo_->currentData().toLongLong());
        if (report.method.isEmpty()) {
            agreementLabel_->setText(
                tr("Agreement: needs two annotators on the same examples (%1 annotator(s) so far)")
                    .arg(report.annotatorCount));
            return;
        }
        const QString method = report.method == QLatin1String("cohen") ? tr("Cohen's κ")
                                                                         : tr("Fleiss' κ");
        QStringList perLabel;
        for (const LabelAgreement& l : report.perLabel)
            perLabel << QStringLiteral("%1 %2").arg(l.labelName,
                                                    l.kappa ? QString::number(*l.kappa, 'f', 2)
                                                            : QStringLiteral("–"));
        agreementLabel_->setText(
            tr("%1 over %2 examples, %3 annotators: %4 (per label: %5)")
                .arg(method).arg(report.itemCount).arg(report.annotatorCount)
                .arg(report.overallKappa ? QString::number(*report.overallKappa, 'f', 2)
                                         : QStringLiteral("–"),
                     perLabel.join(QStringLiteral(", "))));
    } catch (const std::exception& e) {
        agreementLabel_->setText(QString::fromUtf8(e.what()));
    }
}

void AnnotationView::showError(const QString& message) { showMessage(message, MessageKind::Error); }

void AnnotationView::commitAnnotator() {
    if (!session_ || annotatorEdit_->text().trimmed().isEmpty() ||
        annotatorEdit_->text().trimmed() == session_->annotatorName())
        return;
    try {
        session_->setAnnotator(annotatorEdit_->text());
        if (session_->queueSpec().filter == QueueFilter::Unlabeled) rebuildQueue();
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
    }
}

void AnnotationView::pickLabel(int index) {
    if (!session_) return;
    if (isPreferenceExample()) {
        if (index <= 1) pickPreference(index);
        return;
    }
    if (index < 0 || size_t(index) >= labelIds_.size()) {
        showError(tr("There is no label %1 yet (L adds one).").arg(index + 1));
        return;
    }
    if (session_->queueSpec().filter == QueueFilter::Conflicting)
        session_->resolveConflict(labelIds_[size_t(index)], {});
    else
        session_->setLabel(labelIds_[size_t(index)]);
}

void AnnotationView::pickPreference(int side) {
    if (!session_) return;
    const QString left = leftEdit_->toPlainText(), right = rightEdit_->toPlainText();
    if (side == 0)
        session_->setPreference(left, right);
    else
        session_->setPreference(right, left);
    // The chosen answer now sits on the side it was picked on.
    leftIsChosen_ = side == 0;
}

void AnnotationView::startComment() {
    if (!session_) return;
    commentEdit_->setText(session_->currentState().comment);
    commentEdit_->show();
    commentEdit_->setFocus();
}

LabelSetDialog* AnnotationView::labelSetDialog() const { return labelsDialog_.data(); }

void AnnotationView::openLabels() {
    if (!session_) return;
    if (!labelsDialog_) labelsDialog_ = new LabelSetDialog(session_.get(), db_, this);
    labelsDialog_->refresh();
    labelsDialog_->show();
    labelsDialog_->raise();
    labelsDialog_->activateWindow();
    if (auto* list = labelsDialog_->findChild<QWidget*>(QStringLiteral("labelList"))) list->setFocus();
}

void AnnotationView::onCandidateEdited(int side) {
    if (loadingEditor_ || !session_ || !pairMode_) return;
    QPlainTextEdit* edited = side == 0 ? leftEdit_ : rightEdit_;
    QPlainTextEdit* other = side == 0 ? rightEdit_ : leftEdit_;
    // The edited answer becomes the chosen one, unless the annotator already picked the other:
    // then the pick stands and this edit corrects the rejected answer.
    if (pickedSide_ < 0 || pickedSide_ == side)
        session_->editPreference(edited->toPlainText(), other->toPlainText());
    else
        session_->editPreference(other->toPlainText(), edited->toPlainText());
}

bool AnnotationView::isGenerating() const { return generator_->isRunning(); }

void AnnotationView::generateCandidates() {
    if (!session_) return;
    if (generator_->isRunning()) {
        showError(tr("Still generating candidates: wait, or press Esc to cancel."));
        return;
    }
    if (session_->annotatorId() == 0) {
        showError(tr("Enter your name as annotator first."));
        return;
    }
    const qint64 exampleId = session_->currentExampleId();
    if (exampleId == 0) {
        showError(tr("The queue is empty."));
        return;
    }
    GenerationModel model;
    try {
        model = projectGenerationModel(db_);
        generator_->device = computeDevice().isCuda ? DeviceKind::Cuda : DeviceKind::Cpu;
        if (!generator_->start(db_, exampleId, model)) return;
        startedToken_ = generationToken_;
    } catch (const std::exception& e) {
        showError(tr("Cannot generate candidates: %1").arg(QString::fromUtf8(e.what())));
        return;
    }
    messageLabel_->clear();
    generationLabel_->setText(tr("Generating two answers to example #%1 with %2…")
                                  .arg(exampleId)
                                  .arg(model.describe()));
    generationProgress_->setRange(0, 0);  // busy until the first answer is done
    generationBar_->show();
}

void AnnotationView::onCandidatesReady(const CandidateResult& result) {
    if (!session_ || startedToken_ != generationToken_) return;
    const qint64 current = session_->currentExampleId();
    session_->storeCandidates(result.exampleId, result.pair);
    endGeneration(result.exampleId == current
                      ? tr("Two answers from %1 (%2 s): 1 or 2 picks the better one.")
                            .arg(result.pair.model)
                            .arg(result.seconds, 0, 'f', 1)
                      : tr("The answers for example #%1 are ready (K/J to go back to it).")
                            .arg(result.exampleId),
                  MessageKind::Info);
}

void AnnotationView::endGeneration(const QString& message, MessageKind kind) {
    generationBar_->hide();
    showMessage(message, kind);
}

void AnnotationView::showMessage(const QString& message, MessageKind kind) {
    messageLabel_->setStyleSheet(kind == MessageKind::Error ? QStringLiteral("color: #b00020;")
                                                            : QString());
    messageLabel_->setText(message);
}

void AnnotationView::createVersion() {
    const qint64 versionId = versionCombo_->currentData().toLongLong();
    if (versionId == 0) {
        showError(tr("Choose a dataset version first: the new version derives from it."));
        return;
    }
    try {
        const MaterializeResult r = createVersionFromAnnotations(db_, versionId);
        reload();
        showMessage(tr("New version created: %1 kept, %2 corrected, %3 rejected left out.")
                      .arg(r.kept).arg(r.changed).arg(r.rejected),
                    MessageKind::Info);
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
    }
}

bool AnnotationView::handleCommonKey(QKeyEvent* event) {
    if (!session_) return false;
    const auto mods = event->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier |
                                            Qt::AltModifier);
    if (event->matches(QKeySequence::Undo)) {
        session_->undo();
        return true;
    }
    if (event->matches(QKeySequence::Redo) ||
        (mods == (Qt::ControlModifier | Qt::ShiftModifier) && event->key() == Qt::Key_Z) ||
        (mods == Qt::ControlModifier && event->key() == Qt::Key_Y)) {
        session_->redo();
        return true;
    }
    if (mods == Qt::AltModifier && event->key() == Qt::Key_Right) {
        session_->next();
        return true;
    }
    if (mods == Qt::AltModifier && event->key() == Qt::Key_Left) {
        session_->previous();
        return true;
    }
    if (event->key() == Qt::Key_F1) {
        help_->toggle();
        return true;
    }
    return false;
}

bool AnnotationView::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::KeyPress) return QWidget::eventFilter(watched, event);
    auto* key = static_cast<QKeyEvent*>(event);
    const bool combo = watched == versionCombo_ || watched == filterCombo_ ||
                       watched == splitCombo_ || watched == tagCombo_;
    if (key->key() == Qt::Key_Escape ||
        (combo && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter))) {
        if (watched == commentEdit_) commentEdit_->hide();
        setFocus();
        return true;
    }
    // Enter in a one-line field does its job and hands the keys back to the view (and is not
    // passed on, where it would open the output editor).
    const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
    if (enter && watched == commentEdit_) {
        if (session_) session_->setComment(commentEdit_->text());
        commentEdit_->hide();
        setFocus();
        return true;
    }
    if (enter && watched == annotatorEdit_) {
        commitAnnotator();
        setFocus();
        return true;
    }
    if (combo || watched == commentEdit_ || watched == annotatorEdit_)
        return QWidget::eventFilter(watched, event);  // plain text fields keep their own undo
    if (handleCommonKey(key)) return true;
    if ((watched == leftEdit_ || watched == rightEdit_) &&
        (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
        (key->modifiers() & Qt::ControlModifier)) {
        pickPreference(watched == leftEdit_ ? 0 : 1);
        setFocus();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void AnnotationView::keyPressEvent(QKeyEvent* event) {
    if (help_->isVisible() && (event->key() == Qt::Key_Escape || event->text() == QLatin1String("?"))) {
        help_->hide();
        return;
    }
    if (event->key() == Qt::Key_Escape && generator_->isRunning()) {
        generator_->cancel();
        generationLabel_->setText(tr("Cancelling…"));
        return;
    }
    if (handleCommonKey(event)) return;
    if (event->text() == QLatin1String("?")) {
        help_->toggle();
        return;
    }
    if (!session_ || (event->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
        QWidget::keyPressEvent(event);
        return;
    }
    const int key = event->key();
    if (key >= Qt::Key_1 && key <= Qt::Key_9) {
        pickLabel(key - Qt::Key_1);
        return;
    }
    switch (key) {
    case Qt::Key_A: session_->accept(); return;
    case Qt::Key_R: session_->reject(); return;
    case Qt::Key_S: session_->skip(); return;
    case Qt::Key_E: session_->toggleFlag(ExampleFlag::EdgeCase); return;
    case Qt::Key_G: session_->toggleFlag(ExampleFlag::GeneralCapability); return;
    case Qt::Key_C: startComment(); return;
    case Qt::Key_J: session_->next(); return;
    case Qt::Key_K: session_->previous(); return;
    case Qt::Key_N: annotatorEdit_->setFocus(); annotatorEdit_->selectAll(); return;
    case Qt::Key_L: openLabels(); return;
    case Qt::Key_M: generateCandidates(); return;
    case Qt::Key_Q: filterCombo_->setFocus(); filterCombo_->showPopup(); return;
    case Qt::Key_D: versionCombo_->setFocus(); versionCombo_->showPopup(); return;
    case Qt::Key_P: splitCombo_->setFocus(); splitCombo_->showPopup(); return;
    case Qt::Key_T: tagCombo_->setFocus(); tagCombo_->showPopup(); return;
    case Qt::Key_V: createVersion(); return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_F2:
        if (isPreferenceExample()) leftEdit_->setFocus(); else outputEdit_->setFocus();
        return;
    default: QWidget::keyPressEvent(event);
    }
}

}  // namespace ts::ui
