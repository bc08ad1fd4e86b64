// SPDX-License-Identifier: GPL-3.0-or-later
// The annotation view on real widgets (offscreen), driven only by key presses sent to whatever
// has the focus: label with number keys, correct an output, accept, undo and redo, flag, comment,
// rank a preference pair (editing a candidate is committed as you type), manage the label set
// (add, rename, merge, undo, redo) in the Labels dialog, the help overlay; after each step the
// project database is checked.
// With TS_ANNOTATE_SCREENSHOT=<file.png> it also saves an image of the page.
#include "../app/annotation_fixture_data.h"
#include "app/annotation/annotation_session.h"
#include "app/annotation/label_set.h"
#include "app/store/project_store.h"
#include "ui/annotation/annotation_view.h"
#include "ui/annotation/label_set_dialog.h"
#include "ui/pages/annotate_page.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ts;

class AnnotationViewTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void labelCorrectAcceptUndoRedo();
    void flagsCommentAndHelp();
    void labelSetAddRenameMergeUndo();
    void tagFilterNarrowsTheQueue();
    void rankPreferencePair();
    void candidateEditsAreCommittedAsTyped();
    void screenshot();

private:
    void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    void type(const QString& text);
    QVariant scalar(const QString& sql);
    QString buttonText(int number);
    void activate(QWidget* window);
    void selectVersion(qint64 versionId);
    template <typename T> T* find(const char* name) {
        T* widget = page_->findChild<T*>(QString::fromLatin1(name));
        if (!widget) qFatal("no widget named %s", name);
        return widget;
    }

    QTemporaryDir dir_;
    ProjectStore store_;
    qint64 chatVersion_ = 0, pairVersion_ = 0, good_ = 0, bad_ = 0;
    ui::AnnotatePage* page_ = nullptr;
    ui::AnnotationView* view_ = nullptr;
};

void AnnotationViewTest::initTestCase() {
    QVERIFY(dir_.isValid());
    const OpenResult opened =
        store_.open(dir_.filePath(QStringLiteral("annotate.tsproj")), OpenMode::CreateNew);
    QVERIFY2(opened.ok, qPrintable(opened.error));
    store_.setMeta(QStringLiteral("name"), QStringLiteral("Support replies"));
    const QStringList chat = {
        QStringLiteral(R"({"messages": [{"role": "system", "content": "You answer customer questions about orders."}, {"role": "user", "content": "Where is my order #1042? It was due yesterday."}, {"role": "assistant", "content": "Your order shipped on Monday and should arrive within 2 days."}]})"),
        QStringLiteral(R"({"messages": [{"role": "user", "content": "Can I change the delivery address?"}, {"role": "assistant", "content": "Yes, until the parcel ships."}]})"),
        QStringLiteral(R"({"messages": [{"role": "user", "content": "Do you ship to Norway?"}, {"role": "assistant", "content": "No."}]})"),
    };
    chatVersion_ = test::importJsonl(store_.database(), dir_.path(), QStringLiteral("support"), chat);
    pairVersion_ = test::importJsonl(store_.database(), dir_.path(), QStringLiteral("pairs"),
                                     test::preferenceLines(2));
    // A classification example whose own label is "unhelpful": it follows a rename or merge too.
    const qint64 triageVersion = test::importJsonl(
        store_.database(), dir_.path(), QStringLiteral("triage"),
        {QStringLiteral(R"({"text": "Is the parcel insured?", "label": "unhelpful"})")});
    QVERIFY(chatVersion_ > 0 && pairVersion_ > 0 && triageVersion > 0);
    LabelSet labels(store_.database());
    good_ = labels.add(QStringLiteral("helpful"), QStringLiteral("#2e7d32"));
    bad_ = labels.add(QStringLiteral("unhelpful"), QStringLiteral("#c62828"));
    labels.add(QStringLiteral("off-topic"));

    page_ = new ui::AnnotatePage;
    page_->resize(1240, 780);
    page_->setProject(&store_);
    view_ = page_->annotationView();
    page_->show();
    QVERIFY(QTest::qWaitForWindowExposed(page_));
    page_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(page_));

    // The annotator types their name into the field (N focuses it).
    view_->setFocus();
    press(Qt::Key_N);
    QCOMPARE(QApplication::focusWidget(), find<QLineEdit>("annotatorName"));
    type(QStringLiteral("tess"));
    press(Qt::Key_Return);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(view_));
    QCOMPARE(view_->session()->annotatorName(), QStringLiteral("tess"));
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM annotators WHERE name = 'tess'")).toInt(), 1);
    selectVersion(chatVersion_);
    QCOMPARE(view_->session()->count(), 3);
}

