// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Playground tab: one prompt, two answers side by side, the base model's and a chosen
// adapter version's. Generation runs off the GUI thread (QtConcurrent) through the shared answer
// sampler (app/eval/answer_sampler.h, also used for annotation candidates), which applies a PEFT
// adapter folder to the base model; Stop sets the cancel flag, checked before every forward pass.
#include <QWidget>

#include <atomic>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace ts {
class ProjectStore;
}

namespace ts::ui {

class PlaygroundPanel : public QWidget {
    Q_OBJECT
public:
    explicit PlaygroundPanel(QWidget* parent = nullptr);
    ~PlaygroundPanel() override;
    void setProject(const ProjectStore* store);
    void refresh();

    void generate();
    void stop();
    bool isGenerating() const { return generating_; }

    QPlainTextEdit* promptEdit() const { return prompt_; }
    QPlainTextEdit* baseOutput() const { return baseOutput_; }
    QPlainTextEdit* adapterOutput() const { return adapterOutput_; }
    QComboBox* adapterCombo() const { return adapter_; }
    QLineEdit* modelEdit() const { return model_; }

signals:
    void generationFinished();

private:
    void setGenerating(bool on);

    const ProjectStore* store_ = nullptr;
    QLineEdit* model_ = nullptr;
    QComboBox* adapter_ = nullptr;
    QSpinBox* maxTokens_ = nullptr;
    QPlainTextEdit* prompt_ = nullptr;
    QPlainTextEdit* baseOutput_ = nullptr;
    QPlainTextEdit* adapterOutput_ = nullptr;
    QPushButton* generate_ = nullptr;
    QPushButton* stop_ = nullptr;
    QLabel* status_ = nullptr;
    std::shared_ptr<std::atomic<bool>> cancel_;
    bool generating_ = false;
};

}  // namespace ts::ui
