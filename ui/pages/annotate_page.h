// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Annotate page: reviewing and correcting examples one at a time.
#include "ui/pages/project_page.h"

namespace ts::ui {

class AnnotatePage : public ProjectPage {
    Q_OBJECT
public:
    explicit AnnotatePage(QWidget* parent = nullptr);
};

}  // namespace ts::ui
