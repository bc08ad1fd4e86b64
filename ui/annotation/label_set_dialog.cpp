// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/annotation/label_set_dialog.h"

#include "app/annotation/annotation_session.h"
#include "app/annotation/label_set.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QUndoStack>
#include <QVBoxLayout>

#include <exception>
#include <functional>
#include <map>

namespace ts::ui {

namespace {
// A button with a key: the key is a QShortcut that acts at once (a button's own shortcut clicks
// it with a delay, animated), and the tooltip names it.
QPushButton* makeButton(const QString& text, const QString& name, const QKeySequence& keys,
                        QWidget* parent, const std::function<void()>& action) {
    auto* button = new QPushButton(text, parent);
    button->setObjectName(name);
    button->setAutoDefault(false);  // Enter belongs to the name field, not to a button
    QObject::connect(button, &QPushButton::clicked, parent, action);
    if (!keys.isEmpty()) {
        auto* shortcut = new QShortcut(keys, parent);
        QObject::connect(shortcut, &QShortcut::activated, parent, [button, action] {
            if (button->isEnabled()) action();
        });
        button->setToolTip(keys.toString(QKeySequence::NativeText));
    }
    return button;
}
}  // namespace

LabelSetDialog::LabelSetDialog(AnnotationSession* session, QSqlDatabase db, QWidget* parent)
    : QDialog(parent), session_(session), db_(std::move(db)) {
    setObjectName(QStringLiteral("labelSetDialog"));
    setWindowTitle(tr("Labels"));
    setModal(false);
    auto* root = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("The project's label set. Number keys 1–9 in the annotation view "
                                "pick the labels in this order; renaming or merging a label "
                                "changes every example that carries it."),
                             this);
    intro->setWordWrap(true);
    root->addWidget(intro);
    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("labelList"));
    root->addWidget(list_, 1);

    auto* nameRow = new QHBoxLayout;
    name_ = new QLineEdit(this);
    name_->setObjectName(QStringLiteral("labelName"));
    name_->setPlaceholderText(tr("New label name — Enter adds it"));
    name_->installEventFilter(this);
    nameRow->addWidget(name_, 1);
    addButton_ = makeButton(tr("&New label"), QStringLiteral("addLabelButton"),
                            QKeySequence(Qt::CTRL | Qt::Key_N), this, [this] { startAdd(); });
    renameButton_ = makeButton(tr("&Rename"), QStringLiteral("renameLabelButton"),
                               QKeySequence(Qt::Key_F2), this, [this] { startRename(); });
    nameRow->addWidget(addButton_);
    nameRow->addWidget(renameButton_);
    root->addLayout(nameRow);

    auto* mergeRow = new QHBoxLayout;
    auto* intoLabel = new QLabel(tr("Merge the selected label &into:"), this);
    mergeInto_ = new QComboBox(this);
    mergeInto_->setObjectName(QStringLiteral("mergeInto"));
    intoLabel->setBuddy(mergeInto_);
    mergeButton_ = makeButton(tr("&Merge"), QStringLiteral("mergeLabelButton"),
                              QKeySequence(Qt::CTRL | Qt::Key_M), this, [this] { mergeSelected(); });
    mergeRow->addWidget(intoLabel);
    mergeRow->addWidget(mergeInto_, 1);
    mergeRow->addWidget(mergeButton_);
    root->addLayout(mergeRow);

    auto* bottom = new QHBoxLayout;
    undoButton_ = makeButton(tr("Undo"), QStringLiteral("labelUndoButton"),
                             QKeySequence(Qt::CTRL | Qt::Key_Z), this, [this] { session_->undo(); });
    redoButton_ = makeButton(tr("Redo"), QStringLiteral("labelRedoButton"),
                             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), this,
                             [this] { session_->redo(); });
    message_ = new QLabel(this);
    message_->setObjectName(QStringLiteral("labelMessage"));
    message_->setWordWrap(true);
    auto* close = makeButton(tr("Close"), QStringLiteral("closeLabelsButton"), {}, this,
                             [this] { reject(); });
    close->setToolTip(tr("Esc"));
    bottom->addWidget(undoButton_);
    bottom->addWidget(redoButton_);
    bottom->addWidget(message_, 1);
    bottom->addWidget(close);
    root->addLayout(bottom);

    connect(session_, &AnnotationSession::labelsChanged, this, &LabelSetDialog::refresh);
    connect(session_, &AnnotationSession::errorOccurred, this,
            [this](const QString& error) { if (isVisible()) showMessage(error, MessageKind::Error); });
    connect(list_, &QListWidget::currentRowChanged, this, &LabelSetDialog::refillMergeTargets);
    connect(session_->undoStack(), &QUndoStack::canUndoChanged, undoButton_, &QWidget::setEnabled);
    connect(session_->undoStack(), &QUndoStack::canRedoChanged, redoButton_, &QWidget::setEnabled);
    undoButton_->setEnabled(session_->undoStack()->canUndo());
    redoButton_->setEnabled(session_->undoStack()->canRedo());
    resize(520, 420);
    refresh();
}