void AnnotationViewTest::cleanupTestCase() {
    page_->setProject(nullptr);
    delete page_;
    store_.close();
}

void AnnotationViewTest::press(int key, Qt::KeyboardModifiers modifiers) {
    QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : view_;
    QTest::keyClick(target, Qt::Key(key), modifiers);
}

void AnnotationViewTest::type(const QString& text) {
    QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : view_;
    QTest::keyClicks(target, text);
}

QVariant AnnotationViewTest::scalar(const QString& sql) {
    QSqlQuery q(store_.database());
    if (!q.exec(sql)) qFatal("%s", qPrintable(sql));
    return q.next() ? q.value(0) : QVariant();
}

QString AnnotationViewTest::buttonText(int number) {
    auto* button = page_->findChild<QPushButton*>(QStringLiteral("labelButton%1").arg(number));
    return button ? button->text() : QString();
}

void AnnotationViewTest::activate(QWidget* window) {
    QVERIFY(QTest::qWaitForWindowExposed(window));
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
}

void AnnotationViewTest::selectVersion(qint64 versionId) {
    auto* combo = find<QComboBox>("versionCombo");
    combo->setFocus();
    // Walk the list with the arrow keys, as a keyboard user would.
    press(Qt::Key_Home);
    for (int guard = 0; combo->currentData().toLongLong() != versionId && guard < 20; ++guard)
        press(Qt::Key_Down);
    QCOMPARE(combo->currentData().toLongLong(), versionId);
    press(Qt::Key_Escape);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(view_));
}

void AnnotationViewTest::labelCorrectAcceptUndoRedo() {
    const qint64 first = view_->session()->currentExampleId();
    press(Qt::Key_1);
    QCOMPARE(scalar(QStringLiteral("SELECT label_id FROM annotations WHERE kind = 'label' AND "
                                   "superseded_by IS NULL AND example_id = %1").arg(first)).toLongLong(),
             good_);
    QVERIFY(find<QPushButton>("labelButton1")->isChecked());

    // Enter edits the output; every keystroke is committed; Esc returns to the keys.
    press(Qt::Key_Return);
    auto* editor = find<QPlainTextEdit>("outputEditor");
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(editor));
    press(Qt::Key_Backspace);
    type(QStringLiteral(", tracking: ZX12."));
    const QString corrected =
        QStringLiteral("Your order shipped on Monday and should arrive within 2 days, tracking: ZX12.");
    QCOMPARE(editor->toPlainText(), corrected);
    QCOMPARE(scalar(QStringLiteral("SELECT output_text FROM annotations WHERE kind = 'output_edit' "
                                   "AND superseded_by IS NULL")).toString(),
             corrected);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM annotations WHERE kind = 'output_edit'")).toInt(), 1);
    press(Qt::Key_Escape);
    press(Qt::Key_A);
    QCOMPARE(scalar(QStringLiteral("SELECT kind FROM annotations WHERE kind IN ('accept','reject','skip') "
                                   "AND superseded_by IS NULL")).toString(),
             QStringLiteral("accept"));
    QCOMPARE(find<QProgressBar>("progress")->value(), 1);

    press(Qt::Key_Z, Qt::ControlModifier);  // undo accept
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM annotations WHERE kind = 'accept'")).toInt(), 0);
    press(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);  // redo accept
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM annotations WHERE kind = 'accept'")).toInt(), 1);
    press(Qt::Key_Z, Qt::ControlModifier);  // undo accept
    press(Qt::Key_Z, Qt::ControlModifier);  // undo the whole edit: one step for all keystrokes
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM annotations WHERE kind = 'output_edit'")).toInt(), 0);
    QCOMPARE(editor->toPlainText(),
             QStringLiteral("Your order shipped on Monday and should arrive within 2 days."));
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM annotations WHERE kind = 'label'")).toInt(), 1);
    // Ctrl+Z inside the editor is the same undo (the label goes), redo brings it back.
    press(Qt::Key_Return);
    press(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM annotations")).toInt(), 0);
    press(Qt::Key_Y, Qt::ControlModifier);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM annotations WHERE kind = 'label'")).toInt(), 1);
    press(Qt::Key_Escape);
    press(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);  // redo the edit
    QCOMPARE(editor->toPlainText(), corrected);
    press(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);  // redo accept
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM annotations WHERE kind = 'accept'")).toInt(), 1);
}

