// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The questions the Evaluate & Compare page asks the user (confirm a promotion, choose an export
// folder or file) and how it reports errors, as replaceable functions: the defaults open the usual
// dialogs, tests put in answers so no modal dialog ever opens under test.
#include <QString>

#include <functional>

class QWidget;

namespace ts::ui {

struct EvalUiHooks {
    // Yes/no before a change that is recorded in the project (promote, roll back, delete).
    std::function<bool(QWidget* parent, const QString& title, const QString& question)> confirm;
    // A folder to export into; empty: cancelled.
    std::function<QString(QWidget* parent, const QString& caption)> chooseDirectory;
    // A file to write (the dialog asks before replacing one); `suggested` is the proposed name,
    // `filter` the dialog's name filter. Empty: cancelled.
    std::function<QString(QWidget* parent, const QString& caption, const QString& suggested, const QString& filter)>
        chooseSaveFile;
    // A problem worth interrupting for (export failed, evaluation failed).
    std::function<void(QWidget* parent, const QString& title, const QString& message)> showError;
};

// Message boxes and the folder and save-file dialogs.
EvalUiHooks defaultEvalUiHooks();

}  // namespace ts::ui
