// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The body of the Evaluate & Compare page: four tabs (Versions, Compare, Suites, Playground)
// over one project. A stage change or a finished evaluation refreshes the other tabs.
#include "ui/eval/eval_ui_hooks.h"

#include <QWidget>

class QTabWidget;

namespace ts {
class ProjectStore;
}

namespace ts::ui {

class ComparePanel;
class PlaygroundPanel;
class SuitesPanel;
class VersionsPanel;

class EvaluateView : public QWidget {
    Q_OBJECT
public:
    enum Tab { VersionsTab, CompareTab, SuitesTab, PlaygroundTab };

    explicit EvaluateView(QWidget* parent = nullptr);
    void setProject(const ProjectStore* store);
    void setHooks(const EvalUiHooks& hooks);
    void refresh();
    void showTab(Tab tab);

    QTabWidget* tabs() const { return tabs_; }
    VersionsPanel* versions() const { return versions_; }
    ComparePanel* compare() const { return compare_; }
    SuitesPanel* suites() const { return suites_; }
    PlaygroundPanel* playground() const { return playground_; }

private:
    QTabWidget* tabs_ = nullptr;
    VersionsPanel* versions_ = nullptr;
    ComparePanel* compare_ = nullptr;
    SuitesPanel* suites_ = nullptr;
    PlaygroundPanel* playground_ = nullptr;
};

}  // namespace ts::ui
