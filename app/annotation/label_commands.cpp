// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/annotation/label_commands.h"

#include <QObject>

#include <exception>

namespace ts {

LabelCommand::LabelCommand(QSqlDatabase db, LabelCommandHooks hooks, const QString& text)
    : QUndoCommand(text), labels_(std::move(db)), hooks_(std::move(hooks)) {}

void LabelCommand::redo() { run(true); }
void LabelCommand::undo() { run(false); }

void LabelCommand::run(bool forward) {
    try {
        if (forward)
            apply();
        else
            revert();
        if (hooks_.changed) hooks_.changed();
    } catch (const std::exception& e) {
        if (forward) setObsolete(true);
        if (hooks_.failed) hooks_.failed(QString::fromUtf8(e.what()));
    }
}

AddLabelCommand::AddLabelCommand(QSqlDatabase db, LabelCommandHooks hooks, QString name,
                                 QString color)
    : LabelCommand(std::move(db), std::move(hooks), QObject::tr("Add label %1").arg(name)) {
    added_.name = std::move(name);
    added_.color = std::move(color);
}

void AddLabelCommand::apply() {
    if (added_.id == 0)
        added_ = labels_.label(labels_.add(added_.name, added_.color));
    else
        labels_.restore(added_);
}

void AddLabelCommand::revert() { labels_.remove(added_.id); }

RenameLabelCommand::RenameLabelCommand(QSqlDatabase db, LabelCommandHooks hooks, qint64 labelId,
                                       QString oldName, QString newName)
    : LabelCommand(std::move(db), std::move(hooks),
                   QObject::tr("Rename label %1 to %2").arg(oldName, newName)),
      labelId_(labelId), oldName_(std::move(oldName)), newName_(std::move(newName)) {}

void RenameLabelCommand::apply() { rename_ = labels_.rename(labelId_, newName_); }
void RenameLabelCommand::revert() { labels_.unrename(rename_); }

MergeLabelsCommand::MergeLabelsCommand(QSqlDatabase db, LabelCommandHooks hooks,
                                       qint64 fromLabelId, qint64 intoLabelId, const QString& text)
    : LabelCommand(std::move(db), std::move(hooks), text), fromLabelId_(fromLabelId),
      intoLabelId_(intoLabelId) {}

void MergeLabelsCommand::apply() { merge_ = labels_.merge(fromLabelId_, intoLabelId_); }
void MergeLabelsCommand::revert() { labels_.unmerge(merge_); }

}  // namespace ts
