// SPDX-License-Identifier: GPL-3.0-or-later
// The main window on real widgets (offscreen): creating and opening projects through the real
// menu actions (with the file choice injected: no modal dialogs), pages and shortcuts, the recent list, error dialogs, settings,
// and a rendered image of the window.
#include "ui/main_window.h"
#include "app/compute_device.h"
#include "app/store/project_store.h"
#include "app/guidance/guided_check.h"
#include "ui/guided_check_banner.h"
#include "ui/pages/project_page.h"
#include "ui/pages/table_counts.h"
#include "ui/start_page.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using ts::OpenMode;
using ts::ui::MainWindow;

namespace {

// Stands in for the file dialogs: records what the window asked for and answers with the next
// queued path (an empty answer is a cancelled dialog). Nothing modal is ever shown.
struct ScriptedFileChooser {
    QStringList answers;
    QList<MainWindow::FileChoice> asked;
    QStringList suggestions;

    void installOn(MainWindow& window) {
        window.setFileChooser([this](MainWindow::FileChoice choice, const QString& suggested) {
            asked << choice;
            suggestions << suggested;
            return answers.isEmpty() ? QString() : answers.takeFirst();
        });
    }
};

// Collects what the window would have shown in an error box.
struct ReportedErrors {
    QStringList titles;
    QStringList messages;

    void installOn(MainWindow& window) {
        window.setErrorReporter([this](const QString& title, const QString& message) {
            titles << title;
            messages << message;
        });
    }
};

QAction* findAction(QWidget* window, const QString& text) {
    const QList<QAction*> actions = window->findChildren<QAction*>();
    for (QAction* action : actions)
        if (action->text() == text) return action;
    return nullptr;
}

}  // namespace

class MainWindowTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void startPageWithoutProject();
    void newProjectThroughMenu();
    void ctrlDigitSwitchesPages();
    void pagesShowRowCountsFromTheProject();
    void recentProjectsListAndMenu();
    void openingANonProjectReportsAndKeepsTheOpenProject();
    void openingAMissingFileNamesIt();
    void olderProjectIsUpgradedOffTheGuiThread();
    void guidedCheckRerunsWithPreviousAnswersAndSkipKeepsThem();
    void settingsRememberPageAndFolder();
    void aboutTextNamesVersionsAndDevice();
    void closeProjectReturnsToStartPage();
    void renderedWindowIsNonTrivial();

private:
    QString projectPath() const {
        return workDir_.filePath(QStringLiteral("Sentiment Study.tsproj"));
    }

    QTemporaryDir settingsDir_;
    QTemporaryDir workDir_;
};

