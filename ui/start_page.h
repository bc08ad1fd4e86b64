// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the main window shows with no project open: create or open a project, open the built-in
// demo project (what `tuning-studio --demo` opens), or pick one of the recently opened projects.
#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace ts::ui {

class StartPage : public QWidget {
    Q_OBJECT
public:
    explicit StartPage(QWidget* parent = nullptr);

    // Most recent first. A file that vanished after the list was made still opens with a clear
    // error (the main window reports it).
    void setRecentProjects(const QStringList& paths);
    QListWidget* recentList() const { return recentList_; }

signals:
    void newProjectRequested();
    void openProjectRequested();
    void demoProjectRequested();
    void recentProjectRequested(const QString& path);

private:
    void activateItem(QListWidgetItem* item);

    QListWidget* recentList_ = nullptr;
    QLabel* noRecentLabel_ = nullptr;
};

}  // namespace ts::ui
