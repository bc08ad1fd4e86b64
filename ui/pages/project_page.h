// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Base of the main window's pages (Datasets, Annotate, Recipes, Runs, Evaluate & Compare).
// Each page is its own subclass in ui/pages/, so a feature fills in its page without touching
// the main window. The base draws the common header (project name, page title, what the page
// is for) and an overview of what the project holds, read from the project's tables.
#include "ui/icons.h"

#include <QList>
#include <QString>
#include <QWidget>

class QGridLayout;
class QLabel;
class QVBoxLayout;

namespace ts {
class ProjectStore;
}

namespace ts::ui {

class ProjectPage : public QWidget {
    Q_OBJECT
public:
    // One number in the overview: the row count of a project table.
    struct Fact {
        QString table;  // table in the project database
        QString label;  // what a row is, plural, translated: "Datasets"
    };

    QString title() const { return title_; }
    IconKind iconKind() const { return iconKind_; }

    // The open project, or nullptr when none is open. The page does not own the store; the main
    // window calls setProject(nullptr) before the store goes away.
    virtual void setProject(const ProjectStore* store);
    // Re-reads everything the page shows from the project.
    virtual void refresh();

protected:
    ProjectPage(const QString& title, IconKind iconKind, const QString& description,
                QList<Fact> facts, QWidget* parent);

    const ProjectStore* project() const { return project_; }
    // Where a feature puts its own widgets, below the header and the overview.
    QVBoxLayout* contentLayout() const { return contentLayout_; }

private:
    void rebuildOverview();

    QString title_;
    IconKind iconKind_;
    QList<Fact> facts_;
    const ProjectStore* project_ = nullptr;

    QLabel* projectNameLabel_ = nullptr;
    QGridLayout* overviewLayout_ = nullptr;
    QVBoxLayout* contentLayout_ = nullptr;
};

}  // namespace ts::ui