void MainWindowTest::initTestCase() {
    QVERIFY(settingsDir_.isValid());
    QVERIFY(workDir_.isValid());
    // Keep the user's real settings (and recent list) out of the test.
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
    QCoreApplication::setOrganizationName(QStringLiteral("TuningStudio"));
    QCoreApplication::setApplicationName(QStringLiteral("Tuning Studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral("9.8.7"));
    QVERIFY2(QSettings().fileName().startsWith(settingsDir_.path()),
             qPrintable(QSettings().fileName()));
}

void MainWindowTest::startPageWithoutProject() {
    MainWindow window;
    window.show();
    QCOMPARE(window.windowTitle(), QStringLiteral("Tuning Studio"));
    QVERIFY(window.project() == nullptr);
    QCOMPARE(window.currentPageIndex(), -1);
    auto* start = window.findChild<ts::ui::StartPage*>();
    QVERIFY(start && start->isVisible());
    QVERIFY(window.findChild<QWidget*>(QStringLiteral("newProjectButton"))->isVisible());
    QVERIFY(window.findChild<QWidget*>(QStringLiteral("openProjectButton"))->isVisible());
    // Page switching and Close Project mean nothing without a project.
    QVERIFY(!findAction(&window, QStringLiteral("&Close Project"))->isEnabled());
    QVERIFY(!window.findChild<QAction*>(QStringLiteral("showPage2"))->isEnabled());
    QCOMPARE(window.projectStatusText(), QStringLiteral("No project open"));
}

void MainWindowTest::newProjectThroughMenu() {
    MainWindow window;
    window.show();
    QAction* newAction = findAction(&window, QStringLiteral("&New Project…"));
    QVERIFY(newAction);
    QCOMPARE(newAction->shortcut(), QKeySequence(QKeySequence::New));

    ScriptedFileChooser files;
    files.installOn(window);
    ReportedErrors errors;
    errors.installOn(window);
    // The guided check that follows a new project: answered "format is inconsistent".
    QList<std::optional<ts::GuidedCheckAnswers>> checkAskedWith;
    window.setGuidedCheckAsker([&checkAskedWith](const std::optional<ts::GuidedCheckAnswers>& previous) {
        checkAskedWith << previous;
        return std::optional<ts::GuidedCheckAnswers>(ts::GuidedCheckAnswers{false, false, true});
    });

    // A cancelled dialog changes nothing.
    newAction->trigger();
    QCOMPARE(files.asked.size(), 1);
    QVERIFY(window.project() == nullptr);
    QVERIFY(errors.titles.isEmpty());

    // The user types the name without the suffix; the window adds ".tsproj".
    files.answers << workDir_.filePath(QStringLiteral("Sentiment Study"));
    newAction->trigger();
    QCOMPARE(files.asked.size(), 2);
    QCOMPARE(files.asked[1], MainWindow::FileChoice::NewProject);
    QVERIFY2(files.suggestions[1].endsWith(QStringLiteral("Untitled.tsproj")),
             qPrintable(files.suggestions[1]));
    QVERIFY(errors.titles.isEmpty());
    // The new project was asked the guided check once, with nothing to pre-fill, and keeps the
    // answers and the recommendation; the Datasets page shows it.
    QCOMPARE(checkAskedWith.size(), 1);
    QVERIFY(!checkAskedWith[0].has_value());
    const auto record = ts::loadGuidedCheck(*window.project());
    QVERIFY(record.has_value());
    QCOMPARE(record->verdict, ts::GuidedCheckVerdict::FineTune);
    QCOMPARE(window.project()->meta(QStringLiteral("guided_check.recommendation")),
             QStringLiteral("fine_tune"));
    auto* banner = window.pages()[0]->findChild<ts::ui::GuidedCheckBanner*>();
    QVERIFY(banner && banner->isVisible());
    QVERIFY2(banner->text().contains(
                 ts::guidedCheckAdvice(ts::GuidedCheckVerdict::FineTune).headline.toHtmlEscaped()),
             qPrintable(banner->text()));

    QVERIFY(QFile::exists(projectPath()));
    QVERIFY(window.project() != nullptr);
    QCOMPARE(QFileInfo(window.project()->path()).absoluteFilePath(),
             QFileInfo(projectPath()).absoluteFilePath());
    QCOMPARE(window.windowTitle(),
             window.project()->projectName() + QStringLiteral(" — Tuning Studio"));
    QVERIFY(window.windowTitle().contains(QStringLiteral("Sentiment Study")));

    const QStringList expectedTitles = {QStringLiteral("Datasets"), QStringLiteral("Annotate"),
                                        QStringLiteral("Recipes"), QStringLiteral("Runs"),
                                        QStringLiteral("Evaluate & Compare"), QStringLiteral("Production")};
    QCOMPARE(window.pages().size(), expectedTitles.size());
    for (int i = 0; i < expectedTitles.size(); ++i) {
        ts::ui::ProjectPage* page = window.pages()[i];
        QCOMPARE(page->title(), expectedTitles[i]);
        // Each page names the project and says what it is for.
        QCOMPARE(page->findChild<QLabel*>(QStringLiteral("projectName"))->text(),
                 window.project()->projectName().toUpper());
        QVERIFY(page->findChild<QLabel*>(QStringLiteral("pageDescription"))->text().size() > 60);
    }
    auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigation"));
    QVERIFY(navigation && navigation->isVisible());
    QCOMPARE(navigation->count(), expectedTitles.size());
    QCOMPARE(window.currentPageIndex(), 0);

    // Status bar: the device the engine sees, the project path and its schema version.
    const QString device = window.deviceStatusText();
    QVERIFY2(QRegularExpression(QStringLiteral("^(CPU|CUDA): .+")).match(device).hasMatch(),
             qPrintable(device));
    QCOMPARE(device, ts::computeDeviceDescription());
    QVERIFY(window.projectStatusText().contains(QDir::toNativeSeparators(projectPath())));
    QVERIFY(window.projectStatusText().endsWith(
        QStringLiteral("Schema v%1").arg(window.project()->schemaVersion())));
    QVERIFY(window.project()->schemaVersion() >= 1);

    // A second New Project onto the same file is refused by the store, and said so.
    files.answers << projectPath();
    newAction->trigger();
    QCOMPARE(files.asked.size(), 3);
    QCOMPARE(checkAskedWith.size(), 1);  // no new project, no check
    QCOMPARE(errors.titles, QStringList{QStringLiteral("Could Not Create Project")});
    QVERIFY2(errors.messages[0].contains(QStringLiteral("Sentiment Study.tsproj")),
             qPrintable(errors.messages[0]));
    QVERIFY(window.project() != nullptr);
}

void MainWindowTest::ctrlDigitSwitchesPages() {
    MainWindow window;
    QVERIFY(window.openProject(projectPath(), OpenMode::OpenExisting));
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.showPage(0);

    QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(window.currentPageIndex(), 1);
    QCOMPARE(window.pages()[1]->isVisible(), true);
    QCOMPARE(window.pages()[0]->isVisible(), false);
    QVERIFY(window.findChild<QAction*>(QStringLiteral("showPage2"))->isChecked());
    QCOMPARE(window.findChild<QListWidget*>(QStringLiteral("navigation"))->currentRow(), 1);
    // The Annotate page's keys work at once: its view has the focus.
    QVERIFY(QApplication::focusWidget());
    QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("annotationView"));

    QTest::keyClick(&window, Qt::Key_5, Qt::ControlModifier);
    QCOMPARE(window.currentPageIndex(), 4);
    QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(window.currentPageIndex(), 0);
}

void MainWindowTest::pagesShowRowCountsFromTheProject() {
    MainWindow window;
    QVERIFY(window.openProject(projectPath(), OpenMode::OpenExisting));
    window.show();
    auto* datasetsCount = window.pages()[0]->findChild<QLabel*>(QStringLiteral("count_datasets"));
    QVERIFY(datasetsCount);
    QCOMPARE(datasetsCount->text(), QStringLiteral("0"));

    // Rows written behind the page's back show up once the page is shown again.
    {
        QSqlQuery insert(window.project()->database());
        QVERIFY(
            insert.exec(QStringLiteral("INSERT INTO datasets(name) VALUES ('reviews'), ('faq')")));
    }
    window.showPage(1);
    window.showPage(0);
    datasetsCount = window.pages()[0]->findChild<QLabel*>(QStringLiteral("count_datasets"));
    QCOMPARE(datasetsCount->text(), QStringLiteral("2"));
    // A table the schema lacks counts as absent (the page shows a dash), not as a made-up zero.
    QCOMPARE(ts::ui::countTableRows(window.project()->database(), QStringLiteral("datasets")),
             std::optional<qint64>(2));
    QCOMPARE(ts::ui::countTableRows(window.project()->database(), QStringLiteral("no_such_table")),
             std::optional<qint64>());
    {
        QSqlQuery cleanup(window.project()->database());
        QVERIFY(cleanup.exec(QStringLiteral("DELETE FROM datasets")));
    }
}

void MainWindowTest::recentProjectsListAndMenu() {
    MainWindow window;
    window.show();
    // The project created above is on the start page's list and in File ▸ Open Recent.
    auto* recent = window.findChild<QListWidget*>(QStringLiteral("recentProjects"));
    QVERIFY(recent);
    QVERIFY(recent->count() >= 1);
    QVERIFY(recent->item(0)->text().contains(QStringLiteral("Sentiment Study")));
    auto* menu = window.findChild<QMenu*>(QStringLiteral("recentMenu"));
    QVERIFY(menu);
    QAction* first = menu->actions().value(0);
    QVERIFY(first && first->text().contains(QStringLiteral("Sentiment Study.tsproj")));

    // Clicking the entry opens the project.
    const QRect itemRect = recent->visualItemRect(recent->item(0));
    QTest::mouseClick(recent->viewport(), Qt::LeftButton, {}, itemRect.center());
    QVERIFY(window.project() != nullptr);
    QVERIFY(window.windowTitle().startsWith(window.project()->projectName()));

    // "Clear" empties both the menu and the start page list.
    window.closeProject();
    QAction* clear = window.findChild<QAction*>(QStringLiteral("clearRecent"));
    QVERIFY(clear && clear->isEnabled());
    clear->trigger();
    QCOMPARE(recent->count(), 0);
    clear = window.findChild<QAction*>(QStringLiteral("clearRecent"));
    QVERIFY(!clear->isEnabled());
    QCOMPARE(menu->actions().size(), 1);  // only "Clear Menu" is left

    // Opening through the menu's file choice puts it back; the choice starts in the folder of
    // the last project.
    ScriptedFileChooser files;
    files.installOn(window);
    files.answers << projectPath();
    findAction(&window, QStringLiteral("&Open Project…"))->trigger();
    QCOMPARE(files.asked, QList<MainWindow::FileChoice>{MainWindow::FileChoice::OpenProject});
    QCOMPARE(files.suggestions[0], QFileInfo(projectPath()).absolutePath());
    QVERIFY(window.project() != nullptr);
    QCOMPARE(recent->count(), 1);
}

void MainWindowTest::openingANonProjectReportsAndKeepsTheOpenProject() {
    const QString notAProject = workDir_.filePath(QStringLiteral("notes.tsproj"));
    {
        QFile file(notAProject);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("These are plain-text notes, not a SQLite database.\n");
    }
    MainWindow window;
    QVERIFY(window.openProject(projectPath(), OpenMode::OpenExisting));
    window.show();
    window.showPage(2);
    const QString titleBefore = window.windowTitle();
    const QString statusBefore = window.projectStatusText();

    ScriptedFileChooser files;
    files.installOn(window);
    ReportedErrors errors;
    errors.installOn(window);
    files.answers << notAProject;
    findAction(&window, QStringLiteral("&Open Project…"))->trigger();
    QCOMPARE(files.asked.size(), 1);
    QCOMPARE(errors.titles, QStringList{QStringLiteral("Could Not Open Project")});
    QVERIFY2(errors.messages[0].contains(QStringLiteral("notes.tsproj")),
             qPrintable(errors.messages[0]));

    // Nothing changed: same project, same page, same title and status bar.
    QVERIFY(window.project() != nullptr);
    QCOMPARE(QFileInfo(window.project()->path()).fileName(),
             QStringLiteral("Sentiment Study.tsproj"));
    QCOMPARE(window.windowTitle(), titleBefore);
    QCOMPARE(window.projectStatusText(), statusBefore);
    QCOMPARE(window.currentPageIndex(), 2);
    // The failed file is not remembered as a recent project, and is left as it was.
    const QStringList listed = [&] {
        QStringList texts;
        auto* recent = window.findChild<QListWidget*>(QStringLiteral("recentProjects"));
        for (int i = 0; i < recent->count(); ++i) texts << recent->item(i)->text();
        return texts;
    }();
    QVERIFY(!listed.join(QLatin1Char('\n')).contains(QStringLiteral("notes")));
    QFile file(notAProject);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("These are plain-text notes, not a SQLite database.\n"));
}

