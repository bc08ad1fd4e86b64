// SPDX-License-Identifier: GPL-3.0-or-later
// The Production page on real widgets (offscreen): import a log through the page (progress,
// bad-line report by file:line), compute drift (plots filled from the report, the flag), approve
// a queued correction into a new dataset version from the queue table, and the retraining
// reminder banner. With TS_SCREENSHOT_DIR set it also saves the drift view as drift-view.png.
#include "ui/charts/qcustomplot_include.h"  // first: needs Qt's foreach

#include "app/datasets/dataset_importer.h"
#include "app/datasets/dataset_repository.h"
#include "app/feedback/corrections_queue.h"
#include "app/store/project_store.h"
#include "ui/pages/production_page.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <random>

using namespace ts;

namespace {

// Support tickets: a few intents, each with its own phrasing, filled from small word lists.
struct Intent {
    const char* label;
    QStringList templates;
};

QString pick(std::mt19937& rng, const QStringList& list) {
    return list[std::uniform_int_distribution<int>(0, int(list.size()) - 1)(rng)];
}

QString fill(std::mt19937& rng, QString text) {
    static const QStringList plans = {QStringLiteral("premium"), QStringLiteral("family"),
                                      QStringLiteral("basic"), QStringLiteral("annual")};
    static const QStringList items = {QStringLiteral("headphones"), QStringLiteral("desk lamp"),
                                      QStringLiteral("running shoes"), QStringLiteral("coffee grinder"),
                                      QStringLiteral("backpack"), QStringLiteral("phone case")};
    static const QStringList days = {QStringLiteral("Monday"), QStringLiteral("last week"),
                                     QStringLiteral("yesterday"), QStringLiteral("on the 3rd")};
    static const QStringList files = {QStringLiteral("photo"), QStringLiteral("video"),
                                      QStringLiteral("PDF receipt"), QStringLiteral("voice note")};
    text.replace(QStringLiteral("{plan}"), pick(rng, plans));
    text.replace(QStringLiteral("{item}"), pick(rng, items));
    text.replace(QStringLiteral("{day}"), pick(rng, days));
    text.replace(QStringLiteral("{file}"), pick(rng, files));
    text.replace(QStringLiteral("{n}"), QString::number(std::uniform_int_distribution<int>(100, 9999)(rng)));
    return text;
}

const QList<Intent>& trainingIntents() {
    static const QList<Intent> intents = {
        {"billing", {QStringLiteral("I was charged twice for my {plan} plan {day}, please refund one payment"),
                     QStringLiteral("Why did my {plan} subscription renew at a higher price"),
                     QStringLiteral("Can I get an invoice for order {n} for my records")}},
        {"shipping", {QStringLiteral("My {item} from order {n} has not arrived, it was due {day}"),
                      QStringLiteral("The tracking for my {item} has not updated since {day}"),
                      QStringLiteral("Can I change the delivery address for order {n}")}},
        {"returns", {QStringLiteral("The {item} I received is broken, how do I return it"),
                     QStringLiteral("I want to exchange the {item} for a different size"),
                     QStringLiteral("How long does a refund for a returned {item} take")}},
        {"account", {QStringLiteral("I cannot log in to my account since {day}"),
                     QStringLiteral("How do I change the email address on my {plan} account"),
                     QStringLiteral("Please delete my account and all my data")}},
    };
    return intents;
}

// A new product launched mid-period: questions the training data never saw.
const Intent& newIntent() {
    static const Intent intent = {
        "app_bug", {QStringLiteral("The new mobile app crashes every time I try to upload a {file} from the gallery screen"),
                    QStringLiteral("After the latest app update the scanner freezes and my {file} is lost, reinstalling did not help"),
                    QStringLiteral("Push notifications in the redesigned app arrive twice and the {file} preview stays blank")}};
    return intent;
}

QByteArray jsonLine(const QJsonObject& o) { return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n'; }

}  // namespace

class ProductionViewTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void importReportsProgressAndBadLines();
    void driftFillsThePlotsAndRaisesTheFlag();
    void approvingFromTheTableCreatesAVersion();
    void reminderBannerFollowsTheCadence();
    void screenshotOfTheDriftView();

private:
    QString writeFile(const QString& name, const QByteArray& bytes) {
        const QString path = dir_.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
        f.write(bytes);
        return path;
    }
    QVariant scalar(const QString& sql) {
        QSqlQuery q(store_.database());
        if (!q.exec(sql)) qFatal("%s", qPrintable(sql));
        return q.next() ? q.value(0) : QVariant();
    }
    template <typename T> T* find(const char* name) {
        T* widget = page_->findChild<T*>(QLatin1String(name));
        if (!widget) qFatal("no widget %s", name);
        return widget;
    }

    QTemporaryDir dir_;
    ProjectStore store_;
    ui::ProductionPage* page_ = nullptr;
    qint64 trainVersion_ = 0;
    QString logPath_;
    QStringList errors_;
};

