// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Annotate page: reviewing, labelling, correcting and ranking examples one at a time, with
// the keyboard (see AnnotationView).
#include "ui/pages/project_page.h"

#include <QTimer>

namespace ts::ui {

class AnnotationView;

class AnnotatePage : public ProjectPage {
    Q_OBJECT
public:
    explicit AnnotatePage(QWidget* parent = nullptr);

    void setProject(const ProjectStore* store) override;
    void refresh() override;
    AnnotationView* annotationView() const { return view_; }

private:
    AnnotationView* view_ = nullptr;
    QTimer overviewTimer_;
};

}  // namespace ts::ui