void MainWindowTest::openingAMissingFileNamesIt() {
    MainWindow window;
    QStringList reported;
    window.setErrorReporter([&reported](const QString& title, const QString& message) {
        reported << title << message;
    });
    const QString missing = workDir_.filePath(QStringLiteral("nowhere/gone.tsproj"));
    QVERIFY(!window.openProject(missing, OpenMode::OpenExisting));
    QCOMPARE(reported.size(), 2);
    QVERIFY2(reported[1].contains(QStringLiteral("gone.tsproj")), qPrintable(reported[1]));
    QVERIFY(window.project() == nullptr);
    QCOMPARE(window.windowTitle(), QStringLiteral("Tuning Studio"));
}

// An older project is migrated on a worker thread behind a progress dialog. Another connection
// holds the write lock until a timer on the GUI thread lets go: the upgrade waits for it, so the
// timer fires only because the GUI thread keeps running meanwhile (on the GUI thread the upgrade
// would wait out the busy timeout and fail).
void MainWindowTest::olderProjectIsUpgradedOffTheGuiThread() {
    const QString path = workDir_.filePath(QStringLiteral("older.tsproj"));
    {
        ts::ProjectStore old;
        const ts::OpenResult created =
            old.open(path, OpenMode::CreateNew, ts::projectMigrations().mid(0, 2));
        QVERIFY2(created.ok, qPrintable(created.error));
        QSqlQuery insert(old.database());
        QVERIFY(insert.exec(QStringLiteral("INSERT INTO datasets (name) VALUES ('kept')")));
        old.close();
    }
    QVERIFY(ts::ProjectStore::needsUpgrade(path));
    const QString lockName = QStringLiteral("upgrade_lock");
    bool dialogShown = false;
    {
        QSqlDatabase lock = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), lockName);
        lock.setDatabaseName(path);
        QVERIFY(lock.open());
        QSqlQuery(lock).exec(QStringLiteral("BEGIN IMMEDIATE"));
        MainWindow window;
        ReportedErrors errors;
        errors.installOn(window);
        window.show();
        QTimer::singleShot(900, &window, [&] {
            auto* dialog = window.findChild<QProgressDialog*>(QStringLiteral("projectUpgrade"));
            dialogShown = dialog && dialog->isVisible();
            QSqlQuery(lock).exec(QStringLiteral("ROLLBACK"));
        });
        QVERIFY(window.openProject(path, OpenMode::OpenExisting));
        QVERIFY2(errors.titles.isEmpty(), qPrintable(errors.messages.join(QLatin1Char('\n'))));
        QCOMPARE(window.project()->schemaVersion(), ts::latestSchemaVersion());
        QSqlQuery kept(window.project()->database());
        QVERIFY(kept.exec(QStringLiteral("SELECT name FROM datasets")) && kept.next());
        QCOMPARE(kept.value(0).toString(), QStringLiteral("kept"));
        window.closeProject();
        lock.close();
    }
    QSqlDatabase::removeDatabase(lockName);
    QVERIFY(dialogShown);
    QVERIFY(!ts::ProjectStore::needsUpgrade(path));
}

