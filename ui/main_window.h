// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The main window: menus, a navigation sidebar with one page per view, the start page when no
// project is open, and a status bar with the compute device and the open project.
#include "app/guidance/guided_check.h"
#include "app/store/project_store.h"

#include <QList>
#include <QMainWindow>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QActionGroup;
class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace ts::ui {

class ProjectPage;
class StartPage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Shows an error to the user. The default is a modal QMessageBox::critical; the command
    // line's --screenshot mode prints to stderr instead, since nobody is there to close a dialog.
    using ErrorReporter = std::function<void(const QString& title, const QString& message)>;

    // Which file the user is asked for.
    enum class FileChoice { NewProject, OpenProject };
    // Asks the user for a file: `suggestedPath` is the folder (or, for NewProject, the proposed
    // file) to start in. Returns the chosen path, or an empty string when cancelled. The default
    // shows QFileDialog; tests inject a function so that no modal dialog is ever opened.
    using FileChooser = std::function<QString(FileChoice choice, const QString& suggestedPath)>;
    // Asks "Is fine-tuning the right tool?" (`previous` pre-fills a check done before). Returns
    // the answers, or nothing when the user skips. The default shows GuidedCheckDialog; tests
    // inject a function.
    using GuidedCheckAsker = std::function<std::optional<GuidedCheckAnswers>(
        const std::optional<GuidedCheckAnswers>& previous)>;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens (or, with CreateNew, creates) the project at `path`: what File ▸ New/Open and the
    // recent list call after choosing a file. On failure the error is reported and the window
    // stays exactly as it was, with the previous project still open. Returns whether it opened.
    bool openProject(const QString& path, OpenMode mode);
    void closeProject();
    // Opens the built-in demo project, creating it on first use: what the start page's demo
    // button and `tuning-studio --demo` do. Errors are reported like any other open failure.
    bool openDemoProject();

    // nullptr when no project is open.
    const ProjectStore* project() const { return store_.get(); }

    void setErrorReporter(ErrorReporter reporter);
    // Replaces the file dialogs of File ▸ New/Open (and the start page's buttons). An empty
    // function restores the QFileDialog default.
    void setFileChooser(FileChooser chooser);
    void setGuidedCheckAsker(GuidedCheckAsker asker);

    // Asks the guided check for the open project and stores the answers and the recommendation
    // in it (project_meta guided_check.*). File ▸ New Project runs it right after creating the
    // file; File ▸ Fine-Tuning Check runs it again. Returns whether answers were saved.
    bool runGuidedCheck();

    // Pages in navigation order; index i is switched to by Ctrl+(i+1).
    const QList<ProjectPage*>& pages() const { return pages_; }
    // The shown page, or -1 while the start page is shown.
    int currentPageIndex() const;
    void showPage(int index);

    // Status bar texts, for tests and scripts.
    QString deviceStatusText() const;
    QString projectStatusText() const;
    // The About box's text: version, license, libtorch and Qt versions, the compute device.
    QString aboutText() const;

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createPages();
    void createActions();
    void createMenus();
    void createStatusBar();
    void restoreSettings();
    void saveSettings() const;

    void newProjectDialog();
    void openProjectDialog();
    void openRecentProject(const QString& path);
    void rebuildRecentMenu();
    void updateRecentProjectsView();
    void showAbout();

    void projectChanged();
    void reportError(const QString& title, const QString& message);
    // Migrates an older project on a worker thread behind a progress dialog (a step may rebuild
    // the full-text index: minutes for a million examples), so openProject() then finds it
    // current. Returns false, with the error reported, when the upgrade failed.
    bool upgradeInBackground(const QString& path);
    QString dialogFolder() const;
    QString chooseFile(FileChoice choice, const QString& suggestedPath);
    void rememberDialogFolder(const QString& filePath);

    std::unique_ptr<ProjectStore> store_;
    ErrorReporter errorReporter_;
    FileChooser fileChooser_;
    GuidedCheckAsker guidedCheckAsker_;

    QStackedWidget* rootStack_ = nullptr;  // start page | workspace
    StartPage* startPage_ = nullptr;
    QWidget* workspace_ = nullptr;  // navigation + page stack
    QLabel* sidebarProjectLabel_ = nullptr;
    QListWidget* navigation_ = nullptr;
    QStackedWidget* pageStack_ = nullptr;
    QList<ProjectPage*> pages_;

    QAction* newAction_ = nullptr;
    QAction* openAction_ = nullptr;
    QAction* closeAction_ = nullptr;
    QAction* guidedCheckAction_ = nullptr;
    QAction* quitAction_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QActionGroup* pageActions_ = nullptr;

    QLabel* deviceLabel_ = nullptr;
    QLabel* projectLabel_ = nullptr;
    QLabel* schemaLabel_ = nullptr;
};

}  // namespace ts::ui
