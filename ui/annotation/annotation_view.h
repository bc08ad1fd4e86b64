// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The keyboard-first annotation view: the example's input rendered as a chat, its expected
// output in an editor (or two candidates side by side for a preference pair), the label set as
// buttons on the number keys, and single-key actions. Every action goes through the
// AnnotationSession, which commits it to the project at once and puts it on the undo stack.
//
// Keys work while the view (not a text field) has the focus; Enter or F2 moves into the output
// editor and Esc leaves it. Undo/redo, previous/next (Alt+Left/Right) and help also work from
// inside the editors.
//
// L opens the label set (add, rename, merge: LabelSetDialog), on the same undo stack. M asks the
// project's model for two candidate answers to the example (CandidateGenerator: a worker thread,
// with progress and Cancel/Esc); they are stored as the example's pair to rank.
#include "ui/annotation/shortcut_help_overlay.h"

#include <QHash>
#include <QPointer>
#include <QSqlDatabase>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QHBoxLayout;
class QTextBrowser;

namespace ts {
class AnnotationSession;
class CandidateGenerator;
struct CandidateResult;
struct ExampleAnnotationState;
}  // namespace ts

namespace ts::ui {

class LabelSetDialog;

class AnnotationView : public QWidget {
    Q_OBJECT
public:
    explicit AnnotationView(QWidget* parent = nullptr);
    ~AnnotationView() override;

    // The project's connection (GUI thread); an invalid one empties the view.
    void setDatabase(const QSqlDatabase& db);
    // Re-reads dataset versions, labels and the queue (keeps the position where possible).
    void reload();

    AnnotationSession* session() const { return session_.get(); }
    CandidateGenerator* candidateGenerator() const { return generator_; }
    LabelSetDialog* labelSetDialog() const;  // null until L opened it
    // Opens the label set (L).
    void openLabels();
    // Asks the project's model for two candidate answers to the current example (M).
    void generateCandidates();
    bool isGenerating() const;
    static QList<ShortcutHelpOverlay::Entry> shortcutList();

signals:
    // Something was written to the project (an annotation, a flag, a label, a version).
    void projectChanged();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildUi();
    void rebuildLabelButtons();
    void rebuildQueue();
    void showCurrent();
    void updateProgress(int done, int total);
    void showError(const QString& message);
    enum class MessageKind { Info, Error };
    void showMessage(const QString& message, MessageKind kind);
    void commitAnnotator();
    void pickLabel(int index);  // 0-based position in the label set
    void pickPreference(int side);  // 0 left, 1 right
    void startComment();
    void onCandidateEdited(int side);  // 0 left, 1 right
    void onCandidatesReady(const CandidateResult& result);
    void endGeneration(const QString& message, MessageKind kind);
    void createVersion();
    void updateAgreement();
    bool handleCommonKey(QKeyEvent* event);  // keys that also work inside editors
    bool isPreferenceExample() const;

    QSqlDatabase db_;
    std::unique_ptr<AnnotationSession> session_;
    std::vector<qint64> labelIds_;
    QStringList labelNames_;
    QHash<QString, QString> renamedLabels_;  // former label name -> current name
    bool loadingEditor_ = false;  // the editor is being filled from the database, not typed in
    bool leftIsChosen_ = true;    // display order of the current preference pair
    qint64 pairExampleId_ = 0;    // the example the pair editors show
    bool pairMode_ = false;       // the current example is shown as a pair to rank
    int pickedSide_ = -1;         // the side holding the chosen answer of the shown pair, or -1
    quint64 generationToken_ = 0; // bumped on a project change: older results are dropped
    quint64 startedToken_ = 0;    // the token when the running generation started

    QLineEdit* annotatorEdit_ = nullptr;
    QComboBox* versionCombo_ = nullptr;
    QComboBox* filterCombo_ = nullptr;
    QComboBox* splitCombo_ = nullptr;
    QComboBox* tagCombo_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* positionLabel_ = nullptr;
    QTextBrowser* chat_ = nullptr;
    QLabel* outputTitle_ = nullptr;
    QPlainTextEdit* outputEdit_ = nullptr;
    QWidget* pairPanel_ = nullptr;
    QPlainTextEdit* leftEdit_ = nullptr;
    QPlainTextEdit* rightEdit_ = nullptr;
    QLabel* leftTitle_ = nullptr;
    QLabel* rightTitle_ = nullptr;
    QHBoxLayout* labelRow_ = nullptr;
    std::vector<QPushButton*> labelButtons_;
    QPointer<LabelSetDialog> labelsDialog_;
    CandidateGenerator* generator_ = nullptr;
    QWidget* generationBar_ = nullptr;
    QProgressBar* generationProgress_ = nullptr;
    QLabel* generationLabel_ = nullptr;
    QLineEdit* commentEdit_ = nullptr;
    QLabel* stateLabel_ = nullptr;
    QLabel* agreementLabel_ = nullptr;
    QLabel* messageLabel_ = nullptr;
    ShortcutHelpOverlay* help_ = nullptr;
};

}  // namespace ts::ui
