// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/main_window.h"

#include "app/compute_device.h"
#include "app/demo/demo_project.h"
#include "app/store/recent_projects.h"
#include "ui/guided_check_dialog.h"
#include "ui/icons.h"
#include "ui/language.h"
#include "ui/pages/annotate_page.h"
#include "ui/pages/datasets_page.h"
#include "ui/pages/evaluate_page.h"
#include "ui/pages/production_page.h"
#include "ui/pages/project_page.h"
#include "ui/pages/recipes_page.h"
#include "ui/pages/runs_page.h"
#include "ui/start_page.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace ts::ui {

namespace {
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kCurrentPageKey = QStringLiteral("mainWindow/currentPage");
const QString kLastFolderKey = QStringLiteral("paths/lastFolder");

bool isSameFile(const QString& a, const QString& b) {
    const QFileInfo infoA(a), infoB(b);
    const QString canonicalA = infoA.canonicalFilePath();
    return !canonicalA.isEmpty() ? canonicalA == infoB.canonicalFilePath()
                                 : infoA.absoluteFilePath() == infoB.absoluteFilePath();
}

QString projectFileFilter() {
    return MainWindow::tr("Tuning Studio projects (*.%1)").arg(ProjectStore::fileSuffix());
}
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowIcon(applicationIcon());
    setMinimumSize(760, 480);
    resize(1180, 760);

    rootStack_ = new QStackedWidget(this);
    setCentralWidget(rootStack_);
    startPage_ = new StartPage(rootStack_);
    rootStack_->addWidget(startPage_);
    createPages();
    createActions();
    createMenus();
    createStatusBar();

    connect(startPage_, &StartPage::newProjectRequested, this, &MainWindow::newProjectDialog);
    connect(startPage_, &StartPage::openProjectRequested, this, &MainWindow::openProjectDialog);
    connect(startPage_, &StartPage::recentProjectRequested, this, &MainWindow::openRecentProject);
    connect(startPage_, &StartPage::demoProjectRequested, this, &MainWindow::openDemoProject);

    restoreSettings();
    updateRecentProjectsView();
    projectChanged();
}

MainWindow::~MainWindow() {
    // Pages hold a raw pointer to the store: drop it before the store goes.
    for (ProjectPage* page : std::as_const(pages_)) page->setProject(nullptr);
}

void MainWindow::createPages() {
    workspace_ = new QWidget(rootStack_);
    auto* layout = new QHBoxLayout(workspace_);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    // The sidebar: the open project's name above the list of pages.
    auto* sidebar = new QFrame(workspace_);
    sidebar->setObjectName(QStringLiteral("sidebar"));
    sidebar->setFixedWidth(228);
    sidebar->setStyleSheet(
        QStringLiteral("QFrame#sidebar { background: palette(window); border: none;"
                       " border-right: 1px solid palette(midlight); }"));
    auto* sidebarLayout = new QVBoxLayout(sidebar);
    sidebarLayout->setContentsMargins(8, 14, 8, 8);
    sidebarLayout->setSpacing(10);
    auto* header = new QHBoxLayout;
    header->setContentsMargins(8, 0, 8, 0);
    header->setSpacing(10);
    auto* logo = new QLabel(sidebar);
    logo->setPixmap(applicationIcon().pixmap(32, 32));
    header->addWidget(logo);
    sidebarProjectLabel_ = new QLabel(sidebar);
    sidebarProjectLabel_->setObjectName(QStringLiteral("sidebarProjectName"));
    QFont headerFont = sidebarProjectLabel_->font();
    headerFont.setBold(true);
    headerFont.setPointSizeF(headerFont.pointSizeF() * 1.1);
    sidebarProjectLabel_->setFont(headerFont);
    header->addWidget(sidebarProjectLabel_, 1);
    sidebarLayout->addLayout(header);

    navigation_ = new QListWidget(sidebar);
    navigation_->setObjectName(QStringLiteral("navigation"));
    navigation_->setIconSize(QSize(20, 20));
    navigation_->setFrameShape(QFrame::NoFrame);
    navigation_->setStyleSheet(QStringLiteral(
        "QListWidget#navigation { background: transparent; outline: 0; }"
        "QListWidget#navigation::item { padding: 9px 10px; margin: 1px 0; border-radius: 6px;"
        " color: palette(text); }"
        "QListWidget#navigation::item:hover:!selected { background: palette(midlight); }"
        "QListWidget#navigation::item:selected { background: palette(highlight);"
        " color: palette(highlighted-text); }"));
    sidebarLayout->addWidget(navigation_, 1);
    layout->addWidget(sidebar);

    pageStack_ = new QStackedWidget(workspace_);
    pageStack_->setObjectName(QStringLiteral("pageStack"));
    pageStack_->setAutoFillBackground(true);
    pageStack_->setBackgroundRole(QPalette::AlternateBase);
    layout->addWidget(pageStack_, 1);

    auto* production = new ProductionPage(pageStack_);
    pages_ = {new DatasetsPage(pageStack_), new AnnotatePage(pageStack_),
              new RecipesPage(pageStack_), new RunsPage(pageStack_), new EvaluatePage(pageStack_),
              production};
    // A due retraining reminder shows in the status bar when a project opens (not modal).
    connect(production, &ProductionPage::reminderChanged, this, [this](const QString& message) {
        if (!message.isEmpty()) statusBar()->showMessage(message, 20000);
    });
    const QPalette pal = palette();
    for (ProjectPage* page : std::as_const(pages_)) {
        pageStack_->addWidget(page);
        auto* item = new QListWidgetItem(lineIcon(page->iconKind(), pal.color(QPalette::Text),
                                                  pal.color(QPalette::HighlightedText)),
                                         page->title(), navigation_);
        item->setToolTip(page->title());
    }
    connect(navigation_, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0 || row >= pages_.size()) return;
        pageStack_->setCurrentIndex(row);
        if (pageActions_) pageActions_->actions().at(row)->setChecked(true);
        if (store_) QSettings().setValue(kCurrentPageKey, row);
    });
    rootStack_->addWidget(workspace_);
}