void AnnotationViewTest::flagsCommentAndHelp() {
    press(Qt::Key_J);
    QCOMPARE(view_->session()->currentIndex(), 1);
    const qint64 second = view_->session()->currentExampleId();
    press(Qt::Key_2);
    press(Qt::Key_E);
    press(Qt::Key_G);
    QCOMPARE(scalar(QStringLiteral("SELECT group_concat(flag) FROM (SELECT flag FROM example_flags "
                                   "WHERE example_id = %1 ORDER BY flag)").arg(second)).toString(),
             QStringLiteral("edge_case,general_capability"));
    press(Qt::Key_G);  // again clears it
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM example_flags")).toInt(), 1);
    press(Qt::Key_C);
    QCOMPARE(QApplication::focusWidget(), find<QLineEdit>("commentEditor"));
    type(QStringLiteral("policy changed"));
    press(Qt::Key_Return);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(view_));
    QCOMPARE(scalar(QStringLiteral("SELECT comment FROM annotations WHERE kind = 'comment' AND "
                                   "example_id = %1").arg(second)).toString(),
             QStringLiteral("policy changed"));
    press(Qt::Key_R);
    press(Qt::Key_Right, Qt::AltModifier);
    QCOMPARE(view_->session()->currentIndex(), 2);
    press(Qt::Key_Left, Qt::AltModifier);
    QCOMPARE(view_->session()->currentIndex(), 1);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(view_));
    press(Qt::Key_K);
    QCOMPARE(view_->session()->currentIndex(), 0);
    QCOMPARE(find<QProgressBar>("progress")->value(), 2);

    auto* help = find<ui::ShortcutHelpOverlay>("shortcutHelp");
    press(Qt::Key_F1);
    QVERIFY(help->isVisible());
    const QString table = find<QLabel>("shortcutTable")->text();
    for (const auto& entry : ui::AnnotationView::shortcutList())
        QVERIFY2(table.contains(entry.second.toHtmlEscaped()), qPrintable(entry.second));
    press(Qt::Key_Escape);
    QVERIFY(!help->isVisible());
    press(Qt::Key_Question, Qt::ShiftModifier);
    QVERIFY(help->isVisible());
    press(Qt::Key_Question, Qt::ShiftModifier);
    QVERIFY(!help->isVisible());
}