void ProductionViewTest::initTestCase() {
    QVERIFY(dir_.isValid());
    QVERIFY(store_.open(dir_.filePath(QStringLiteral("Support Bot.tsproj")), OpenMode::CreateNew).ok);

    // Training data: 400 tickets of the four known intents.
    std::mt19937 rng(7);
    QByteArray training;
    for (int i = 0; i < 400; ++i) {
        const Intent& intent = trainingIntents()[i % 4];
        training += jsonLine({{QStringLiteral("prompt"), fill(rng, pick(rng, intent.templates))},
                              {QStringLiteral("completion"),
                               QStringLiteral("{\"label\": \"%1\"}").arg(QLatin1String(intent.label))}});
    }
    ImportOptions options;
    options.datasetName = QStringLiteral("tickets");
    trainVersion_ = DatasetImporter(store_.database())
                        .importFile(writeFile(QStringLiteral("tickets.jsonl"), training), options)
                        .versionId;
    QVERIFY(trainVersion_ > 0);
    QSqlQuery adapter(store_.database());
    QVERIFY(adapter.prepare(QStringLiteral(
        "INSERT INTO adapter_versions (name, stage, path, sha256, base_model, dataset_version_id) "
        "VALUES ('tickets-v1', 'production', '/adapters/v1', ?, 'SmolLM2-135M', ?)")));
    adapter.addBindValue(QString(64, QLatin1Char('a')));
    adapter.addBindValue(trainVersion_);
    QVERIFY(adapter.exec());

    // Four weeks of logs: the new app's tickets appear in week 3 and grow to half the traffic.
    QByteArray log;
    const QDateTime start = QDateTime::fromString(QStringLiteral("2024-05-06T08:00:00Z"), Qt::ISODate);
    int line = 0;
    for (int day = 0; day < 28; ++day) {
        const double newShare = day < 14 ? 0.0 : std::min(0.55, 0.05 + 0.04 * (day - 14));
        for (int i = 0; i < 30; ++i) {
            const bool isNew = std::uniform_real_distribution<double>(0, 1)(rng) < newShare;
            const Intent& intent = isNew ? newIntent() : trainingIntents()[int(rng() % 4)];
            QJsonObject o{{QStringLiteral("prompt"), fill(rng, pick(rng, intent.templates))},
                          {QStringLiteral("response"),
                           QStringLiteral("{\"label\": \"%1\"}")
                               .arg(QLatin1String(isNew ? "account" : intent.label))},
                          {QStringLiteral("timestamp"),
                           start.addSecs(qint64(day) * 86400 + i * 1200).toString(Qt::ISODate)}};
            if (isNew && i % 5 == 0)  // a support agent fixed the label
                o.insert(QStringLiteral("correction"), QStringLiteral("{\"label\": \"app_bug\"}"));
            log += jsonLine(o);
            ++line;
        }
    }
    log += "{\"prompt\": \"truncated line\", \n";   // a bad line at the end: line 841
    log += "{\"response\": \"no input\"}\n";         // 842
    logPath_ = writeFile(QStringLiteral("serving.jsonl"), log);

    page_ = new ui::ProductionPage;
    page_->setErrorReporter([this](const QString& title, const QString& message) {
        errors_ << title + QStringLiteral(": ") + message;
    });
    page_->resize(1280, 860);
    page_->setProject(&store_);
    page_->show();
    QVERIFY(QTest::qWaitForWindowExposed(page_));
}

void ProductionViewTest::cleanupTestCase() {
    page_->setProject(nullptr);
    delete page_;
    store_.close();
}

void ProductionViewTest::importReportsProgressAndBadLines() {
    page_->setLogFileChooser([this] { return logPath_; });
    QSignalSpy finished(page_, &ui::ProductionPage::importFinished);
    find<QPushButton>("importLogsButton")->click();
    QVERIFY(!find<QPushButton>("importLogsButton")->isEnabled());  // one import at a time
    QVERIFY(finished.wait(60000));
    QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join(QLatin1Char('\n'))));
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM production_logs")).toInt(), 840);
    QCOMPARE(find<QProgressBar>("importProgress")->value(), 1000);
    const QString issues = find<QPlainTextEdit>("importIssues")->toPlainText();
    QVERIFY2(issues.contains(QStringLiteral("serving.jsonl:841: ")), qPrintable(issues));
    QVERIFY2(issues.contains(QStringLiteral("serving.jsonl:842: no input field")), qPrintable(issues));
    QVERIFY(find<QLabel>("importSummary")->text().contains(QStringLiteral("840 new line(s)")));

    // Importing the same file again adds nothing.
    page_->importLogFile(logPath_);
    QVERIFY(finished.wait(60000));
    QVERIFY(find<QLabel>("importSummary")->text().contains(QStringLiteral("840 already imported")));
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM production_logs")).toInt(), 840);
}

