// SPDX-License-Identifier: GPL-3.0-or-later
// `tuning-studio [--new] [PROJECT.tsproj] [--screenshot FILE.png]`: the desktop application.
// A thin main: parse the command line, set the application's identity, show the main window.
#include "ui/icons.h"
#include "ui/language.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QImage>
#include <QPixmap>
#include <QTimer>

#include <cstdio>

#ifndef TS_VERSION
#define TS_VERSION "0.0.0"
#endif

namespace {
void printError(const QString& message) {
    std::fprintf(stderr, "tuning-studio: %s\n", qUtf8Printable(message));
}
}  // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    // These name the QSettings file (~/.config/TuningStudio/Tuning Studio.conf) as well.
    QCoreApplication::setOrganizationName(QStringLiteral("TuningStudio"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("tuning-studio.org"));
    QCoreApplication::setApplicationName(QStringLiteral("Tuning Studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TS_VERSION));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Tuning Studio"));
    QGuiApplication::setDesktopFileName(QStringLiteral("tuning-studio"));
    QApplication::setWindowIcon(ts::ui::applicationIcon());
    // The interface language: QSettings "ui/language", else the system's (LANG and friends).
    ts::ui::installTranslations(app, ts::ui::configuredLocale());

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Fine-tune small language models on your own data, with QLoRA."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("project"),
        QCoreApplication::translate("main", "A project file (.tsproj) to open."),
        QStringLiteral("[PROJECT.tsproj]"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QCoreApplication::translate(
            "main", "Render the main window to FILE (PNG) once it is shown, then quit."),
        QStringLiteral("FILE"));
    parser.addOption(screenshotOption);
    const QCommandLineOption newOption(
        QStringLiteral("new"),
        QCoreApplication::translate("main",
                                    "Create PROJECT.tsproj as a new, empty project and open it."));
    parser.addOption(newOption);
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QCoreApplication::translate("main",
                                    "Open the built-in demo project (created on first use)."));
    parser.addOption(demoOption);
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        printError(QCoreApplication::translate("main", "expected at most one project file, got %1")
                       .arg(positional.size()));
        return 2;
    }
    if (parser.isSet(newOption) && positional.isEmpty()) {
        printError(QCoreApplication::translate("main", "--new needs a project file name"));
        return 2;
    }
    const QString screenshotPath = parser.value(screenshotOption);
    const bool screenshotMode = !screenshotPath.isEmpty();

    ts::ui::MainWindow window;
    if (screenshotMode) {
        // Nobody is there to close a dialog: errors go to stderr and fail the run.
        window.setErrorReporter([](const QString& title, const QString& message) {
            printError(title + QStringLiteral(": ") + message);
        });
    }
    const ts::OpenMode mode =
        parser.isSet(newOption) ? ts::OpenMode::CreateNew : ts::OpenMode::OpenExisting;
    if (parser.isSet(demoOption)) {
        if (!window.openDemoProject() && screenshotMode) return 1;
    } else if (!positional.isEmpty() && !window.openProject(positional.first(), mode) &&
               screenshotMode) {
        return 1;
    }
    window.show();

    if (screenshotMode) {
        // Give the window a moment to be laid out and painted at its final size.
        QTimer::singleShot(500, &window, [&window, screenshotPath] {
            const QPixmap shot = window.grab();
            if (shot.isNull() || !shot.save(screenshotPath, "PNG")) {
                printError(QCoreApplication::translate("main", "could not write the screenshot %1")
                               .arg(QFileInfo(screenshotPath).absoluteFilePath()));
                QCoreApplication::exit(1);
                return;
            }
            QCoreApplication::exit(0);
        });
    }
    return app.exec();
}
