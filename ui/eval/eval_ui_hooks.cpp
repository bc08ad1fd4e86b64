// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/eval/eval_ui_hooks.h"

#include <QFileDialog>
#include <QMessageBox>

namespace ts::ui {

EvalUiHooks defaultEvalUiHooks() {
    EvalUiHooks hooks;
    hooks.confirm = [](QWidget* parent, const QString& title, const QString& question) {
        return QMessageBox::question(parent, title, question, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    };
    hooks.chooseDirectory = [](QWidget* parent, const QString& caption) {
        return QFileDialog::getExistingDirectory(parent, caption);
    };
    hooks.chooseSaveFile = [](QWidget* parent, const QString& caption, const QString& suggested,
                              const QString& filter) {
        return QFileDialog::getSaveFileName(parent, caption, suggested, filter);
    };
    hooks.showError = [](QWidget* parent, const QString& title, const QString& message) {
        QMessageBox::warning(parent, title, message);
    };
    return hooks;
}

}  // namespace ts::ui