void MainWindowTest::guidedCheckRerunsWithPreviousAnswersAndSkipKeepsThem() {
    MainWindow window;
    QVERIFY(window.openProject(projectPath(), OpenMode::OpenExisting));
    window.show();
    window.showPage(0);
    QAction* check = window.findChild<QAction*>(QStringLiteral("guidedCheckAction"));
    QVERIFY(check && check->isEnabled());

    // File ▸ Fine-Tuning Check offers the stored answers and replaces them with the new ones.
    QList<std::optional<ts::GuidedCheckAnswers>> askedWith;
    std::optional<ts::GuidedCheckAnswers> reply = ts::GuidedCheckAnswers{true, false, true};
    window.setGuidedCheckAsker([&](const std::optional<ts::GuidedCheckAnswers>& previous) {
        askedWith << previous;
        return reply;
    });
    check->trigger();
    QCOMPARE(askedWith.size(), 1);
    QVERIFY(askedWith[0].has_value());
    QVERIFY(*askedWith[0] == (ts::GuidedCheckAnswers{false, false, true}));
    QCOMPARE(ts::loadGuidedCheck(*window.project())->verdict,
             ts::GuidedCheckVerdict::UseRetrieval);
    auto* banner = window.pages()[0]->findChild<ts::ui::GuidedCheckBanner*>();
    QVERIFY(banner->text().contains(QStringLiteral("retrieval")));

    // Skipping keeps what was stored.
    reply.reset();
    QVERIFY(!window.runGuidedCheck());
    QCOMPARE(ts::loadGuidedCheck(*window.project())->verdict,
             ts::GuidedCheckVerdict::UseRetrieval);
    // Back to the answers the other tests expect.
    reply = ts::GuidedCheckAnswers{false, false, true};
    QVERIFY(window.runGuidedCheck());

    // Without a project there is nothing to check.
    window.closeProject();
    QVERIFY(!check->isEnabled());
    QVERIFY(!window.runGuidedCheck());
    QCOMPARE(askedWith.size(), 3);
}