void ProductionViewTest::driftFillsThePlotsAndRaisesTheFlag() {
    QSignalSpy computed(page_, &ui::ProductionPage::driftComputed);
    page_->computeDrift();
    QVERIFY(computed.wait(60000));
    QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join(QLatin1Char('\n'))));
    QVERIFY(page_->driftReport().has_value());
    const DriftReport& r = *page_->driftReport();
    QCOMPARE(r.referenceVersionId, trainVersion_);
    QCOMPARE(int(r.series.size()), 28);
    // The first two weeks look like training; the last days do not.
    QVERIFY(r.series.front().metrics.novelShare < r.series.back().metrics.novelShare);
    QVERIFY(r.series.back().metrics.tokenJs > r.series.front().metrics.tokenJs);
    QVERIFY(r.retrainingRecommended);
    QVERIFY(find<QLabel>("driftFlag")->text().contains(QStringLiteral("Retraining recommended")));

    auto* js = find<QCustomPlot>("jsPlot");
    QCOMPARE(js->graphCount(), 2);  // the series and the threshold line
    QCOMPARE(js->graph(0)->dataCount(), 28);
    QCOMPARE(js->graph(1)->data()->at(0)->value, r.thresholds.jsDivergence);
    QCOMPARE(find<QCustomPlot>("lengthPlot")->plottableCount(), 2);  // training + production
    QCOMPARE(find<QCustomPlot>("labelPlot")->plottableCount(), 2);
    // Weekly buckets on request.
    find<QComboBox>("driftBucket")->setCurrentIndex(1);
    page_->computeDrift();
    QVERIFY(computed.wait(60000));
    QCOMPARE(int(page_->driftReport()->series.size()), 4);
}

void ProductionViewTest::approvingFromTheTableCreatesAVersion() {
    page_->tabs()->setCurrentIndex(1);
    auto* table = find<QTableWidget>("queueTable");
    const int queued = scalar(QStringLiteral("SELECT count(*) FROM production_logs WHERE status = 'queued'")).toInt();
    QVERIFY(queued > 0);
    QCOMPARE(table->rowCount(), queued);
    table->item(0, 0)->setCheckState(Qt::Checked);
    if (queued > 1) table->item(1, 0)->setCheckState(Qt::Checked);
    const qint64 firstId = table->item(0, 0)->data(Qt::UserRole).toLongLong();
    find<QComboBox>("approveDataset")->setCurrentIndex(0);
    find<QPushButton>("approveButton")->click();
    QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join(QLatin1Char('\n'))));
    const int approved = std::min(queued, 2);
    QCOMPARE(table->rowCount(), queued - approved);
    DatasetRepository repo(store_.database());
    const auto versions = repo.versions(repo.version(trainVersion_).datasetId);
    QCOMPARE(versions.size(), 2);
    QCOMPARE(versions.back().parentVersionId, trainVersion_);
    QCOMPARE(versions.back().exampleCount, 400 + approved);
    QCOMPARE(versions.back().source, QStringLiteral("production"));
    const ProductionLogRow row = CorrectionsQueue(store_.database()).row(firstId);
    QCOMPARE(row.status, LogStatus::Approved);
    QCOMPARE(repo.loadExample(row.exampleId).outputText, QStringLiteral("{\"label\": \"app_bug\"}"));

    // Reject one more from the table: it stays, as rejected.
    if (table->rowCount() > 0) {
        table->item(0, 0)->setCheckState(Qt::Checked);
        find<QPushButton>("rejectButton")->click();
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM production_logs WHERE status = 'rejected'")).toInt(), 1);
    }
}

void ProductionViewTest::reminderBannerFollowsTheCadence() {
    QSignalSpy changed(page_, &ui::ProductionPage::reminderChanged);
    // The drift computed above raised the reminder already.
    QVERIFY(!page_->reminderMessage().isEmpty());
    store_.setMeta(QStringLiteral("drift.last_recommended"), QStringLiteral("0"));
    page_->refresh();
    QVERIFY(page_->reminderMessage().isEmpty());
    QVERIFY(!find<QLabel>("reminderBanner")->isVisible());
    store_.setMeta(QStringLiteral("retrain.cadence_days"), QStringLiteral("14"));
    page_->refresh();
    QVERIFY(find<QLabel>("reminderBanner")->isVisible());
    QVERIFY(page_->reminderMessage().contains(QStringLiteral("14-day")));
    QCOMPARE(changed.count(), 2);
    store_.setMeta(QStringLiteral("retrain.cadence_days"), QStringLiteral("0"));
}

void ProductionViewTest::screenshotOfTheDriftView() {
    const QString dir = qEnvironmentVariable("TS_SCREENSHOT_DIR");
    if (dir.isEmpty()) QSKIP("set TS_SCREENSHOT_DIR to save docs/images/drift-view.png");
    store_.setMeta(QStringLiteral("drift.last_recommended"), QStringLiteral("1"));
    QSignalSpy computed(page_, &ui::ProductionPage::driftComputed);
    find<QComboBox>("driftBucket")->setCurrentIndex(0);
    page_->tabs()->setCurrentIndex(0);
    page_->computeDrift();
    QVERIFY(computed.wait(60000));
    page_->refresh();
    QTest::qWait(50);
    const QString path = QDir(dir).filePath(QStringLiteral("drift-view.png"));
    QVERIFY(page_->grab().save(path));
    qInfo("saved %s", qPrintable(path));
}

QTEST_MAIN(ProductionViewTest)
#include "production_view_test.moc"