void AnnotationViewTest::labelSetAddRenameMergeUndo() {
    // Examples 1 and 2 are labelled "helpful" and "unhelpful" by the earlier steps.
    const qint64 second = view_->session()->queue()[1];
    QCOMPARE(scalar(QStringLiteral("SELECT label_id FROM annotations WHERE kind = 'label' AND "
                                   "superseded_by IS NULL AND example_id = %1").arg(second)).toLongLong(),
             bad_);
    press(Qt::Key_L);
    ui::LabelSetDialog* dialog = view_->labelSetDialog();
    QVERIFY(dialog && dialog->isVisible());
    activate(dialog);
    QVERIFY(dialog->isActiveWindow());
    auto* list = dialog->findChild<QListWidget*>(QStringLiteral("labelList"));
    QVERIFY(list);
    list->setFocus();
    QCOMPARE(list->count(), 3);
    // Each label with the examples that carry it: example 1 / example 2 and the dataset example.
    QCOMPARE(list->item(0)->text(), QStringLiteral("1 · helpful — 1 example(s)"));
    QCOMPARE(list->item(1)->text(), QStringLiteral("2 · unhelpful — 2 example(s)"));

    // Add: Ctrl+N, the name, Enter.
    press(Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("labelName"));
    type(QStringLiteral("needs policy"));
    press(Qt::Key_Return);
    QCOMPARE(scalar(QStringLiteral("SELECT position FROM labels WHERE name = 'needs policy'")).toInt(), 3);
    QCOMPARE(buttonText(4), QStringLiteral("4 · needs policy"));  // the picker follows at once
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(list));
    // A taken name is refused with a message; nothing is added and the name stays to correct.
    press(Qt::Key_N, Qt::ControlModifier);
    type(QStringLiteral("helpful"));
    press(Qt::Key_Return);
    const QString refusal = dialog->findChild<QLabel*>(QStringLiteral("labelMessage"))->text();
    QVERIFY2(refusal.contains(QStringLiteral("already a label named 'helpful'")), qPrintable(refusal));
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM labels")).toInt(), 4);
    QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("labelName"))->text(), QStringLiteral("helpful"));
    press(Qt::Key_Escape);  // leaves the field, not the dialog
    QVERIFY(dialog->isVisible());
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(list));

    // Rename "unhelpful": select it, F2, the new name, Enter.
    press(Qt::Key_Home);
    press(Qt::Key_Down);
    QCOMPARE(dialog->selectedLabelId(), bad_);
    press(Qt::Key_F2);
    type(QStringLiteral("wrong answer"));  // the old name is selected: typing replaces it
    press(Qt::Key_Return);
    QCOMPARE(scalar(QStringLiteral("SELECT name FROM labels WHERE id = %1").arg(bad_)).toString(),
             QStringLiteral("wrong answer"));
    QCOMPARE(buttonText(2), QStringLiteral("2 · wrong answer"));
    QCOMPARE(list->item(1)->text(), QStringLiteral("2 · wrong answer — 2 example(s)"));

    // Merge "wrong answer" into "helpful": Alt+I focuses the target, Home picks the first.
    QCOMPARE(dialog->selectedLabelId(), bad_);
    press(Qt::Key_I, Qt::AltModifier);
    QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("mergeInto"));
    press(Qt::Key_Home);
    press(Qt::Key_M, Qt::ControlModifier);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM labels WHERE id = %1").arg(bad_)).toInt(), 0);
    QCOMPARE(scalar(QStringLiteral("SELECT label_id FROM annotations WHERE kind = 'label' AND "
                                   "superseded_by IS NULL AND example_id = %1").arg(second)).toLongLong(),
             good_);
    QCOMPARE(list->count(), 3);
    QCOMPARE(list->item(0)->text(), QStringLiteral("1 · helpful — 3 example(s)"));
    QCOMPARE(buttonText(2), QStringLiteral("2 · off-topic"));
    QCOMPARE(buttonText(4), QString());

    // Undo and redo in the dialog walk the same stack as the view.
    press(Qt::Key_Z, Qt::ControlModifier);  // undo the merge
    QCOMPARE(scalar(QStringLiteral("SELECT label_id FROM annotations WHERE kind = 'label' AND "
                                   "superseded_by IS NULL AND example_id = %1").arg(second)).toLongLong(),
             bad_);
    QCOMPARE(buttonText(2), QStringLiteral("2 · wrong answer"));
    press(Qt::Key_Z, Qt::ControlModifier);  // undo the rename
    QCOMPARE(buttonText(2), QStringLiteral("2 · unhelpful"));
    QCOMPARE(list->item(0)->text(), QStringLiteral("1 · helpful — 1 example(s)"));
    QCOMPARE(list->item(1)->text(), QStringLiteral("2 · unhelpful — 2 example(s)"));
    press(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);  // redo the rename
    press(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);  // redo the merge
    QCOMPARE(scalar(QStringLiteral("SELECT label_id FROM annotations WHERE kind = 'label' AND "
                                   "superseded_by IS NULL AND example_id = %1").arg(second)).toLongLong(),
             good_);
    QCOMPARE(buttonText(2), QStringLiteral("2 · off-topic"));

    // Esc closes the dialog; in the view the number keys pick from the new set at once.
    press(Qt::Key_Escape);
    QVERIFY(!dialog->isVisible());
    activate(page_);
    view_->setFocus();
    view_->session()->goTo(1);
    press(Qt::Key_3);
    QCOMPARE(scalar(QStringLiteral("SELECT l.name FROM annotations a JOIN labels l ON l.id = a.label_id "
                                   "WHERE a.kind = 'label' AND a.superseded_by IS NULL AND "
                                   "a.example_id = %1").arg(second)).toString(),
             QStringLiteral("needs policy"));
    // Ctrl+Z in the view undoes that label, then the merge: the stack is one.
    press(Qt::Key_Z, Qt::ControlModifier);
    press(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(buttonText(2), QStringLiteral("2 · wrong answer"));
    QCOMPARE(scalar(QStringLiteral("SELECT label_id FROM annotations WHERE kind = 'label' AND "
                                   "superseded_by IS NULL AND example_id = %1").arg(second)).toLongLong(),
             bad_);
    view_->session()->goTo(0);
}