void MainWindow::createActions() {
    newAction_ = new QAction(lineIcon(IconKind::NewProject, palette().color(QPalette::Text)),
                             tr("&New Project…"), this);
    newAction_->setShortcut(QKeySequence::New);
    newAction_->setStatusTip(tr("Create a new project file"));
    connect(newAction_, &QAction::triggered, this, &MainWindow::newProjectDialog);

    openAction_ = new QAction(lineIcon(IconKind::OpenProject, palette().color(QPalette::Text)),
                              tr("&Open Project…"), this);
    openAction_->setShortcut(QKeySequence::Open);
    openAction_->setStatusTip(tr("Open an existing project file"));
    connect(openAction_, &QAction::triggered, this, &MainWindow::openProjectDialog);

    guidedCheckAction_ = new QAction(tr("Fine-Tuning &Check…"), this);
    guidedCheckAction_->setObjectName(QStringLiteral("guidedCheckAction"));
    guidedCheckAction_->setStatusTip(
        tr("Is fine-tuning the right tool for this project? Three questions and a recommendation"));
    connect(guidedCheckAction_, &QAction::triggered, this, &MainWindow::runGuidedCheck);

    closeAction_ = new QAction(tr("&Close Project"), this);
    closeAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    connect(closeAction_, &QAction::triggered, this, &MainWindow::closeProject);

    quitAction_ = new QAction(tr("&Quit"), this);
    quitAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quitAction_->setMenuRole(QAction::QuitRole);
    connect(quitAction_, &QAction::triggered, this, &QWidget::close);

    pageActions_ = new QActionGroup(this);
    pageActions_->setExclusive(true);
    for (int i = 0; i < pages_.size(); ++i) {
        // "&1 Datasets": the digit is the mnemonic, matching the Ctrl+digit shortcut.
        auto* action =
            new QAction(QStringLiteral("&%1 %2").arg(i + 1).arg(pages_[i]->title()), pageActions_);
        action->setObjectName(QStringLiteral("showPage%1").arg(i + 1));
        action->setCheckable(true);
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        connect(action, &QAction::triggered, this, [this, i] {
            showPage(i);
            // A page that names where its keys go (the Annotate page's view) takes them at once.
            if (pages_[i]->focusProxy()) pages_[i]->setFocus(Qt::ShortcutFocusReason);
        });
    }
}

