// SPDX-License-Identifier: GPL-3.0-or-later
// The Datasets page on real widgets (offscreen): a file imported through the real mapping dialog
// and progress, search, filters, the detail pane, duplicates found and removed as a new version,
// an eval split, the frozen-version notice, statistics, and a rendered image of the page.
#include "ui/charts/qcustomplot_include.h"  // first: needs Qt's foreach

#include "app/datasets/curation.h"
#include "app/datasets/dataset_repository.h"
#include "app/datasets/dataset_table_model.h"
#include "app/datasets/token_lengths.h"
#include "app/recipes/recipe_store.h"
#include "app/store/project_store.h"
#include "ui/datasets/curation_dialog.h"
#include "ui/datasets/example_detail_view.h"
#include "ui/datasets/import_dialog.h"
#include "ui/datasets/split_dialog.h"
#include "ui/datasets/statistics_view.h"
#include "ui/datasets/token_length_bar.h"
#include "ui/eval/suites_panel.h"
#include "ui/pages/datasets_page.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QSemaphore>
#include <QSpinBox>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>
#include <QTreeWidget>

using namespace ts;
using namespace ts::ui;

namespace {

constexpr int kUnique = 40;  // distinct tickets
// Lines of the fixture: kUnique distinct tickets, then 3 exact copies of tickets 0..2 (case and
// spacing changed), 2 near copies of tickets 3 and 4 (one word changed), and one broken line.
constexpr int kExactCopies = 3, kNearCopies = 2;

// A deterministic 40-word ticket text: words from a small vocabulary chosen by a LCG.
QString ticketText(int i) {
    static const QStringList vocabulary = {
        QStringLiteral("invoice"), QStringLiteral("refund"), QStringLiteral("password"),
        QStringLiteral("login"), QStringLiteral("shipment"), QStringLiteral("delayed"),
        QStringLiteral("charged"), QStringLiteral("twice"), QStringLiteral("account"),
        QStringLiteral("locked"), QStringLiteral("please"), QStringLiteral("help"),
        QStringLiteral("order"), QStringLiteral("missing"), QStringLiteral("broken"),
        QStringLiteral("screen"), QStringLiteral("export"), QStringLiteral("report"),
        QStringLiteral("billing"), QStringLiteral("address"), QStringLiteral("update"),
        QStringLiteral("cancel"), QStringLiteral("subscription"), QStringLiteral("upgrade")};
    quint32 state = 2654435761u * quint32(i + 1);
    QStringList words{QStringLiteral("ticket%1").arg(i)};
    for (int w = 0; w < 39; ++w) {
        state = state * 1664525u + 1013904223u;
        words << vocabulary[qsizetype((state >> 16) % quint32(vocabulary.size()))];
    }
    return words.join(QLatin1Char(' '));
}

QByteArray chatLine(const QString& user, const QString& answer, bool edgeCase,
                    const QString& tag) {
    const QString line = QStringLiteral(
        "{\"messages\": [{\"role\": \"user\", \"content\": \"%1\"}, {\"role\": \"assistant\", "
        "\"content\": \"%2\"}], \"meta\": {\"edge_case\": %3, \"tags\": [\"%4\"]}}\n")
                             .arg(user, answer, edgeCase ? QStringLiteral("true")
                                                         : QStringLiteral("false"), tag);
    return line.toUtf8();
}

QString answerFor(int i) {
    return QStringLiteral("Category %1, priority %2.").arg(i % 4).arg(i % 3 == 0 ? QStringLiteral("high") : QStringLiteral("low"));
}

QByteArray fixtureBytes() {
    QByteArray bytes;
    for (int i = 0; i < kUnique; ++i)
        bytes += chatLine(ticketText(i) + (i == 7 ? QStringLiteral(" walrus") : QString()),
                          answerFor(i), i % 10 == 0, i % 2 ? QStringLiteral("billing")
                                                           : QStringLiteral("technical"));
    for (int i = 0; i < kExactCopies; ++i)
        bytes += chatLine(QStringLiteral("  ") + ticketText(i).toUpper(), answerFor(i), false,
                          QStringLiteral("copy"));
    for (int i = 3; i < 3 + kNearCopies; ++i) {
        QStringList words = ticketText(i).split(QLatin1Char(' '));
        words[20] = QStringLiteral("changed");
        bytes += chatLine(words.join(QLatin1Char(' ')), answerFor(i), false, QStringLiteral("copy"));
    }
    bytes += "{\"messages\": [broken\n";
    return bytes;
}

QPushButton* dialogButton(QDialog* dialog, QDialogButtonBox::StandardButton which) {
    auto* box = dialog->findChild<QDialogButtonBox*>();
    return box ? box->button(which) : nullptr;
}

}  // namespace

class DatasetsViewTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void importThroughTheMappingDialog();
    void searchAndFilters();
    void backgroundCountReachesTheLabel();
    void tokenLengthsInTheModelsTokens();
    void generalCapabilitySetToggle();
    void detailPaneRendersTheChat();
    void cancelledCurationAndExportWriteNothing();
    void duplicatesBecomeANewVersion();
    void evalSplitAndFrozenVersion();
    void statisticsAndScreenshot();
    void largeProjectTiming();

private:
    QTemporaryDir dir_;
    ProjectStore store_;
    DatasetsPage* page_ = nullptr;
    QString fixturePath_;
};

void DatasetsViewTest::initTestCase() {
    QVERIFY(dir_.isValid());
    fixturePath_ = dir_.filePath(QStringLiteral("tickets.jsonl"));
    QFile f(fixturePath_);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(fixtureBytes());
    f.close();
    const OpenResult opened =
        store_.open(dir_.filePath(QStringLiteral("p.tsproj")), OpenMode::CreateNew);
    QVERIFY2(opened.ok, qPrintable(opened.error));
    page_ = new DatasetsPage;
    page_->resize(1280, 820);
    page_->setProject(&store_);
    page_->show();
    QVERIFY(QTest::qWaitForWindowExposed(page_));
}

void DatasetsViewTest::cleanupTestCase() {
    page_->setProject(nullptr);
    delete page_;
    store_.close();
}

