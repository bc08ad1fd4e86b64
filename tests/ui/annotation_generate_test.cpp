// SPDX-License-Identifier: GPL-3.0-or-later
// "Generate candidates" (M) in the annotation view with a real model (offscreen, CPU): a
// random-init tiny Llama (4 layers, 128 wide, the shared Llama-2-style tokenizer) answers a
// preference example twice on a worker thread. Checked through the real widgets: without a model
// or with one that fails to load the view says so and stores nothing; while generating the GUI
// thread keeps handling timers and keys (J moves on) and Esc cancels with nothing stored; a
// finished generation fills the two panes, is stored with how it was made, can be picked from and
// undone. The Evaluate page's Playground answers through the same sampler.
#include "../app/annotation_fixture_data.h"
#include "app/annotation/annotation_session.h"
#include "app/annotation/candidate_generator.h"
#include "app/store/project_store.h"
#include "engine/train/model_shapes.h"
#include "ui/annotation/annotation_view.h"
#include "ui/eval/playground_panel.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace ts;

class AnnotationGenerateTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void noModelIsAClearMessage();
    void aModelThatFailsToLoadIsAClearMessage();
    void generatingKeepsTheViewResponsiveAndCancelStoresNothing();
    void generatedCandidatesFillThePanesAndAreStored();
    void thePlaygroundAnswersThroughTheSameSampler();

private:
    void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    QVariant scalar(const QString& sql);
    void setRecipeModel(const QString& path);
    QString message() const {
        return view_->findChild<QLabel*>(QStringLiteral("messageLabel"))->text();
    }

    QTemporaryDir dir_;
    QString model_;
    ProjectStore store_;
    ui::AnnotationView* view_ = nullptr;
};

void AnnotationGenerateTest::initTestCase() {
    QVERIFY(dir_.isValid());
    const QString tokenizer = QStringLiteral(TS_SHARED_FIXTURES_DIR "/tokenizers/llama2-style");
    if (!QFile::exists(tokenizer + QStringLiteral("/tokenizer.json")))
        QSKIP("the shared tokenizer fixtures are missing");
    model_ = dir_.filePath(QStringLiteral("tiny-llama"));
    writeRandomInitModel("tiny", tokenizer.toStdString(), model_.toStdString(), 5);

    QVERIFY(store_.open(dir_.filePath(QStringLiteral("generate.tsproj")), OpenMode::CreateNew).ok);
    const qint64 version = test::importJsonl(store_.database(), dir_.path(), QStringLiteral("pairs"),
                                             test::preferenceLines(3));
    QVERIFY(version > 0);
    view_ = new ui::AnnotationView;
    view_->resize(1100, 700);
    view_->setDatabase(store_.database());
    view_->show();
    QVERIFY(QTest::qWaitForWindowExposed(view_));
    view_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(view_));
    view_->session()->setAnnotator(QStringLiteral("tess"));
    view_->setFocus();
    QCOMPARE(view_->session()->count(), 3);
}

void AnnotationGenerateTest::cleanupTestCase() {
    delete view_;
    store_.close();
}

void AnnotationGenerateTest::press(int key, Qt::KeyboardModifiers modifiers) {
    QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : view_;
    QTest::keyClick(target, Qt::Key(key), modifiers);
}

QVariant AnnotationGenerateTest::scalar(const QString& sql) {
    QSqlQuery q(store_.database());
    if (!q.exec(sql)) qFatal("%s", qPrintable(sql));
    return q.next() ? q.value(0) : QVariant();
}

void AnnotationGenerateTest::setRecipeModel(const QString& path) {
    QSqlQuery q(store_.database());
    q.exec(QStringLiteral("DELETE FROM recipes"));
    q.prepare(QStringLiteral("INSERT INTO recipes (name, recipe_json) VALUES ('r', json_object('base_model', ?))"));
    q.addBindValue(path);
    QVERIFY(q.exec());
}

void AnnotationGenerateTest::noModelIsAClearMessage() {
    press(Qt::Key_M);
    QVERIFY(!view_->isGenerating());
    QVERIFY2(message().contains(QStringLiteral("no model is configured")), qPrintable(message()));
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM preference_candidates")).toInt(), 0);
}

void AnnotationGenerateTest::aModelThatFailsToLoadIsAClearMessage() {
    const QString missing = dir_.filePath(QStringLiteral("no-such-model"));
    setRecipeModel(missing);
    press(Qt::Key_M);
    QTRY_VERIFY_WITH_TIMEOUT(!view_->isGenerating(), 30000);
    QVERIFY2(message().startsWith(QStringLiteral("Generating candidates failed")), qPrintable(message()));
    QVERIFY2(message().contains(QStringLiteral("no-such-model")), qPrintable(message()));
    QVERIFY(!view_->findChild<QWidget*>(QStringLiteral("generationBar"))->isVisible());
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM preference_candidates")).toInt(), 0);
}