void MainWindow::createMenus() {
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(newAction_);
    fileMenu->addAction(openAction_);
    recentMenu_ = fileMenu->addMenu(tr("Open &Recent"));
    recentMenu_->setObjectName(QStringLiteral("recentMenu"));
    fileMenu->addSeparator();
    fileMenu->addAction(guidedCheckAction_);
    fileMenu->addSeparator();
    fileMenu->addAction(closeAction_);
    fileMenu->addSeparator();
    fileMenu->addAction(quitAction_);

    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addActions(pageActions_->actions());
    viewMenu->addSeparator();
    viewMenu->addMenu(createLanguageMenu(this));

    QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction* about = helpMenu->addAction(tr("&About Tuning Studio"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::createStatusBar() {
    projectLabel_ = new QLabel(this);
    projectLabel_->setObjectName(QStringLiteral("projectStatus"));
    projectLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    schemaLabel_ = new QLabel(this);
    schemaLabel_->setObjectName(QStringLiteral("schemaStatus"));
    deviceLabel_ = new QLabel(computeDeviceDescription(), this);
    deviceLabel_->setObjectName(QStringLiteral("deviceStatus"));
    deviceLabel_->setToolTip(tr("The device the training engine computes on (libtorch %1)")
                                 .arg(computeDevice().torchVersion));
    // Room around each field and thin separators, instead of the style's sunken boxes.
    statusBar()->setStyleSheet(
        QStringLiteral("QStatusBar { border-top: 1px solid palette(midlight); }"
                       "QStatusBar::item { border: none; }"
                       "QStatusBar QLabel { padding: 2px 10px; }"
                       "QStatusBar QLabel#schemaStatus { border-right: 1px solid palette(mid); }"));
    statusBar()->addWidget(projectLabel_, 1);
    statusBar()->addPermanentWidget(schemaLabel_);
    statusBar()->addPermanentWidget(deviceLabel_);
}

void MainWindow::restoreSettings() {
    const QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray());
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    if (store_) settings.setValue(kCurrentPageKey, currentPageIndex());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    QMainWindow::closeEvent(event);
}

bool MainWindow::openProject(const QString& path, OpenMode mode) {
    const QString absolutePath = QFileInfo(path).absoluteFilePath();
    if (store_ && mode == OpenMode::OpenExisting && isSameFile(store_->path(), absolutePath)) {
        rootStack_->setCurrentWidget(workspace_);  // already open: nothing to do
        return true;
    }

    if (mode == OpenMode::OpenExisting && ProjectStore::needsUpgrade(absolutePath) &&
        !upgradeInBackground(absolutePath)) {
        return false;
    }
    auto store = std::make_unique<ProjectStore>();
    const OpenResult result = store->open(absolutePath, mode);
    if (!result.ok) {
        const QString where = QDir::toNativeSeparators(absolutePath);
        reportError(mode == OpenMode::CreateNew ? tr("Could Not Create Project")
                                                : tr("Could Not Open Project"),
                    !result.error.isEmpty()
                        ? result.error
                        : tr("%1 could not be opened as a Tuning Studio project.").arg(where));
        return false;
    }

    for (ProjectPage* page : std::as_const(pages_)) page->setProject(nullptr);
    if (store_) store_->close();
    store_ = std::move(store);
    RecentProjects().add(absolutePath);
    rememberDialogFolder(absolutePath);
    updateRecentProjectsView();
    projectChanged();
    return true;
}

bool MainWindow::upgradeInBackground(const QString& path) {
    QProgressDialog progress(
        tr("Upgrading %1 to this version of Tuning Studio. Large projects take a few minutes "
           "(the search index is rebuilt); the project stays as it was if this fails.")
            .arg(QFileInfo(path).fileName()),
        QString(), 0, 0, this);
    progress.setObjectName(QStringLiteral("projectUpgrade"));
    progress.setWindowTitle(tr("Upgrading Project"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setCancelButton(nullptr);  // each step is one transaction: it completes or rolls back
    progress.setMinimumDuration(500);
    progress.setValue(0);  // starts the timer that shows the dialog once the 500 ms have passed
    QFutureWatcher<OpenResult> watcher;
    QEventLoop loop;
    connect(&watcher, &QFutureWatcher<OpenResult>::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(QtConcurrent::run([path] {
        ProjectStore store;  // its own connection, on the worker thread
        OpenResult result = store.open(path, OpenMode::OpenExisting);
        store.close();
        return result;
    }));
    if (!watcher.isFinished()) loop.exec();
    const OpenResult result = watcher.result();
    if (!result.ok) {
        reportError(tr("Could Not Open Project"), result.error);
        return false;
    }
    return true;
}

bool MainWindow::openDemoProject() {
    QString error;
    const QString path = ensureDemoProject(&error);
    if (path.isEmpty()) {
        reportError(tr("Could Not Create the Demo Project"), error);
        return false;
    }
    return openProject(path, OpenMode::OpenExisting);
}

void MainWindow::closeProject() {
    if (!store_) return;
    saveSettings();
    for (ProjectPage* page : std::as_const(pages_)) page->setProject(nullptr);
    store_->close();
    store_.reset();
    updateRecentProjectsView();
    projectChanged();
}

void MainWindow::projectChanged() {
    const bool open = store_ != nullptr;
    for (ProjectPage* page : std::as_const(pages_)) page->setProject(store_.get());
    closeAction_->setEnabled(open);
    guidedCheckAction_->setEnabled(open);
    pageActions_->setEnabled(open);

    if (open) {
        const QString name = store_->projectName();
        setWindowTitle(tr("%1 — Tuning Studio").arg(name));
        sidebarProjectLabel_->setText(name);
        sidebarProjectLabel_->setToolTip(name);
        projectLabel_->setText(QDir::toNativeSeparators(store_->path()));
        projectLabel_->setToolTip(tr("The open project file"));
        schemaLabel_->setText(tr("Schema v%1").arg(store_->schemaVersion()));
        schemaLabel_->setToolTip(tr("Version of the project file's database schema"));
        schemaLabel_->show();
        rootStack_->setCurrentWidget(workspace_);
        const int page = QSettings().value(kCurrentPageKey, 0).toInt();
        showPage(page >= 0 && page < pages_.size() ? page : 0);
    } else {
        setWindowTitle(tr("Tuning Studio"));
        projectLabel_->setText(tr("No project open"));
        projectLabel_->setToolTip(QString());
        schemaLabel_->clear();
        schemaLabel_->hide();
        rootStack_->setCurrentWidget(startPage_);
        for (QAction* action : pageActions_->actions()) action->setChecked(false);
    }
}

int MainWindow::currentPageIndex() const {
    return store_ && rootStack_->currentWidget() == workspace_ ? pageStack_->currentIndex() : -1;
}

void MainWindow::showPage(int index) {
    if (!store_ || index < 0 || index >= pages_.size()) return;
    // setCurrentRow() signals only on a change; after a close and reopen the row is the same
    // but the View action was unchecked, so set all three here.
    navigation_->setCurrentRow(index);
    pageStack_->setCurrentIndex(index);
    pageActions_->actions().at(index)->setChecked(true);
    pages_[index]->refresh();
}

QString MainWindow::deviceStatusText() const {
    return deviceLabel_->text();
}

QString MainWindow::projectStatusText() const {
    return schemaLabel_->text().isEmpty()
               ? projectLabel_->text()
               : projectLabel_->text() + QLatin1Char(' ') + schemaLabel_->text();
}

void MainWindow::setErrorReporter(ErrorReporter reporter) {
    errorReporter_ = std::move(reporter);
}

void MainWindow::reportError(const QString& title, const QString& message) {
    if (errorReporter_) {
        errorReporter_(title, message);
        return;
    }
    QMessageBox box(QMessageBox::Critical, title, message, QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("errorMessageBox"));
    box.exec();
}

QString MainWindow::dialogFolder() const {
    const QString folder = QSettings().value(kLastFolderKey).toString();
    if (!folder.isEmpty() && QFileInfo(folder).isDir()) return folder;
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

void MainWindow::rememberDialogFolder(const QString& filePath) {
    QSettings().setValue(kLastFolderKey, QFileInfo(filePath).absolutePath());
}

void MainWindow::setFileChooser(FileChooser chooser) {
    fileChooser_ = std::move(chooser);
}

QString MainWindow::chooseFile(FileChoice choice, const QString& suggestedPath) {
    if (fileChooser_) return fileChooser_(choice, suggestedPath);
    switch (choice) {
    case FileChoice::NewProject:
        // The store refuses to overwrite an existing file (the error says so), so the dialog's
        // own overwrite question would only promise something that cannot happen.
        return QFileDialog::getSaveFileName(this, tr("New Project"), suggestedPath,
                                            projectFileFilter(), nullptr,
                                            QFileDialog::DontConfirmOverwrite);
    case FileChoice::OpenProject:
        return QFileDialog::getOpenFileName(
            this, tr("Open Project"), suggestedPath,
            projectFileFilter() + QStringLiteral(";;") + tr("All files (*)"));
    }
    return {};
}

void MainWindow::newProjectDialog() {
    QString path = chooseFile(FileChoice::NewProject,
                              QDir(dialogFolder()).filePath(tr("Untitled.tsproj")));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().compare(ProjectStore::fileSuffix(), Qt::CaseInsensitive) != 0)
        path += QLatin1Char('.') + ProjectStore::fileSuffix();
    // A new project starts with the question whether fine-tuning fits the task at all.
    if (openProject(path, OpenMode::CreateNew)) runGuidedCheck();
}

void MainWindow::setGuidedCheckAsker(GuidedCheckAsker asker) {
    guidedCheckAsker_ = std::move(asker);
}

bool MainWindow::runGuidedCheck() {
    if (!store_) return false;
    std::optional<GuidedCheckAnswers> previous;
    if (const auto record = loadGuidedCheck(*store_)) previous = record->answers;
    const std::optional<GuidedCheckAnswers> answers =
        guidedCheckAsker_ ? guidedCheckAsker_(previous) : runGuidedCheckDialog(this, previous);
    if (!answers) return false;
    if (!saveGuidedCheck(*store_, *answers)) {
        reportError(tr("Could Not Save the Answers"),
                    tr("The fine-tuning check could not be written to %1.")
                        .arg(QDir::toNativeSeparators(store_->path())));
        return false;
    }
    if (const int page = currentPageIndex(); page >= 0) pages_[page]->refresh();
    return true;
}

void MainWindow::openProjectDialog() {
    const QString path = chooseFile(FileChoice::OpenProject, dialogFolder());
    if (!path.isEmpty()) openProject(path, OpenMode::OpenExisting);
}

void MainWindow::openRecentProject(const QString& path) {
    openProject(path, OpenMode::OpenExisting);
}

void MainWindow::updateRecentProjectsView() {
    startPage_->setRecentProjects(RecentProjects().paths());
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList paths = RecentProjects().paths();
    for (int i = 0; i < paths.size(); ++i) {
        const QString& path = paths[i];
        // The first nine get a digit mnemonic, like most editors' recent-files menus.
        const QString mnemonic = i < 9 ? QStringLiteral("&%1 ").arg(i + 1) : QString();
        QString name = QFileInfo(path).fileName();
        name.replace(QLatin1Char('&'), QStringLiteral("&&"));
        QAction* action = recentMenu_->addAction(mnemonic + name);
        action->setData(path);
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setStatusTip(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { openRecentProject(path); });
    }
    if (!paths.isEmpty()) recentMenu_->addSeparator();
    QAction* clear = recentMenu_->addAction(tr("&Clear Menu"));
    clear->setObjectName(QStringLiteral("clearRecent"));
    clear->setEnabled(!paths.isEmpty());
    connect(clear, &QAction::triggered, this, [this] {
        RecentProjects().clear();
        updateRecentProjectsView();
    });
}

QString MainWindow::aboutText() const {
    const ComputeDeviceSummary& device = computeDevice();
    return tr("<h3>Tuning Studio %1</h3>"
              "<p>Fine-tune small language models on your own data, on your own computer, "
              "with QLoRA.</p>"
              "<p>Licensed under the GNU General Public License, version 3 or later "
              "(GPL-3.0-or-later).</p>"
              "<p>Built with libtorch %2 and Qt %3 (running on Qt %4).</p>"
              "<p>Compute device: %5</p>")
        .arg(QCoreApplication::applicationVersion().toHtmlEscaped(),
             device.torchVersion.toHtmlEscaped(), QStringLiteral(QT_VERSION_STR),
             QString::fromLatin1(qVersion()), device.description.toHtmlEscaped());
}

void MainWindow::showAbout() {
    // Window-modal but not blocking (open(), not exec()): nothing waits on the box, and a test
    // can read it right after the action fired.
    auto* box = new QMessageBox(this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setWindowTitle(tr("About Tuning Studio"));
    box->setIconPixmap(applicationIcon().pixmap(64, 64));
    box->setTextFormat(Qt::RichText);
    box->setText(aboutText());
    box->open();
}

}  // namespace ts::ui