void DatasetsViewTest::importThroughTheMappingDialog() {
    ImportDialog* dialog = page_->importFile(fixturePath_);
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    auto* summary = dialog->findChild<QLabel*>(QStringLiteral("detectionSummary"));
    QVERIFY(summary->text().contains(QStringLiteral("JSONL")));
    QVERIFY(summary->text().contains(QStringLiteral("Chat messages")));
    QCOMPARE(dialog->mapping().messages, QStringLiteral("messages"));
    QCOMPARE(dialog->mapping().meta, QStringLiteral("meta"));
    auto* preview = dialog->findChild<QTableWidget*>(QStringLiteral("importPreview"));
    QCOMPARE(preview->rowCount(), 20);
    QVERIFY(preview->item(0, 1)->text().startsWith(QStringLiteral("ticket0 ")));
    QCOMPARE(dialog->previewRejectedCount(), 0);

    // A wrong mapping is caught in the preview before anything is imported.
    ColumnMapping wrong = dialog->mapping();
    wrong.messages = QStringLiteral("meta");
    dialog->setMapping(wrong);
    QCOMPARE(dialog->previewRejectedCount(), 20);
    wrong.messages = QStringLiteral("messages");
    dialog->setMapping(wrong);
    QCOMPARE(dialog->previewRejectedCount(), 0);

    dialog->findChild<QLineEdit*>(QStringLiteral("datasetName"))->setText(QStringLiteral("tickets"));
    QSignalSpy finished(page_, &DatasetsPage::importFinished);
    QPushButton* ok = dialogButton(dialog, QDialogButtonBox::Ok);
    QVERIFY(ok && ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    const auto result = finished.at(0).at(0).value<ImportResult>();
    QCOMPARE(result.importedCount, qint64(kUnique + kExactCopies + kNearCopies));
    QCOMPARE(result.badRecordCount, qint64(1));
    QCOMPARE(result.issues.first().line, qint64(kUnique + kExactCopies + kNearCopies + 1));

    // The skipped line is listed by number.
    QDialog* issues = nullptr;
    QTRY_VERIFY((issues = page_->findChild<QDialog*>(QStringLiteral("importIssues"))));
    const QString issueText = issues->findChild<QPlainTextEdit*>()->toPlainText();
    QVERIFY2(issueText.startsWith(QStringLiteral("line %1:").arg(result.issues.first().line)),
             qPrintable(issueText));
    issues->close();

    QCOMPARE(page_->currentVersionId(), result.versionId);
    QCOMPARE(page_->tableModel()->matchingCount(), result.importedCount);
    auto* versionCombo = page_->findChild<QComboBox*>(QStringLiteral("versionCombo"));
    QVERIFY(versionCombo->currentText().startsWith(QStringLiteral("v1 · import · 45 examples · ")));
    QVERIFY(versionCombo->currentText().contains(result.contentHash.left(8)));
}

void DatasetsViewTest::searchAndFilters() {
    DatasetTableModel* model = page_->tableModel();
    const qint64 all = model->matchingCount();
    QSignalSpy reloaded(page_, &DatasetsPage::examplesReloaded);
    QTest::keyClicks(page_->searchEdit(), QStringLiteral("walr"));
    // Debounced: one reload for the four keystrokes.
    QTRY_COMPARE(model->matchingCount(), qint64(1));
    QCOMPARE(reloaded.count(), 1);
    QVERIFY(model->data(model->index(0, 0), DatasetTableModel::FullInputRole).toString()
                .contains(QStringLiteral("walrus")));
    page_->searchEdit()->clear();
    QTRY_COMPARE(model->matchingCount(), all);

    auto* tags = page_->findChild<QComboBox*>(QStringLiteral("tagFilter"));
    QCOMPARE(tags->findText(QStringLiteral("copy")) > 0, true);
    tags->setCurrentIndex(tags->findText(QStringLiteral("copy")));
    QCOMPARE(model->matchingCount(), qint64(kExactCopies + kNearCopies));
    tags->setCurrentIndex(0);
    auto* flags = page_->findChild<QComboBox*>(QStringLiteral("flagFilter"));
    flags->setCurrentIndex(flags->findData(int(ExampleFlag::EdgeCase)));
    QCOMPARE(model->matchingCount(), qint64(kUnique / 10));  // tickets 0, 10, 20, 30
    flags->setCurrentIndex(0);
    auto* split = page_->findChild<QComboBox*>(QStringLiteral("splitFilter"));
    split->setCurrentIndex(split->findText(QStringLiteral("eval")));
    QCOMPARE(model->matchingCount(), qint64(0));  // nothing is split yet
    split->setCurrentIndex(0);
    QCOMPARE(model->matchingCount(), all);
}

// With many matches in part of the version (here: the tickets tagged "copy"; the cutoff lowered
// so the small fixture counts as many), the label says the count is running, then shows it.
void DatasetsViewTest::backgroundCountReachesTheLabel() {
    DatasetTableModel* model = page_->tableModel();
    auto* label = page_->findChild<QLabel*>(QStringLiteral("matchCount"));
    auto* tags = page_->findChild<QComboBox*>(QStringLiteral("tagFilter"));
    model->setMatchDrivenCutoff(1);
    model->setPageSize(2);  // so the first page does not already hold every match
    tags->setCurrentIndex(tags->findText(QStringLiteral("copy")));
    QSignalSpy counted(model, &DatasetTableModel::matchingCountChanged);
    model->setSearchText(QStringLiteral("ticket"));
    QVERIFY(!model->isMatchingCountExact());
    QCOMPARE(label->text(), QStringLiteral("Counting the matching examples…"));
    QVERIFY(counted.wait(30000));
    QVERIFY(model->isMatchingCountExact());
    QCOMPARE(model->matchingCount(), qint64(kExactCopies + kNearCopies));
    QCOMPARE(label->text(), QStringLiteral("%1 matching examples").arg(kExactCopies + kNearCopies));
    model->setMatchDrivenCutoff(DatasetTableModel::kDefaultMatchDrivenCutoff);
    model->setPageSize(500);
    tags->setCurrentIndex(0);  // the page's own filters again: no tag, no search
    QTRY_VERIFY(model->isMatchingCountExact() && model->matchingCount() > kExactCopies + kNearCopies);
}

// No model, no lengths; a recipe's base model makes the page count in its tokens in the
// background; the browser filters by them and the quality filter starts from the recipe's
// max_seq_len; choosing another model recounts; an unreadable one is reported and loses nothing.
void DatasetsViewTest::tokenLengthsInTheModelsTokens() {
    const QString fixtures = QStringLiteral(TS_SHARED_FIXTURES_DIR "/tokenizers/");
    TokenLengthBar* bar = page_->tokenLengthBar();
    DatasetTableModel* model = page_->tableModel();
    auto* status = bar->findChild<QLabel*>(QStringLiteral("tokenLengthStatus"));
    QVERIFY2(status->text().contains(QStringLiteral("no model yet")), qPrintable(status->text()));
    QVERIFY(!bar->isCounting());
    QVERIFY(!model->data(model->index(0, DatasetTableModel::TokensColumn)).isValid());

    auto storedCount = [this](const QString& where) {
        QSqlQuery q(store_.database());
        return q.exec(QStringLiteral("SELECT count(*) FROM examples WHERE ") + where) && q.next()
                   ? q.value(0).toLongLong() : -1;
    };
    auto firstRowTokens = [&] {
        QSqlQuery q(store_.database());
        q.prepare(QStringLiteral("SELECT token_count FROM examples WHERE id = ?"));
        q.addBindValue(model->data(model->index(0, 0), DatasetTableModel::ExampleIdRole));
        return q.exec() && q.next() ? q.value(0) : QVariant();
    };

    saveRecipe(store_.database(), QStringLiteral("triage"),
               QJsonObject{{QStringLiteral("base_model"), fixtures + QStringLiteral("qwen")},
                           {QStringLiteral("max_seq_len"), 4096}});
    QSignalSpy finished(bar, &TokenLengthBar::countingFinished);
    page_->refresh();
    QVERIFY(bar->isCounting());
    QVERIFY(bar->findChild<QProgressBar*>(QStringLiteral("tokenLengthProgress"))->isVisible());
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.at(0).at(0).value<TokenCountResult>().counted, qint64(kUnique + kExactCopies + kNearCopies));
    QVERIFY2(status->text().contains(QStringLiteral("qwen tokens")) &&
                 status->text().contains(QStringLiteral("triage")),
             qPrintable(status->text()));
    QTRY_COMPARE(model->data(model->index(0, DatasetTableModel::TokensColumn)), firstRowTokens());
    QVERIFY(firstRowTokens().toInt() > 40);  // 40 words, a chat template around them

    // The length filter counts in those tokens; the limit is the median length, so that some
    // examples are above it and some not. The recipe now says so too (same model: no recount).
    QSqlQuery median(store_.database());
    QVERIFY(median.exec(QStringLiteral("SELECT token_count FROM examples ORDER BY token_count "
                                       "LIMIT 1 OFFSET (SELECT count(*) / 2 FROM examples)")) &&
            median.next());
    const int limit = median.value(0).toInt();
    median.finish();  // an unfinished statement would keep this connection on an old snapshot
    saveRecipe(store_.database(), QStringLiteral("triage"),
               QJsonObject{{QStringLiteral("base_model"), fixtures + QStringLiteral("qwen")},
                           {QStringLiteral("max_seq_len"), limit}});
    const QString within = QStringLiteral("token_count <= %1").arg(limit);
    const QString over = QStringLiteral("token_count > %1").arg(limit);
    auto* unit = page_->findChild<QComboBox*>(QStringLiteral("lengthUnit"));
    auto* maxLength = page_->findChild<QSpinBox*>(QStringLiteral("maxLength"));
    QCOMPARE(unit->currentText(), QStringLiteral("tokens"));
    const qint64 shortOnes = storedCount(within);
    QVERIFY(shortOnes > 0 && shortOnes < kUnique + kExactCopies + kNearCopies);
    maxLength->setValue(limit);
    QTRY_COMPARE(model->matchingCount(), shortOnes);
    maxLength->setValue(0);
    QTRY_COMPARE(model->matchingCount(), qint64(kUnique + kExactCopies + kNearCopies));

    // The quality filter starts from the recipe's max_seq_len and removes exactly the longer ones.
    CurationDialog* quality = page_->openQualityDialog();
    QCOMPARE(quality->maxTokensSpin()->value(), limit);
    auto* note = quality->findChild<QLabel*>(QStringLiteral("tokenLengthNote"));
    QVERIFY2(note->text().contains(QStringLiteral("qwen")), qPrintable(note->text()));
    QSignalSpy planned(quality, &CurationDialog::planned);
    quality->plan();
    QTRY_COMPARE_WITH_TIMEOUT(planned.count(), 1, 30000);
    QCOMPARE(quality->report()->countFor(RemovalReason::TooLong), storedCount(over));
    QCOMPARE(quality->report()->notCounted, qint64(0));
    quality->reject();

    // Another tokenizer (SentencePiece, Mistral's [INST] template): counted again, in its tokens.
    auto total = [this] {
        QSqlQuery q(store_.database());
        return q.exec(QStringLiteral("SELECT sum(token_count) FROM examples")) && q.next()
                   ? q.value(0).toLongLong() : -1;
    };
    const QVariant qwenFirst = firstRowTokens();
    const qint64 qwenTotal = total();
    bar->chooseModel(fixtures + QStringLiteral("mistral-v1/tokenizer.model"));
    QVERIFY(finished.wait(60000));
    QVERIFY2(status->text().contains(QStringLiteral("mistral-v1 tokens")), qPrintable(status->text()));
    QVERIFY(total() > 0 && total() != qwenTotal);
    QTRY_COMPARE(model->data(model->index(0, DatasetTableModel::TokensColumn)), firstRowTokens());

    // A model that cannot be read: said in the bar, the counts stay.
    QSignalSpy failed(bar, &TokenLengthBar::countingFailed);
    bar->chooseModel(dir_.filePath(QStringLiteral("no-such-model")));
    QVERIFY(failed.wait(60000));
    QVERIFY2(status->text().contains(QStringLiteral("no-such-model")), qPrintable(status->text()));
    QCOMPARE(storedCount(QStringLiteral("token_count IS NULL")), qint64(0));

    // Stop (back in Qwen tokens, chosen by its path): what was committed stays, and counting does
    // not restart by itself when the page is shown again - Count goes on.
    bar->chooseModel(fixtures + QStringLiteral("qwen"));
    QVERIFY(bar->isCounting());
    bar->stop();
    QVERIFY(finished.wait(60000));
    QVERIFY(finished.last().at(0).value<TokenCountResult>().cancelled);
    page_->refresh();
    QVERIFY(!bar->isCounting());
    auto* count = bar->findChild<QPushButton*>(QStringLiteral("tokenLengthCount"));
    if (storedCount(QStringLiteral("token_count IS NULL")) > 0) {
        QVERIFY(count->isVisible());
        QTest::mouseClick(count, Qt::LeftButton);
        QVERIFY(bar->isCounting());
        QVERIFY(finished.wait(60000));
    }
    QCOMPARE(storedCount(QStringLiteral("token_count IS NULL")), qint64(0));
    QVERIFY(!count->isVisible());

    QCOMPARE(firstRowTokens(), qwenFirst);
    QCOMPARE(total(), qwenTotal);

    // Following the recipe again: the same tokenizer, so the lengths stay and nothing is counted.
    bar->chooseModel(QString());
    QVERIFY(!bar->isCounting());
    QVERIFY2(status->text().contains(QStringLiteral("recipe")), qPrintable(status->text()));
    QCOMPARE(total(), qwenTotal);
}

