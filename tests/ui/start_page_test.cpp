// SPDX-License-Identifier: GPL-3.0-or-later
// The welcome page on real widgets (offscreen): its buttons, the recent list, and the demo
// button, which creates the demo project on first use and opens it in the main window exactly as
// `tuning-studio --demo` does (same file, same content), and opens the same file again later.
#include "ui/start_page.h"
#include "app/demo/demo_project.h"
#include "app/recipes/recipe_store.h"
#include "app/store/project_store.h"
#include "ui/main_window.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using ts::ui::MainWindow;
using ts::ui::StartPage;

namespace {
qint64 count(const QSqlDatabase& db, const QString& table) {
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM ") + table) || !q.next()) return -1;
    return q.value(0).toLongLong();
}
}  // namespace

class StartPageTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY(settingsDir_.isValid());
        // Test mode keeps the demo project and the settings out of the user's real folders.
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
        QCoreApplication::setOrganizationName(QStringLiteral("TuningStudioTest"));
        QCoreApplication::setApplicationName(QStringLiteral("StartPageTest"));
        // Start from no demo project, whatever an earlier run left.
        const QString demo = ts::demoProjectPath();
        QVERIFY2(demo.contains(QStringLiteral("qttest")), qPrintable(demo));
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(demo + suffix);
        QVERIFY(!QFileInfo::exists(demo));
    }

    void buttonsEmitTheirRequests() {
        StartPage page;
        page.show();
        QSignalSpy newSpy(&page, &StartPage::newProjectRequested);
        QSignalSpy openSpy(&page, &StartPage::openProjectRequested);
        QSignalSpy demoSpy(&page, &StartPage::demoProjectRequested);
        auto* demoButton = page.findChild<QPushButton*>(QStringLiteral("demoProjectButton"));
        QVERIFY(demoButton && demoButton->isVisible());
        QVERIFY(!demoButton->toolTip().isEmpty());
        QTest::mouseClick(demoButton, Qt::LeftButton);
        QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("newProjectButton")),
                          Qt::LeftButton);
        QCOMPARE(demoSpy.count(), 1);
        QCOMPARE(newSpy.count(), 1);
        QCOMPARE(openSpy.count(), 0);

        // The recent list shows names without the suffix and hides when empty.
        page.setRecentProjects(
            {QStringLiteral("/data/a/Reviews.tsproj"), QStringLiteral("/data/b/Support.tsproj")});
        QCOMPARE(page.recentList()->count(), 2);
        QCOMPARE(page.recentList()->item(1)->text(), QStringLiteral("Support"));
        QVERIFY(page.recentList()->isVisible());
        page.setRecentProjects({});
        QVERIFY(!page.recentList()->isVisible());
    }

    void demoButtonCreatesAndOpensTheDemoProject() {
        MainWindow window;
        QStringList errors;
        window.setErrorReporter([&errors](const QString& title, const QString& message) {
            errors << title + QStringLiteral(": ") + message;
        });
        window.resize(1180, 760);
        window.show();
        QVERIFY(window.project() == nullptr);
        auto* demoButton = window.findChild<QPushButton*>(QStringLiteral("demoProjectButton"));
        QVERIFY(demoButton && demoButton->isVisible());

        QTest::mouseClick(demoButton, Qt::LeftButton);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        QVERIFY(window.project() != nullptr);
        // The same file --demo opens, filled from the resources: two datasets (tickets and the
        // general-capability set) and the CPU recipe.
        QCOMPARE(QFileInfo(window.project()->path()).canonicalFilePath(),
                 QFileInfo(ts::demoProjectPath()).canonicalFilePath());
        QCOMPARE(window.project()->projectName(), QStringLiteral("Support triage (demo)"));
        qint64 examples = 0;
        {
            // Scoped: the connection handle must be gone before the project closes.
            const QSqlDatabase db = window.project()->database();
            QCOMPARE(count(db, QStringLiteral("datasets")), 2);
            examples = count(db, QStringLiteral("examples"));
            QVERIFY(examples > 50);
            QVERIFY(ts::loadSavedRecipe(db, QStringLiteral("CPU demo")).has_value());
        }
        QVERIFY(window.currentPageIndex() >= 0);
        const QDateTime created = QFileInfo(ts::demoProjectPath()).lastModified();

        // Back to the welcome page: the demo is now a recent project, and the button opens the
        // same file again without re-importing anything.
        window.closeProject();
        auto* recent = window.findChild<QListWidget*>(QStringLiteral("recentProjects"));
        QCOMPARE(recent->count(), 1);
        QCOMPARE(recent->item(0)->text(), QStringLiteral("support-triage-demo"));
        // The welcome page with the demo as a recent project (kept for the user guide).
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.grab().save(
            QDir(QStringLiteral(TS_BUILD_DIR)).filePath(QStringLiteral("welcome.png"))));
        QVERIFY(window.openDemoProject());
        QCOMPARE(count(window.project()->database(), QStringLiteral("examples")), examples);
        QCOMPARE(QFileInfo(window.project()->path()).canonicalFilePath(),
                 QFileInfo(ts::demoProjectPath()).canonicalFilePath());
        QVERIFY(QFileInfo(ts::demoProjectPath()).lastModified() >= created);
        QVERIFY(errors.isEmpty());
    }

    void demoThatCannotBeCreatedIsReported() {
        // A file in the way of the demo folder: creating fails, the error says so, nothing opens.
        const QString demo = ts::demoProjectPath();
        const QString folder = QFileInfo(demo).absolutePath();
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(demo + suffix);
        QVERIFY(QDir(folder).removeRecursively());
        QFile blocker(folder);
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();

        MainWindow window;
        QStringList errors;
        window.setErrorReporter([&errors](const QString& title, const QString& message) {
            errors << title << message;
        });
        QVERIFY(!window.openDemoProject());
        QVERIFY(window.project() == nullptr);
        QCOMPARE(errors.size(), 2);
        QCOMPARE(errors[0], QStringLiteral("Could Not Create the Demo Project"));
        QVERIFY2(errors[1].contains(QStringLiteral("support-triage-demo.tsproj")),
                 qPrintable(errors[1]));
        QVERIFY(QFile::remove(folder));
    }

private:
    QTemporaryDir settingsDir_;
};

QTEST_MAIN(StartPageTest)
#include "start_page_test.moc"
