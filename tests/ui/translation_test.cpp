// SPDX-License-Identifier: GPL-3.0-or-later
// The German translation: the .ts file is complete (every message and every plural form
// finished, placeholders and mnemonics kept), and the embedded .qm turns known texts of real
// widgets German, including classes in the ts::ui namespace that lupdate files under their
// unqualified name, and plural forms.
#include "app/guidance/guided_check.h"
#include "ui/language.h"
#include "ui/main_window.h"
#include "ui/eval/versions_panel.h"
#include "ui/recipes/recipe_editor.h"

#include <QFile>
#include <QMenuBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include <memory>

namespace {
const QString kTsFile = QStringLiteral(TS_TEST_DATA_DIR "/../../translations/tuning-studio_de.ts");

QStringList placeholders(const QString& text) {
    QStringList found;
    static const QRegularExpression pattern(QStringLiteral("%(\\d+|v|m|n)"));
    for (auto it = pattern.globalMatch(text); it.hasNext();) found << it.next().captured(0);
    found.sort();
    return found;
}

// Mnemonic markers: a single '&' before a letter (not "&&", not an HTML entity).
int mnemonics(const QString& text) {
    static const QRegularExpression pattern(QStringLiteral("(?<!&)&(?![&#a-z]+;)(?=\\w)"));
    int count = 0;
    for (auto it = pattern.globalMatch(text); it.hasNext(); it.next()) ++count;
    return count;
}
}  // namespace

class TranslationTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(settingsDir_.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
    }

    void tsFileIsCompleteAndConsistent() {
        QFile file(kTsFile);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(kTsFile));
        QXmlStreamReader xml(&file);
        int messages = 0;
        QStringList problems;
        QString context, source;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement()) continue;
            if (xml.name() == QLatin1String("TS")) {
                QCOMPARE(xml.attributes().value(QLatin1String("language")).toString(),
                         QStringLiteral("de_DE"));
            } else if (xml.name() == QLatin1String("name")) {
                context = xml.readElementText();
            } else if (xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.name() == QLatin1String("translation")) {
                ++messages;
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                // A plural message (tr with %n) holds one <numerusform> per plural form of the
                // language instead of text; each form is checked like a plain translation.
                QStringList forms;
                QString text;
                while (!xml.atEnd()) {
                    xml.readNext();
                    if (xml.isEndElement() && xml.name() == QLatin1String("translation")) break;
                    if (xml.isCharacters()) text += xml.text();
                    else if (xml.isStartElement() && xml.name() == QLatin1String("numerusform"))
                        forms << xml.readElementText();
                }
                if (forms.isEmpty()) forms << text;
                const QString where = context + QStringLiteral(": ") + source.left(60);
                for (const QString& translation : forms) {
                    if (!type.isEmpty())
                        problems << type + QStringLiteral(" — ") + where;
                    else if (translation.trimmed().isEmpty() && !source.trimmed().isEmpty())
                        problems << QStringLiteral("empty — ") + where;
                    else if (placeholders(translation) != placeholders(source))
                        problems << QStringLiteral("placeholders differ — ") + where;
                    else if (mnemonics(translation) != mnemonics(source))
                        problems << QStringLiteral("mnemonics differ — ") + where;
                }
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY2(messages > 600, qPrintable(QString::number(messages)));
    }

    void germanQmTranslatesTheInterface() {
        const std::unique_ptr<QTranslator> translator(ts::ui::loadApplicationTranslator(
            QLocale(QLocale::German), QStringLiteral(":/i18n"), nullptr));
        QVERIFY2(translator, "no tuning-studio_de.qm under :/i18n");
        QVERIFY(QCoreApplication::installTranslator(translator.get()));

        // ts::ui::MainWindow's texts (filed under "MainWindow" by lupdate).
        {
            ts::ui::MainWindow window;
            QStringList menus;
            for (QAction* action : window.menuBar()->actions()) menus << action->text();
            QCOMPARE(menus, (QStringList{QStringLiteral("&Datei"), QStringLiteral("&Ansicht"),
                                         QStringLiteral("&Hilfe")}));
            QCOMPARE(window.projectStatusText(), QStringLiteral("Kein Projekt geöffnet"));
            QCOMPARE(window.findChild<QPushButton*>(QStringLiteral("demoProjectButton"))->text(),
                     QStringLiteral("&Demo-Projekt öffnen"));
            QVERIFY(window.findChild<QMenu*>(QStringLiteral("languageMenu")));
        }
        // A recipe field's tooltip, and the app layer's texts (explicit contexts).
        {
            ts::ui::RecipeEditor editor;
            QVERIFY2(editor.fieldWidget(QStringLiteral("lora.r"))
                         ->toolTip()
                         .startsWith(QStringLiteral("LoRA-Rang r")),
                     qPrintable(editor.fieldWidget(QStringLiteral("lora.r"))->toolTip()));
        }
        // The Evaluate & Compare page (ts::ui::VersionsPanel) and a plural message of the
        // Production page, asked for under the qualified context as tr() does at run time.
        {
            ts::ui::VersionsPanel versions;
            QCOMPARE(versions.exportGgufButton()->text(), QStringLiteral("GGUF-LoRA exportieren …"));
            QCOMPARE(versions.promoteButton()->text(), QStringLiteral("In &Produktion übernehmen"));
        }
        const char* approved = "Approved %n row(s) into a new version of %1.";
        QCOMPARE(QCoreApplication::translate("ts::ui::ProductionPage", approved, nullptr, 1),
                 QStringLiteral("1 Zeile in eine neue Version von %1 freigegeben."));
        QCOMPARE(QCoreApplication::translate("ts::ui::ProductionPage", approved, nullptr, 3),
                 QStringLiteral("3 Zeilen in eine neue Version von %1 freigegeben."));
        QCOMPARE(ts::guidedCheckAdvice(ts::GuidedCheckVerdict::UseRetrieval).headline,
                 QStringLiteral("Retrieval statt Fine-Tuning verwenden"));
        QCOMPARE(QCoreApplication::translate("ts::RunStatus", "Queued"), QStringLiteral("Wartend"));

        QCoreApplication::removeTranslator(translator.get());
        QCOMPARE(ts::guidedCheckAdvice(ts::GuidedCheckVerdict::UseRetrieval).headline,
                 QStringLiteral("Use retrieval, not fine-tuning"));
    }

    void languageSettingChoosesTheLocale() {
        QSettings().setValue(ts::ui::languageSettingsKey(), QStringLiteral("de"));
        QCOMPARE(ts::ui::configuredLocale().language(), QLocale::German);
        QSettings().remove(ts::ui::languageSettingsKey());
        QCOMPARE(ts::ui::configuredLocale(), QLocale::system());
        QVERIFY(ts::ui::availableLanguages().contains(QStringLiteral("de")));
    }

private:
    QTemporaryDir settingsDir_;
};

QTEST_MAIN(TranslationTest)
#include "translation_test.moc"