// The toggle marks the dataset as the project's general-capability set: stored, named in the
// picker, explained under it; toggling again undoes it, and the version shown stays.
void DatasetsViewTest::generalCapabilitySetToggle() {
    auto* button = page_->findChild<QPushButton*>(QStringLiteral("generalCapabilityButton"));
    auto* notice = page_->findChild<QLabel*>(QStringLiteral("generalCapabilityNotice"));
    auto* datasets = page_->findChild<QComboBox*>(QStringLiteral("datasetCombo"));
    const qint64 version = page_->currentVersionId();
    QVERIFY(button->isEnabled() && !button->isChecked() && !notice->isVisible());
    QTest::mouseClick(button, Qt::LeftButton);
    DatasetRepository repo(store_.database());
    QVERIFY(repo.datasetByName(QStringLiteral("tickets"))->generalCapability);
    QVERIFY(button->isChecked());
    QVERIFY(notice->isVisible());
    QCOMPARE(datasets->currentText(), QStringLiteral("tickets (general capability)"));
    QCOMPARE(page_->currentVersionId(), version);
    // The suite editor names it too, and a new suite on it evaluates all of it.
    {
        SuitesPanel suites;
        suites.setProject(&store_);
        suites.newSuite();
        auto* versions = suites.findChild<QComboBox*>(QStringLiteral("suiteDatasetVersion"));
        auto* split = suites.findChild<QComboBox*>(QStringLiteral("suiteSplit"));
        QCOMPARE(split->currentText(), QStringLiteral("eval"));
        const int index = versions->findData(version);
        QVERIFY(index >= 0);
        QVERIFY2(versions->itemText(index).endsWith(QStringLiteral("(general capability)")),
                 qPrintable(versions->itemText(index)));
        versions->setCurrentIndex(index == 0 ? 1 : 0);
        versions->setCurrentIndex(index);
        QCOMPARE(split->currentText(), QStringLiteral("all"));
    }
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!repo.datasetByName(QStringLiteral("tickets"))->generalCapability);
    QVERIFY(!button->isChecked() && !notice->isVisible());
    QCOMPARE(datasets->currentText(), QStringLiteral("tickets"));
}

