// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Versions tab: the base model and every adapter version with its lineage (stage, base
// model, dataset version, parent, created, short sha256) and the latest verdict on each suite;
// actions Evaluate (on the engine thread, progress bar and Cancel), Promote to production, Roll
// back (each confirmed and recorded in the stage history shown below), Export the PEFT adapter
// folder, Export a merged model (the engine's mergeAdapter) and Export a GGUF LoRA adapter for
// llama.cpp / Ollama (the engine's exportLoraToGguf, F16 or F32); the two engine exports run off
// the GUI thread, one at a time.
#include "ui/eval/eval_ui_hooks.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace ts {
class EvalService;
class ProjectStore;
}

namespace ts::ui {

class VersionsPanel : public QWidget {
    Q_OBJECT
public:
    enum Column { NameColumn, StageColumn, BaseModelColumn, DatasetColumn, ParentColumn, CreatedColumn,
                  ShaColumn, kFixedColumns };

    explicit VersionsPanel(QWidget* parent = nullptr);
    ~VersionsPanel() override;
    void setProject(const ProjectStore* store);
    void setHooks(const EvalUiHooks& hooks) { hooks_ = hooks; }
    void refresh();

    // Row 0 is the base model (id 0); then versions newest first.
    void selectVersion(qint64 adapterVersionId);
    qint64 selectedVersion() const;  // -1: nothing selected

    void evaluateSelected();
    void promoteSelected();
    void rollBack();
    void exportAdapterFolder();
    void exportMergedModel();
    void exportGgufLora();

    QTableWidget* table() const { return table_; }
    QTableWidget* historyTable() const { return history_; }
    QPushButton* evaluateButton() const { return evaluate_; }
    QPushButton* promoteButton() const { return promote_; }
    QPushButton* rollbackButton() const { return rollback_; }
    QPushButton* cancelButton() const { return cancel_; }
    QPushButton* exportGgufButton() const { return exportGguf_; }
    QComboBox* ggufTypeBox() const { return ggufType_; }  // item data: the ggml type id (F16 / F32)
    QProgressBar* progressBar() const { return progress_; }
    QLineEdit* baseModelEdit() const { return baseModel_; }
    QLabel* messageLabel() const { return message_; }
    EvalService* evalService() const { return service_.get(); }

signals:
    void versionsChanged();     // a stage changed
    void evaluationFinished();  // results were stored
    // A merged-model or GGUF export ended; `error` is empty on success.
    void exportFinished(const QString& target, const QString& error);

private:
    void updateActions();
    void showHistory();
    void showMessage(const QString& text, bool error);
    void reportError(const QString& title, const QString& message);

    const ProjectStore* store_ = nullptr;
    EvalUiHooks hooks_ = defaultEvalUiHooks();
    std::unique_ptr<EvalService> service_;
    QTableWidget* table_ = nullptr;
    QTableWidget* history_ = nullptr;
    QComboBox* suite_ = nullptr;
    QLineEdit* baseModel_ = nullptr;
    QPushButton* evaluate_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QPushButton* promote_ = nullptr;
    QPushButton* rollback_ = nullptr;
    QPushButton* exportFolder_ = nullptr;
    QPushButton* exportMerged_ = nullptr;
    QPushButton* exportGguf_ = nullptr;
    QComboBox* ggufType_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* message_ = nullptr;
    bool exporting_ = false;  // a merged-model or GGUF export is running
};

}  // namespace ts::ui
