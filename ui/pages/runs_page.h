// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Runs page: training runs, their live metrics and their adapters. It owns the project's
// run queue (shared with the Recipes page): created when a project opens, stopped when it
// closes; a run still training then is marked interrupted and can be resumed later.
#include "ui/pages/project_page.h"

namespace ts::ui {

class RunsView;

class RunsPage : public ProjectPage {
    Q_OBJECT
public:
    explicit RunsPage(QWidget* parent = nullptr);
    void setProject(const ProjectStore* store) override;
    void refresh() override;
    RunsView* view() const { return view_; }

private:
    RunsView* view_ = nullptr;
    const ProjectStore* attached_ = nullptr;
};

}  // namespace ts::ui