void DatasetsViewTest::detailPaneRendersTheChat() {
    DatasetTableModel* model = page_->tableModel();
    page_->tableView()->setCurrentIndex(model->index(0, DatasetTableModel::InputColumn));
    const QString text = page_->detailView()->toPlainText();
    QVERIFY2(text.contains(ticketText(0)), qPrintable(text));
    QVERIFY(text.contains(answerFor(0)));
    QVERIFY(text.contains(QStringLiteral("USER")));
    QVERIFY(text.contains(QStringLiteral("ASSISTANT")));
    QVERIFY(text.contains(QStringLiteral("edge_case")));
    QVERIFY(text.contains(QStringLiteral("technical")));
}

namespace {
// Holds the only thread of the global pool, so work started by a BackgroundTask waits in the
// queue until release(): a test can press Cancel before the work starts, deterministically.
class PoolGate {
public:
    PoolGate() : threads_(QThreadPool::globalInstance()->maxThreadCount()) {
        QThreadPool::globalInstance()->setMaxThreadCount(1);
        blocker_ = QtConcurrent::run([this] { gate_.acquire(); });
    }
    ~PoolGate() {
        release();
        blocker_.waitForFinished();
        QThreadPool::globalInstance()->setMaxThreadCount(threads_);
    }
    void release() {
        if (!released_) gate_.release();
        released_ = true;
    }

private:
    int threads_;
    QSemaphore gate_;
    QFuture<void> blocker_;
    bool released_ = false;
};

// Clicks Cancel on the progress dialog of `owner`'s newest background task (the button, as a
// user would: QProgressDialog::cancel() alone does not emit canceled()).
bool cancelNewestTask(QObject* owner, const QList<QProgressDialog*>& before) {
    for (QProgressDialog* progress :
         owner->findChildren<QProgressDialog*>(QStringLiteral("backgroundProgress")))
        if (!before.contains(progress)) {
            auto* button = progress->findChild<QPushButton*>();
            if (!button) return false;
            button->click();
            return true;
        }
    return false;
}
}  // namespace