void AnnotationViewTest::tagFilterNarrowsTheQueue() {
    const qint64 third = view_->session()->queue()[2];
    QSqlQuery q(store_.database());
    QVERIFY(q.exec(QStringLiteral("INSERT INTO tags (name) VALUES ('shipping')")));
    QVERIFY(q.exec(QStringLiteral("INSERT INTO example_tags (example_id, tag_id) SELECT %1, id "
                                  "FROM tags WHERE name = 'shipping'").arg(third)));
    view_->reload();
    view_->setFocus();
    press(Qt::Key_T);
    auto* tags = find<QComboBox>("tagFilter");
    tags->hidePopup();  // walk the closed list with the arrow keys, as selectVersion() does
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(tags));
    press(Qt::Key_Down);
    QCOMPARE(tags->currentText(), QStringLiteral("shipping"));
    press(Qt::Key_Escape);
    QCOMPARE(view_->session()->count(), 1);
    QCOMPARE(view_->session()->currentExampleId(), third);
    press(Qt::Key_T);
    tags->hidePopup();
    press(Qt::Key_Home);
    press(Qt::Key_Escape);
    QCOMPARE(view_->session()->count(), 3);
    view_->session()->goTo(0);
}

void AnnotationViewTest::rankPreferencePair() {
    selectVersion(pairVersion_);
    const qint64 example = view_->session()->currentExampleId();
    auto* left = find<QPlainTextEdit>("leftCandidate");
    auto* right = find<QPlainTextEdit>("rightCandidate");
    QVERIFY(left->isVisible() && right->isVisible());
    QVERIFY(!find<QPlainTextEdit>("outputEditor")->isVisible());
    const QString rightText = right->toPlainText(), leftText = left->toPlainText();
    QVERIFY(QSet<QString>({leftText, rightText}) ==
            QSet<QString>({QStringLiteral("Good answer 1"), QStringLiteral("Bad answer 1")}));
    press(Qt::Key_2);  // the right one is better
    QCOMPARE(scalar(QStringLiteral("SELECT chosen || '|' || rejected FROM annotations WHERE "
                                   "kind = 'preference' AND example_id = %1").arg(example)).toString(),
             rightText + QLatin1Char('|') + leftText);
    // Edit the left one (committed as typed: the right one stays picked, the left one is the
    // rejected answer as corrected) and then pick it instead (Ctrl+Enter).
    press(Qt::Key_Return);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(left));
    type(QStringLiteral(" (revised)"));
    QCOMPARE(scalar(QStringLiteral("SELECT chosen || '|' || rejected FROM annotations WHERE "
                                   "kind = 'preference' AND superseded_by IS NULL AND example_id = %1")
                        .arg(example)).toString(),
             rightText + QLatin1Char('|') + leftText + QStringLiteral(" (revised)"));
    press(Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(scalar(QStringLiteral("SELECT chosen FROM annotations WHERE kind = 'preference' AND "
                                   "superseded_by IS NULL AND example_id = %1").arg(example)).toString(),
             leftText + QStringLiteral(" (revised)"));
    press(Qt::Key_Z, Qt::ControlModifier);  // the pick of the left answer
    press(Qt::Key_Z, Qt::ControlModifier);  // all keystrokes of the edit: one step
    QCOMPARE(scalar(QStringLiteral("SELECT chosen || '|' || rejected FROM annotations WHERE "
                                   "kind = 'preference' AND superseded_by IS NULL AND example_id = %1")
                        .arg(example)).toString(),
             rightText + QLatin1Char('|') + leftText);
    QCOMPARE(left->toPlainText(), leftText);
}