void LabelSetDialog::refresh() {
    const qint64 selected = selectedLabelId();
    list_->clear();
    try {
        LabelSet labels(db_);
        std::map<qint64, int> used;
        for (const auto& [id, count] : labels.exampleCounts()) used[id] = count;
        int position = 0;
        for (const LabelInfo& label : labels.labels()) {
            ++position;
            const QString key = position <= 9 ? QString::number(position) : QStringLiteral("–");
            auto* item = new QListWidgetItem(
                tr("%1 · %2 — %n example(s)", nullptr, used[label.id]).arg(key, label.name), list_);
            item->setData(Qt::UserRole, label.id);
            item->setData(Qt::UserRole + 1, label.name);
        }
    } catch (const std::exception& e) {
        showMessage(QString::fromUtf8(e.what()), MessageKind::Error);
    }
    selectLabel(selected);
    if (list_->currentRow() < 0 && list_->count() > 0) list_->setCurrentRow(0);
    refillMergeTargets();
    renameButton_->setEnabled(list_->count() > 0);
    mergeButton_->setEnabled(list_->count() > 1);
}

void LabelSetDialog::refillMergeTargets() {
    // The targets leave out the selected label (a label cannot merge into itself).
    const qint64 selected = selectedLabelId();
    const qint64 target = mergeInto_->currentData().toLongLong();
    mergeInto_->clear();
    for (int i = 0; i < list_->count(); ++i) {
        const qint64 id = list_->item(i)->data(Qt::UserRole).toLongLong();
        if (id != selected) mergeInto_->addItem(list_->item(i)->data(Qt::UserRole + 1).toString(), id);
    }
    const int index = mergeInto_->findData(target);
    if (index >= 0) mergeInto_->setCurrentIndex(index);
}

qint64 LabelSetDialog::selectedLabelId() const {
    const QListWidgetItem* item = list_->currentItem();
    return item ? item->data(Qt::UserRole).toLongLong() : 0;
}

void LabelSetDialog::selectLabel(qint64 labelId) {
    for (int i = 0; i < list_->count(); ++i)
        if (list_->item(i)->data(Qt::UserRole).toLongLong() == labelId) list_->setCurrentRow(i);
}

void LabelSetDialog::startAdd() {
    renamingId_ = 0;
    name_->clear();
    name_->setPlaceholderText(tr("New label name — Enter adds it"));
    name_->setFocus();
}

void LabelSetDialog::startRename() {
    const qint64 id = selectedLabelId();
    if (id == 0) return;
    renamingId_ = id;
    name_->setText(list_->currentItem()->data(Qt::UserRole + 1).toString());
    name_->setPlaceholderText(tr("New name — Enter renames, Esc cancels"));
    name_->selectAll();
    name_->setFocus();
}

void LabelSetDialog::saveName() {
    const QString name = name_->text().trimmed();
    if (name.isEmpty()) return;
    try {
        if (renamingId_ != 0) {
            const qint64 id = renamingId_;
            session_->renameLabel(id, name);
            selectLabel(id);
            showMessage(tr("Renamed to \"%1\" (Ctrl+Z undoes it).").arg(name), MessageKind::Info);
        } else {
            const qint64 id = session_->addLabel(name);
            selectLabel(id);
            showMessage(tr("Added \"%1\" (Ctrl+Z undoes it).").arg(name), MessageKind::Info);
        }
        renamingId_ = 0;
        name_->clear();
        name_->setPlaceholderText(tr("New label name — Enter adds it"));
        list_->setFocus();
    } catch (const std::exception& e) {
        showMessage(QString::fromUtf8(e.what()), MessageKind::Error);  // the name stays for correcting
    }
}

void LabelSetDialog::mergeSelected() {
    const qint64 from = selectedLabelId();
    const qint64 into = mergeInto_->currentData().toLongLong();
    if (from == 0 || into == 0) return;
    const QString fromName = list_->currentItem()->data(Qt::UserRole + 1).toString();
    const QString intoName = mergeInto_->currentText();
    try {
        const int moved = session_->mergeLabels(from, into);
        selectLabel(into);
        showMessage(tr("Merged \"%1\" into \"%2\": %n annotation(s) moved (Ctrl+Z undoes it).",
                       nullptr, moved)
                        .arg(fromName, intoName),
                    MessageKind::Info);
    } catch (const std::exception& e) {
        showMessage(QString::fromUtf8(e.what()), MessageKind::Error);
    }
    list_->setFocus();
}

void LabelSetDialog::showMessage(const QString& text, MessageKind kind) {
    message_->setStyleSheet(kind == MessageKind::Error ? QStringLiteral("color: #b00020;") : QString());
    message_->setText(text);
}

bool LabelSetDialog::eventFilter(QObject* watched, QEvent* event) {
    if (watched == name_ && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            saveName();
            return true;
        }
        if (key->key() == Qt::Key_Escape) {  // leaves the field, not the dialog
            renamingId_ = 0;
            name_->clear();
            name_->setPlaceholderText(tr("New label name — Enter adds it"));
            list_->setFocus();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

}  // namespace ts::ui