// Cancel pressed before the work runs: applying the curation writes no version (the dialog stays
// open with its plan), and the export leaves no file. The work only sees the flag if the dialog
// and the page pass it down: otherwise it would run to the end once the pool is free.
void DatasetsViewTest::cancelledCurationAndExportWriteNothing() {
    const qint64 source = page_->currentVersionId();
    const qsizetype versionsBefore = page_->currentVersions().size();
    CurationDialog* dialog = page_->openDuplicatesDialog();
    QVERIFY(dialog);
    QSignalSpy planned(dialog, &CurationDialog::planned);
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("planButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(planned.count(), 1, 30000);
    auto* apply = dialog->findChild<QPushButton*>(QStringLiteral("applyButton"));
    QVERIFY(apply->isEnabled());
    QSignalSpy applied(dialog, &CurationDialog::applied);
    {
        PoolGate gate;
        const auto before = dialog->findChildren<QProgressDialog*>();
        QTest::mouseClick(apply, Qt::LeftButton);
        QVERIFY(cancelNewestTask(dialog, before));
        gate.release();
        QTRY_VERIFY_WITH_TIMEOUT(apply->isEnabled(), 30000);
    }
    QCOMPARE(applied.count(), 0);
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->hasPlan());
    QSqlQuery versions(store_.database());
    QVERIFY(versions.exec(QStringLiteral("SELECT count(*) FROM dataset_versions")) && versions.next());
    QCOMPARE(versions.value(0).toLongLong(), qint64(versionsBefore));
    dialog->reject();

    const QString path = dir_.filePath(QStringLiteral("cancelled_export.jsonl"));
    QSignalSpy exported(page_, &DatasetsPage::exportFinished);
    {
        PoolGate gate;
        const auto before = page_->findChildren<QProgressDialog*>();
        page_->exportTo(path);
        QVERIFY(cancelNewestTask(page_, before));
        gate.release();
    }
    // The task's progress dialog goes when its `done` has run.
    QTRY_VERIFY_WITH_TIMEOUT(page_->findChildren<QProgressDialog*>(QStringLiteral("backgroundProgress"))
                    .isEmpty(), 30000);
    QCOMPARE(exported.count(), 0);
    QVERIFY(QDir(dir_.path()).entryList({QStringLiteral("cancelled_export*")}, QDir::Files |
                                        QDir::Hidden).isEmpty());
    QCOMPARE(page_->currentVersionId(), source);
}