void AnnotationViewTest::candidateEditsAreCommittedAsTyped() {
    // The second pair, not judged yet: editing an answer makes it the chosen one.
    view_->setFocus();
    press(Qt::Key_J);
    const qint64 example = view_->session()->currentExampleId();
    auto* left = find<QPlainTextEdit>("leftCandidate");
    auto* right = find<QPlainTextEdit>("rightCandidate");
    const QString leftText = left->toPlainText(), rightText = right->toPlainText();
    const int steps = view_->session()->undoStack()->index();
    press(Qt::Key_Return);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(left));
    for (int i = 1; i <= 3; ++i) {
        type(QStringLiteral("!"));
        // Each keystroke is in the project at once.
        QCOMPARE(scalar(QStringLiteral("SELECT chosen || '|' || rejected FROM annotations WHERE "
                                       "kind = 'preference' AND superseded_by IS NULL AND "
                                       "example_id = %1").arg(example)).toString(),
                 leftText + QString(i, QLatin1Char('!')) + QLatin1Char('|') + rightText);
    }
    QCOMPARE(view_->session()->undoStack()->index(), steps + 1);
    QVERIFY(find<QLabel>("stateLabel")->isVisible());
    press(Qt::Key_Escape);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(view_));
    press(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM annotations WHERE kind = 'preference' AND "
                                   "example_id = %1").arg(example)).toInt(), 0);
    QCOMPARE(left->toPlainText(), leftText);
    press(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(left->toPlainText(), leftText + QStringLiteral("!!!"));
    QCOMPARE(right->toPlainText(), rightText);
    selectVersion(chatVersion_);
}

void AnnotationViewTest::screenshot() {
    const QString path = qEnvironmentVariable("TS_ANNOTATE_SCREENSHOT");
    if (path.isEmpty()) QSKIP("set TS_ANNOTATE_SCREENSHOT=<file.png> to save an image");
    // A second annotator so the agreement line has something to say.
    AnnotationSession other(store_.database());
    other.setAnnotator(QStringLiteral("omar"));
    other.setQueue({chatVersion_, QueueFilter::All, std::nullopt, {}});
    other.setLabel(good_);
    other.next();
    other.setLabel(good_);
    view_->reload();
    view_->session()->goTo(0);
    view_->session()->setLabel(good_);  // the page's overview follows the work
    QTest::qWait(700);
    QVERIFY(page_->grab().save(path));
}

QTEST_MAIN(AnnotationViewTest)
#include "annotation_view_test.moc"