void AnnotationGenerateTest::generatingKeepsTheViewResponsiveAndCancelStoresNothing() {
    setRecipeModel(model_);
    // Long answers, so the generation is surely still running while the keys are pressed.
    view_->candidateGenerator()->settings().generation.maxNewTokens = 1500;
    view_->candidateGenerator()->settings().generation.ignoreStopTokens = true;
    auto* left = view_->findChild<QPlainTextEdit*>(QStringLiteral("leftCandidate"));
    const QString before = left->toPlainText();
    int ticksWhileGenerating = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&] { ticksWhileGenerating += view_->isGenerating(); });
    ticker.start(10);

    press(Qt::Key_M);
    QVERIFY(view_->isGenerating());
    QVERIFY(view_->findChild<QWidget*>(QStringLiteral("generationBar"))->isVisible());
    // The GUI thread is free: keys work (J moves on) and timers fire while the model runs.
    press(Qt::Key_J);
    QCOMPARE(view_->session()->currentIndex(), 1);
    QTest::qWait(400);
    QVERIFY(view_->isGenerating());
    QVERIFY2(ticksWhileGenerating >= 10, qPrintable(QString::number(ticksWhileGenerating)));
    press(Qt::Key_K);
    QCOMPARE(view_->session()->currentIndex(), 0);

    press(Qt::Key_Escape);  // cancel
    QTRY_VERIFY_WITH_TIMEOUT(!view_->isGenerating(), 30000);
    ticker.stop();
    QVERIFY2(message().contains(QStringLiteral("cancelled")), qPrintable(message()));
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM preference_candidates")).toInt(), 0);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM annotations")).toInt(), 0);
    QCOMPARE(left->toPlainText(), before);
}

void AnnotationGenerateTest::generatedCandidatesFillThePanesAndAreStored() {
    view_->candidateGenerator()->settings().generation.maxNewTokens = 24;
    view_->candidateGenerator()->settings().generation.ignoreStopTokens = true;
    view_->candidateGenerator()->settings().seed = 1234;
    const qint64 example = view_->session()->currentExampleId();
    press(Qt::Key_M);
    QTRY_VERIFY_WITH_TIMEOUT(!view_->isGenerating(), 120000);
    QVERIFY2(message().startsWith(QStringLiteral("Two answers from tiny-llama")), qPrintable(message()));

    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM preference_candidates WHERE example_id = %1")
                        .arg(example)).toInt(), 1);
    const QString first = scalar(QStringLiteral("SELECT first_text FROM preference_candidates")).toString();
    const QString second = scalar(QStringLiteral("SELECT second_text FROM preference_candidates")).toString();
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    QVERIFY2(first != second, "two samples with different seeds should differ");
    auto* left = view_->findChild<QPlainTextEdit*>(QStringLiteral("leftCandidate"));
    auto* right = view_->findChild<QPlainTextEdit*>(QStringLiteral("rightCandidate"));
    QCOMPARE(left->toPlainText(), first);
    QCOMPARE(right->toPlainText(), second);
    QCOMPARE(scalar(QStringLiteral("SELECT json_extract(generator_json, '$.model') FROM "
                                   "preference_candidates")).toString(), model_);
    QCOMPARE(scalar(QStringLiteral("SELECT json_extract(generator_json, '$.seeds[0]') FROM "
                                   "preference_candidates")).toString(), QStringLiteral("1234"));

    // 2 picks the right one; the pick names the generated pair.
    press(Qt::Key_2);
    QCOMPARE(scalar(QStringLiteral("SELECT chosen FROM annotations WHERE kind = 'preference'")).toString(), second);
    QCOMPARE(scalar(QStringLiteral("SELECT candidates_id FROM annotations WHERE kind = 'preference'")).toLongLong(),
             scalar(QStringLiteral("SELECT id FROM preference_candidates")).toLongLong());
    // Undo the pick, then the generation: the dataset's own pair is back.
    press(Qt::Key_Z, Qt::ControlModifier);
    press(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM preference_candidates")).toInt(), 0);
    const QStringList shown{left->toPlainText(), right->toPlainText()};
    QVERIFY(shown.contains(QStringLiteral("Good answer 1")) && shown.contains(QStringLiteral("Bad answer 1")));
    press(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(left->toPlainText(), first);
}

void AnnotationGenerateTest::thePlaygroundAnswersThroughTheSameSampler() {
    ui::PlaygroundPanel playground;
    playground.setProject(&store_);
    playground.modelEdit()->setText(model_);
    playground.adapterCombo()->setCurrentIndex(0);  // the base model alone
    playground.promptEdit()->setPlainText(QStringLiteral("Where is my order?"));
    QSignalSpy finished(&playground, &ui::PlaygroundPanel::generationFinished);
    playground.generate();
    QVERIFY(playground.isGenerating());
    QVERIFY(finished.wait(120000));
    const QString answer = playground.baseOutput()->toPlainText();
    QVERIFY2(!answer.isEmpty() && !answer.startsWith(QStringLiteral("Error")), qPrintable(answer));
    QVERIFY(answer != QStringLiteral("generating…"));
}

QTEST_MAIN(AnnotationGenerateTest)
#include "annotation_generate_test.moc"
