// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The interface language: which translation main() installs (QSettings "ui/language": empty =
// the system's language, else a locale name such as "de"), and the View ▸ Language menu that
// changes it (it takes effect on the next start).
#include <QLocale>
#include <QString>

class QCoreApplication;
class QObject;
class QTranslator;
class QMenu;
class QWidget;

namespace ts::ui {

// The settings key and the translations shipped, as locale names ("en" is the source text).
QString languageSettingsKey();
QStringList availableLanguages();

// The language chosen in the settings, or the system's when none is chosen.
QLocale configuredLocale();

// The application's translator for `locale`, loaded from `folder` (":/i18n" when embedded), or
// nullptr when there is none. It also finds texts that lupdate filed under an unqualified class
// name (see language.cpp).
QTranslator* loadApplicationTranslator(const QLocale& locale, const QString& folder,
                                       QObject* parent);

// Installs the application's translation for `locale` (from ":/i18n", embedded at build time)
// and Qt's own where the system has it; returns whether the application's was found. English
// needs none and returns true.
bool installTranslations(QCoreApplication& app, const QLocale& locale);

// "Language" menu: System default and one entry per available language, the configured one
// checked. Choosing one stores it and tells the user it applies after a restart.
QMenu* createLanguageMenu(QWidget* parent);

}  // namespace ts::ui
