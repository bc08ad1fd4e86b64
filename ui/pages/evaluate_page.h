// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Evaluate & Compare page: evaluation suites, the adapter versions with their verdicts,
// promotion and rollback, side-by-side comparison and a playground.
#include "ui/pages/project_page.h"

namespace ts::ui {

class EvaluateView;

class EvaluatePage : public ProjectPage {
    Q_OBJECT
public:
    explicit EvaluatePage(QWidget* parent = nullptr);
    void setProject(const ProjectStore* store) override;
    void refresh() override;
    EvaluateView* view() const { return view_; }

private:
    EvaluateView* view_ = nullptr;
    const ProjectStore* attached_ = nullptr;
};

}  // namespace ts::ui