void MainWindowTest::settingsRememberPageAndFolder() {
    {
        MainWindow window;
        QVERIFY(window.openProject(projectPath(), OpenMode::OpenExisting));
        window.show();
        window.showPage(3);
        window.resize(1000, 700);
        window.close();  // saves geometry and state
    }
    QSettings settings;
    QCOMPARE(settings.value(QStringLiteral("mainWindow/currentPage")).toInt(), 3);
    QCOMPARE(settings.value(QStringLiteral("paths/lastFolder")).toString(),
             QFileInfo(projectPath()).absolutePath());
    QVERIFY(!settings.value(QStringLiteral("mainWindow/geometry")).toByteArray().isEmpty());

    MainWindow reopened;
    QCOMPARE(reopened.size(), QSize(1000, 700));
    QVERIFY(reopened.openProject(projectPath(), OpenMode::OpenExisting));
    QCOMPARE(reopened.currentPageIndex(), 3);
}

void MainWindowTest::aboutTextNamesVersionsAndDevice() {
    MainWindow window;
    const QString about = window.aboutText();
    QVERIFY(about.contains(QStringLiteral("Tuning Studio 9.8.7")));
    QVERIFY(about.contains(QStringLiteral("GPL-3.0-or-later")));
    QVERIFY(about.contains(QString::fromLatin1(qVersion())));
    QVERIFY(!ts::computeDevice().torchVersion.isEmpty());
    QVERIFY(about.contains(QStringLiteral("libtorch ") + ts::computeDevice().torchVersion));
    QVERIFY(about.contains(ts::computeDeviceDescription().toHtmlEscaped()));

    // The real box opens from Help without blocking and shows that text (its image is kept for
    // review); closing it deletes it.
    window.show();
    findAction(&window, QStringLiteral("&About Tuning Studio"))->trigger();
    QPointer<QMessageBox> box = window.findChild<QMessageBox*>(QStringLiteral("aboutBox"));
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QCOMPARE(box->windowTitle(), QStringLiteral("About Tuning Studio"));
    QCOMPARE(box->text(), about);
    const QImage boxImage = box->grab().toImage();
    box->accept();
    QTRY_VERIFY(box.isNull());
    QVERIFY(boxImage.width() > 200 && boxImage.height() > 100);
    boxImage.save(QDir(QStringLiteral(TS_BUILD_DIR)).filePath(QStringLiteral("about_box.png")));
}