void DatasetsViewTest::duplicatesBecomeANewVersion() {
    const qint64 source = page_->currentVersionId();
    CurationDialog* dialog = page_->openDuplicatesDialog();
    QVERIFY(dialog);
    QSignalSpy planned(dialog, &CurationDialog::planned);
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("planButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(planned.count(), 1, 30000);
    const CurationReport* report = dialog->report();
    QCOMPARE(report->countFor(RemovalReason::ExactDuplicate), qint64(kExactCopies));
    QCOMPARE(report->countFor(RemovalReason::NearDuplicate), qint64(kNearCopies));
    QCOMPARE(qint64(report->nearDuplicateClusters.size()), qint64(kNearCopies));
    // Each cluster is listed with its members for review.
    QTreeWidgetItem* cluster = dialog->reviewTree()->topLevelItem(0);
    QCOMPARE(cluster->childCount(), 2);
    QVERIFY(cluster->child(0)->text(0).contains(QStringLiteral("ticket3 ")));

    QSignalSpy reloaded(page_, &DatasetsPage::examplesReloaded);
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("applyButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(page_->currentVersionId() != source, 30000);
    const auto versions = page_->currentVersions();
    QCOMPARE(versions.size(), 2);
    QCOMPARE(versions.last().source, QStringLiteral("curation"));
    QCOMPARE(versions.last().parentVersionId, source);
    QCOMPARE(versions.last().exampleCount, qint64(kUnique));
    QCOMPARE(page_->tableModel()->matchingCount(), qint64(kUnique));
}

void DatasetsViewTest::evalSplitAndFrozenVersion() {
    const qint64 source = page_->currentVersionId();
    SplitDialog* dialog = page_->openSplitDialog();
    QVERIFY(dialog && dialog->canSplit());
    SplitParams params = dialog->params();
    params.evalFraction = 0.25;
    params.edgeCaseEvalShare = 1.0;
    dialog->setParams(params);
    QSignalSpy created(dialog, &SplitDialog::created);
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("makeSplitButton")),
                      Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(created.count(), 1, 30000);
    const qint64 evalCount = created.at(0).at(2).toLongLong();
    QVERIFY(evalCount >= kUnique / 10);  // every edge case, plus a quarter of the rest
    QTRY_VERIFY(page_->currentVersionId() != source);
    QCOMPARE(page_->currentVersions().last().source, QStringLiteral("split"));
    auto* split = page_->findChild<QComboBox*>(QStringLiteral("splitFilter"));
    split->setCurrentIndex(split->findText(QStringLiteral("eval")));
    QCOMPARE(page_->tableModel()->matchingCount(), evalCount);
    split->setCurrentIndex(0);

    // A run used it: frozen, and the split dialog says why instead of splitting.
    DatasetRepository(store_.database()).freezeVersion(page_->currentVersionId());
    page_->refresh();
    QVERIFY(page_->findChild<QComboBox*>(QStringLiteral("versionCombo"))
                ->currentText().endsWith(QStringLiteral("frozen")));
    SplitDialog* frozen = page_->openSplitDialog();
    QVERIFY(!frozen->canSplit());
    auto* notice = frozen->findChild<QLabel*>(QStringLiteral("frozenNotice"));
    QVERIFY(notice->isVisible());
    QVERIFY2(notice->text().contains(QStringLiteral("is frozen")), qPrintable(notice->text()));
    frozen->reject();
}

void DatasetsViewTest::statisticsAndScreenshot() {
    QSignalSpy ready(page_, &DatasetsPage::statisticsReady);
    page_->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() >= 1, 30000);
    auto* summary = page_->statisticsView()->findChild<QLabel*>(QStringLiteral("statisticsSummary"));
    QVERIFY2(summary->text().startsWith(QStringLiteral("%1 examples").arg(kUnique)),
             qPrintable(summary->text()));
    // Every example has its length in tokens by now: the summary gives them too.
    QVERIFY2(summary->text().contains(QStringLiteral(" tokens (longest ")), qPrintable(summary->text()));
    // The recipe's max_seq_len (the median length, set earlier) is compared with: the examples of
    // this version over it are counted in the summary and the limit is drawn on the histogram.
    QSqlQuery over(store_.database());
    over.prepare(QStringLiteral(
        "SELECT count(*) FROM version_examples v JOIN examples e ON e.id = v.example_id "
        "WHERE v.version_id = ? AND e.token_count > (SELECT json_extract(recipe_json, '$.max_seq_len') "
        "FROM recipes WHERE name = 'triage')"));
    over.addBindValue(page_->currentVersionId());
    QVERIFY(over.exec() && over.next());
    QVERIFY2(summary->text().contains(QStringLiteral("· %1 longer than max_seq_len ").arg(over.value(0).toLongLong())),
             qPrintable(summary->text()));
    over.finish();
    QCOMPARE(page_->statisticsView()->lengthPlot()->itemCount(), 2);  // the line and its label
    page_->tabs()->setCurrentIndex(1);
    QApplication::processEvents();
    const QImage stats = page_->grab().toImage();
    QVERIFY(stats.save(QStringLiteral(TS_BUILD_DIR "/datasets_statistics.png")));
    page_->tabs()->setCurrentIndex(0);
    page_->tableView()->setCurrentIndex(
        page_->tableModel()->index(1, DatasetTableModel::InputColumn));
    QApplication::processEvents();
    const QImage image = page_->grab().toImage();
    QCOMPARE(image.width(), page_->width());
    QVERIFY(image.save(QStringLiteral(TS_BUILD_DIR "/datasets_view.png")));
}

