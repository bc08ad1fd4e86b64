// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// "Labels…" (L in the annotation view): the project's label set as a list with what each label
// is used for, and add, rename and merge. Every change goes through the annotation session, so it
// is committed at once, sits on the view's one undo stack (Ctrl+Z here or in the view), and the
// view's number-key label buttons follow immediately. Keyboard: Ctrl+N new label, F2 rename the
// selected one, Enter saves the name, Ctrl+M merges the selected label into the one chosen under
// "Merge into", Esc closes.
#include <QDialog>
#include <QSqlDatabase>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace ts {
class AnnotationSession;
}

namespace ts::ui {

class LabelSetDialog : public QDialog {
    Q_OBJECT
public:
    LabelSetDialog(AnnotationSession* session, QSqlDatabase db, QWidget* parent);

    // Re-reads the labels and their use; keeps the selection where it can.
    void refresh();
    qint64 selectedLabelId() const;
    void selectLabel(qint64 labelId);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void startAdd();
    void startRename();
    void saveName();
    void mergeSelected();
    void refillMergeTargets();
    enum class MessageKind { Info, Error };
    void showMessage(const QString& text, MessageKind kind);

    AnnotationSession* session_;
    QSqlDatabase db_;
    qint64 renamingId_ = 0;  // 0: the name field adds a new label
    QListWidget* list_ = nullptr;
    QLineEdit* name_ = nullptr;
    QPushButton* addButton_ = nullptr;
    QPushButton* renameButton_ = nullptr;
    QComboBox* mergeInto_ = nullptr;
    QPushButton* mergeButton_ = nullptr;
    QPushButton* undoButton_ = nullptr;
    QPushButton* redoButton_ = nullptr;
    QLabel* message_ = nullptr;
};

}  // namespace ts::ui