void MainWindowTest::closeProjectReturnsToStartPage() {
    MainWindow window;
    QVERIFY(window.openProject(projectPath(), OpenMode::OpenExisting));
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_W, Qt::ControlModifier);
    QVERIFY(window.project() == nullptr);
    QCOMPARE(window.windowTitle(), QStringLiteral("Tuning Studio"));
    QVERIFY(window.findChild<ts::ui::StartPage*>()->isVisible());
    QCOMPARE(window.currentPageIndex(), -1);
    for (int i = 1; i <= 5; ++i)
        QVERIFY(!window.findChild<QAction*>(QStringLiteral("showPage%1").arg(i))->isChecked());

    // Reopening shows the same page as before, with its View action checked again.
    QVERIFY(window.openProject(projectPath(), OpenMode::OpenExisting));
    const int page = window.currentPageIndex();
    QVERIFY(page >= 0);
    QVERIFY(window.findChild<QAction*>(QStringLiteral("showPage%1").arg(page + 1))->isChecked());
}

void MainWindowTest::renderedWindowIsNonTrivial() {
    MainWindow window;
    QVERIFY(window.openProject(projectPath(), OpenMode::OpenExisting));
    window.resize(1180, 760);
    window.show();
    window.showPage(0);
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const QImage image = window.grab().toImage();
    const QString out =
        QDir(QStringLiteral(TS_BUILD_DIR)).filePath(QStringLiteral("main_window.png"));
    QVERIFY2(image.save(out, "PNG"), qPrintable(out));
    const QImage reloaded(out);
    QVERIFY(reloaded.width() >= 760 && reloaded.height() >= 480);
    // A real rendering has text, icons and panels: many distinct colours, not one flat fill.
    QSet<QRgb> colours;
    for (int y = 0; y < reloaded.height(); y += 2)
        for (int x = 0; x < reloaded.width(); x += 2) colours.insert(reloaded.pixel(x, y));
    QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
}

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
