// SPDX-License-Identifier: GPL-3.0-or-later
// The "Is fine-tuning the right tool?" dialog on real widgets (offscreen, never exec()'d): Save
// stays off until every question is answered, the recommendation follows the answers as the
// rule in app/guidance says, pre-filled answers show, and Save/Skip accept/reject.
#include "ui/guided_check_dialog.h"
#include "app/guidance/guided_check.h"

#include <QLabel>
#include <QLayout>
#include <QPushButton>
#include <QRadioButton>
#include <QTest>

using ts::GuidedCheckAnswers;
using ts::GuidedCheckVerdict;
using ts::ui::GuidedCheckDialog;

namespace {
QRadioButton* radio(GuidedCheckDialog& dialog, int question, bool yes) {
    return dialog.findChild<QRadioButton*>(
        QStringLiteral("question%1%2")
            .arg(question)
            .arg(yes ? QStringLiteral("Yes") : QStringLiteral("No")));
}
QPushButton* button(GuidedCheckDialog& dialog, const char* name) {
    return dialog.findChild<QPushButton*>(QLatin1String(name));
}
}  // namespace

class GuidedCheckDialogTest : public QObject {
    Q_OBJECT

private slots:
    void saveNeedsEveryAnswer() {
        GuidedCheckDialog dialog;
        dialog.show();
        QVERIFY(!dialog.answers().has_value());
        QVERIFY(!button(dialog, "saveGuidedCheck")->isEnabled());
        QVERIFY(dialog.recommendationHeadline().isEmpty());
        // The questions are the app's, numbered.
        const QStringList questions = ts::guidedCheckQuestions();
        for (int i = 0; i < 3; ++i)
            QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("question%1").arg(i))
                        ->text()
                        .contains(questions[i].toHtmlEscaped()));

        QTest::mouseClick(radio(dialog, 0, false), Qt::LeftButton);
        QTest::mouseClick(radio(dialog, 1, false), Qt::LeftButton);
        QVERIFY(!button(dialog, "saveGuidedCheck")->isEnabled());
        QTest::mouseClick(radio(dialog, 2, true), Qt::LeftButton);
        QVERIFY(button(dialog, "saveGuidedCheck")->isEnabled());
        QVERIFY(*dialog.answers() == (GuidedCheckAnswers{false, false, true}));
        QCOMPARE(dialog.recommendationHeadline(),
                 ts::guidedCheckAdvice(GuidedCheckVerdict::FineTune).headline);

        // Missing knowledge outranks everything else.
        QTest::mouseClick(radio(dialog, 0, true), Qt::LeftButton);
        QCOMPARE(dialog.recommendationHeadline(),
                 ts::guidedCheckAdvice(GuidedCheckVerdict::UseRetrieval).headline);
        QCOMPARE(dialog.recommendationText(),
                 ts::guidedCheckAdvice(GuidedCheckVerdict::UseRetrieval).explanation);
        // The longest explanation fits without the dialog growing: nothing is cut off.
        const QSize sizeBefore = dialog.size();
        dialog.layout()->activate();
        auto* explanation = dialog.findChild<QLabel*>(QStringLiteral("recommendationText"));
        QVERIFY2(explanation->height() >= explanation->heightForWidth(explanation->width()),
                 qPrintable(QStringLiteral("%1 < %2").arg(explanation->height()).arg(
                     explanation->heightForWidth(explanation->width()))));
        QCOMPARE(dialog.size(), sizeBefore);
        // Instructions would do: prompts first.
        QTest::mouseClick(radio(dialog, 0, false), Qt::LeftButton);
        QTest::mouseClick(radio(dialog, 1, true), Qt::LeftButton);
        QCOMPARE(dialog.recommendationHeadline(),
                 ts::guidedCheckAdvice(GuidedCheckVerdict::ImprovePromptsFirst).headline);

        // The dialog as the user guide shows it.
        QVERIFY(dialog.grab().save(QStringLiteral(TS_BUILD_DIR "/guided_check.png")));

        QTest::mouseClick(button(dialog, "saveGuidedCheck"), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    void prefilledAnswersShowAndSkipRejects() {
        GuidedCheckDialog dialog;
        dialog.setAnswers({false, false, false});
        dialog.show();
        QVERIFY(radio(dialog, 0, false)->isChecked());
        QVERIFY(radio(dialog, 2, false)->isChecked());
        QCOMPARE(dialog.recommendationHeadline(),
                 ts::guidedCheckAdvice(GuidedCheckVerdict::NoClearNeed).headline);
        QVERIFY(!button(dialog, "skipGuidedCheck")->toolTip().isEmpty());
        QTest::mouseClick(button(dialog, "skipGuidedCheck"), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }
};

QTEST_MAIN(GuidedCheckDialogTest)
#include "guided_check_dialog_test.moc"
