// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The recipe editor's "Go / no-go gate" section: which evaluation suites will judge the runs of
// this recipe (ui.gate.suites, an undoable recipe field) and the thresholds of the selected suite,
// edited in place. The thresholds are the suite's own (eval_suites, the same ThresholdTable as
// Evaluate ▸ Suites): there is one copy of them, and a run fixes it when it starts
// (app/eval/eval_gate.h).
//
// An older recipe's own "thresholds" numbers are shown with the plan that moves them into the
// gate suites (which metric each becomes); nothing is moved until the user says so, and
// numbers that fit no suite stay in the recipe.
#include <QGroupBox>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace ts {
class ProjectStore;
class RecipeDocument;
}  // namespace ts

namespace ts::ui {

class ThresholdTable;

class RecipeGateSection : public QGroupBox {
    Q_OBJECT
public:
    RecipeGateSection(RecipeDocument* doc, QWidget* parent = nullptr);

    void setProject(const ProjectStore* store);
    void refresh();           // re-reads the project's suites
    void documentChanged();   // the recipe changed: re-show its gate and old numbers

    // Saves the thresholds table into the selected suite. False: the reason is in messageText().
    bool saveThresholds();
    // Moves the old-style numbers as planned (suites saved, recipe updated as one undo step).
    bool moveLegacyThresholds();

    QListWidget* suiteList() const { return suites_; }
    ThresholdTable* thresholdTable() const { return table_; }
    QPushButton* saveButton() const { return save_; }
    QPushButton* moveLegacyButton() const { return moveLegacy_; }
    QString legacyText() const;
    QString messageText() const;
    // Marks the suite list as the field that keeps the recipe from running.
    void setProblem(const QString& problem);

signals:
    void suitesChanged();  // a suite's thresholds were saved

private:
    void rebuildList();
    void showSelectedSuite();
    void writeGateFromList();
    void showMessage(const QString& text, bool error);
    void updateLegacyNotice();
    qint64 selectedSuiteId() const;

    RecipeDocument* doc_;
    const ProjectStore* store_ = nullptr;
    QListWidget* suites_ = nullptr;
    QLabel* tableTitle_ = nullptr;
    ThresholdTable* table_ = nullptr;
    QPushButton* addRow_ = nullptr;
    QPushButton* removeRow_ = nullptr;
    QPushButton* save_ = nullptr;
    QLabel* message_ = nullptr;
    QLabel* legacy_ = nullptr;
    QPushButton* moveLegacy_ = nullptr;
    qint64 shownSuiteId_ = 0;
    bool tableDirty_ = false;
    bool rebuilding_ = false;
    QString baseToolTip_;
};

}  // namespace ts::ui