// Timing on a large project, for docs/benchmarks.md: set TS_DATASETS_BENCH_PROJECT to a project
// holding one big dataset (e.g. a million imported lines) and TS_DATASETS_BENCH_WORDS to
// space-separated search texts.
void DatasetsViewTest::largeProjectTiming() {
    const QString path = qEnvironmentVariable("TS_DATASETS_BENCH_PROJECT");
    if (path.isEmpty()) QSKIP("TS_DATASETS_BENCH_PROJECT is not set");
    ProjectStore store;
    QElapsedTimer timer;
    timer.start();
    const OpenResult opened = store.open(path, OpenMode::OpenExisting);
    QVERIFY2(opened.ok, qPrintable(opened.error));
    const qint64 openMs = timer.elapsed();
    DatasetsPage page;
    page.resize(1280, 820);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    timer.restart();
    page.setProject(&store);
    page.repaint();  // paints synchronously: the table's first rows are on screen
    const qint64 firstPaintMs = timer.elapsed();
    qInfo("open project: %lld ms; first paint of %lld examples: %lld ms", openMs,
          page.tableModel()->matchingCount(), firstPaintMs);
    // TS_DATASETS_BENCH_VERSION=ID browses another version than the latest, and
    // TS_DATASETS_BENCH_SPLIT=train|eval|... filters it, before the searches below.
    const qint64 benchVersion = qEnvironmentVariable("TS_DATASETS_BENCH_VERSION").toLongLong();
    const auto benchSplit = splitFromName(qEnvironmentVariable("TS_DATASETS_BENCH_SPLIT"));
    if (benchVersion > 0 || benchSplit) {
        timer.restart();
        page.tableModel()->setFilters(QString(), benchSplit, ExampleFilter{});
        if (benchVersion > 0) page.tableModel()->setVersion(benchVersion);
        page.repaint();
        qInfo("version %lld, split '%s': %lld examples, %lld ms", page.tableModel()->versionId(),
              qPrintable(qEnvironmentVariable("TS_DATASETS_BENCH_SPLIT")),
              page.tableModel()->matchingCount(), qint64(timer.elapsed()));
    }
    // TS_DATASETS_BENCH_PLAN=walk or =matches forces a search plan, to compare both on one load.
    const QString forced = qEnvironmentVariable("TS_DATASETS_BENCH_PLAN");
    if (forced == QStringLiteral("walk")) page.tableModel()->setSearchPlan(SearchPlan::PositionWalk);
    if (forced == QStringLiteral("matches")) page.tableModel()->setSearchPlan(SearchPlan::FromMatches);
    for (const QString& words : qEnvironmentVariable("TS_DATASETS_BENCH_WORDS")
                                    .split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        DatasetTableModel* model = page.tableModel();
        QSignalSpy counted(model, &DatasetTableModel::matchingCountChanged);
        timer.restart();
        model->setSearchText(words);
        page.repaint();
        const qint64 searchMs = timer.elapsed();
        const SearchPlan plan = model->activeSearchPlan();
        const bool exact = model->isMatchingCountExact();
        // A count left to the background: how long until the label shows it.
        if (!exact) QVERIFY(counted.wait(30000));
        const qint64 countMs = timer.elapsed();
        qInfo("search '%s': %lld matches (%lld in the index), %s, %lld ms%s", qPrintable(words),
              model->matchingCount(), model->indexMatchCount(),
              plan == SearchPlan::FromMatches ? "from matches" : "position walk", searchMs,
              exact ? "" : qPrintable(QStringLiteral("; counted in the background: %1 ms")
                                          .arg(countMs)));
    }
    timer.restart();
    page.tableModel()->setSearchText(QString());
    page.tableView()->scrollToBottom();  // fetches one more page
    page.repaint();
    qInfo("clear search + scroll: %lld ms", timer.elapsed());
    page.setProject(nullptr);
    store.close();
}

QTEST_MAIN(DatasetsViewTest)
#include "datasets_view_test.moc"
