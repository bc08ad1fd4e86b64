// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Undo commands for the label set: add, rename and merge. They sit on the annotation session's
// one undo stack next to the annotations, so Ctrl+Z walks back through both in the order they
// happened. Each redo/undo is committed to the project before it returns (LabelSet writes in
// its own statement or transaction).
#include "app/annotation/label_set.h"

#include <QUndoCommand>

#include <functional>

namespace ts {

// What a label command reports to its owner: the label set changed, or a write failed.
struct LabelCommandHooks {
    std::function<void()> changed;
    std::function<void(const QString& error)> failed;
};

// Shared by the three commands: a failed first redo marks the command obsolete, so the stack
// drops it instead of offering to undo something that never happened.
class LabelCommand : public QUndoCommand {
public:
    LabelCommand(QSqlDatabase db, LabelCommandHooks hooks, const QString& text);
    void redo() final;
    void undo() final;

protected:
    virtual void apply() = 0;
    virtual void revert() = 0;
    LabelSet labels_;

private:
    void run(bool forward);
    LabelCommandHooks hooks_;
};

class AddLabelCommand : public LabelCommand {
public:
    AddLabelCommand(QSqlDatabase db, LabelCommandHooks hooks, QString name, QString color);
    qint64 labelId() const { return added_.id; }

private:
    void apply() override;
    void revert() override;
    LabelInfo added_;  // filled by the first redo; later redos put back the same id
};

class RenameLabelCommand : public LabelCommand {
public:
    RenameLabelCommand(QSqlDatabase db, LabelCommandHooks hooks, qint64 labelId, QString oldName,
                       QString newName);

private:
    void apply() override;
    void revert() override;
    qint64 labelId_;
    QString oldName_, newName_;
    LabelRename rename_;
};

class MergeLabelsCommand : public LabelCommand {
public:
    MergeLabelsCommand(QSqlDatabase db, LabelCommandHooks hooks, qint64 fromLabelId,
                       qint64 intoLabelId, const QString& text);
    int movedCount() const { return int(merge_.movedAnnotationIds.size()); }

private:
    void apply() override;
    void revert() override;
    qint64 fromLabelId_, intoLabelId_;
    LabelMerge merge_;
};

}  // namespace ts
