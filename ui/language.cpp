// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/language.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QLibraryInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QTranslator>

#include <cstring>

namespace ts::ui {

namespace {
// Qt 6.4's lupdate does not understand C++17 nested namespace definitions (`namespace ts::ui {`)
// and files the texts of ts::ui::MainWindow under "MainWindow", while tr() at run time asks for
// the qualified class name. Looking the unqualified name up as well bridges the two without
// rewriting every file's namespace.
class UnqualifiedContextTranslator : public QTranslator {
public:
    using QTranslator::QTranslator;

    QString translate(const char* context, const char* sourceText, const char* disambiguation,
                      int n) const override {
        QString text = QTranslator::translate(context, sourceText, disambiguation, n);
        if (!text.isEmpty() || !context) return text;
        const char* unqualified = std::strrchr(context, ':');
        if (!unqualified || unqualified == context) return text;
        return QTranslator::translate(unqualified + 1, sourceText, disambiguation, n);
    }
};
}  // namespace

QString languageSettingsKey() {
    return QStringLiteral("ui/language");
}

QStringList availableLanguages() {
    return {QStringLiteral("en"), QStringLiteral("de")};
}

QLocale configuredLocale() {
    const QString name = QSettings().value(languageSettingsKey()).toString();
    return name.isEmpty() ? QLocale::system() : QLocale(name);
}

bool installTranslations(QCoreApplication& app, const QLocale& locale) {
    QLocale::setDefault(locale);  // numbers and dates follow the interface language
    if (locale.language() == QLocale::English || locale.language() == QLocale::C) return true;
    // Parented to the application, so they live as long as it does.
    auto* qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    QTranslator* appTranslator = loadApplicationTranslator(locale, QStringLiteral(":/i18n"), &app);
    if (!appTranslator) return false;
    QCoreApplication::installTranslator(appTranslator);
    return true;
}

QTranslator* loadApplicationTranslator(const QLocale& locale, const QString& folder,
                                       QObject* parent) {
    auto* translator = new UnqualifiedContextTranslator(parent);
    if (translator->load(locale, QStringLiteral("tuning-studio"), QStringLiteral("_"), folder))
        return translator;
    delete translator;
    return nullptr;
}

QMenu* createLanguageMenu(QWidget* parent) {
    auto* menu = new QMenu(QApplication::translate("Language", "&Language"), parent);
    menu->setObjectName(QStringLiteral("languageMenu"));
    auto* group = new QActionGroup(menu);
    group->setExclusive(true);
    const QString current = QSettings().value(languageSettingsKey()).toString();
    auto addChoice = [&](const QString& code, const QString& label) {
        QAction* action = menu->addAction(label);
        action->setObjectName(QStringLiteral("language_") +
                              (code.isEmpty() ? QStringLiteral("system") : code));
        action->setCheckable(true);
        action->setChecked(code == current);
        group->addAction(action);
        QObject::connect(action, &QAction::triggered, menu, [parent, code] {
            QSettings().setValue(languageSettingsKey(), code);
            QMessageBox::information(
                parent, QApplication::translate("Language", "Language Changed"),
                QApplication::translate("Language",
                                        "The new language applies when Tuning Studio is "
                                        "started again."));
        });
    };
    addChoice(QString(), QApplication::translate("Language", "System Default"));
    menu->addSeparator();
    // Each language by its own name, so a user who cannot read the current one finds theirs.
    for (const QString& code : availableLanguages()) {
        const QLocale locale(code);
        QString name = locale.nativeLanguageName();
        if (!name.isEmpty()) name[0] = name[0].toUpper();
        addChoice(code, name);
    }
    return menu;
}

}  // namespace ts::ui
