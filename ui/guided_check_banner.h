// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A one-line strip that shows a project's "Is fine-tuning the right tool?" result (or that the
// check has not been done yet), so the recommendation stays in sight while data is prepared.
#include <QFrame>

class QLabel;

namespace ts {
class ProjectStore;
}

namespace ts::ui {

class GuidedCheckBanner : public QFrame {
    Q_OBJECT
public:
    explicit GuidedCheckBanner(QWidget* parent = nullptr);

    // Re-reads the check from `store` (hidden when nullptr).
    void showFor(const ProjectStore* store);
    QString text() const;

private:
    QLabel* label_ = nullptr;
};

}  // namespace ts::ui
