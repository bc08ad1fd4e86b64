// SPDX-License-Identifier: GPL-3.0-or-later
// The annotation session against a real project: every action is committed at once (a second
// connection sees it), undo/redo write the database back and forth, consecutive output edits
// merge into one step and one row, queues and progress, the label set, and materializing a new
// dataset version from the annotations.
#include "dataset_test_support.h"

#include "../annotation_fixture_data.h"
#include "app/annotation/annotation_materializer.h"
#include "app/annotation/annotation_session.h"
#include "app/annotation/label_set.h"
#include "engine/core/error.h"

#include <QSqlDatabase>

using namespace ts;

namespace {

// Another connection to the project file: what it reads has been committed.
class SecondReader {
public:
    explicit SecondReader(const QString& path) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name());
        db.setDatabaseName(path);
        db.open();
    }
    ~SecondReader() {
        QSqlDatabase::database(name(), false).close();
        QSqlDatabase::removeDatabase(name());
    }
    qint64 count(const QString& sql) const {
        QSqlQuery q(QSqlDatabase::database(name(), false));
        EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
        return q.next() ? q.value(0).toLongLong() : -1;
    }
    QString text(const QString& sql) const {
        QSqlQuery q(QSqlDatabase::database(name(), false));
        EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
        return q.next() ? q.value(0).toString() : QStringLiteral("<no row>");
    }

private:
    static QString name() { return QStringLiteral("second_reader"); }
};

}  // namespace

class AnnotationSessionTest : public test::ProjectFixture {
protected:
    void SetUp() override {
        test::ProjectFixture::SetUp();
        chatVersion_ = test::importJsonl(db(), dir_.path(), QStringLiteral("chat"),
                                         test::chatLines(6));
        ASSERT_GT(chatVersion_, 0);
        LabelSet labels(db());
        good_ = labels.add(QStringLiteral("good"));
        bad_ = labels.add(QStringLiteral("bad"));
        session_ = std::make_unique<AnnotationSession>(db());
        session_->setAnnotator(QStringLiteral("dana"));
        session_->setQueue({chatVersion_, QueueFilter::All, std::nullopt, {}});
        ASSERT_EQ(session_->count(), 6);
    }
    void TearDown() override {
        session_.reset();
        test::ProjectFixture::TearDown();
    }
    qint64 current(const QString& kind) {
        return count(QStringLiteral("SELECT count(*) FROM annotations WHERE kind = '%1' "
                                    "AND superseded_by IS NULL")
                         .arg(kind));
    }
    qint64 chatVersion_ = 0, good_ = 0, bad_ = 0;
    std::unique_ptr<AnnotationSession> session_;
};

TEST_F(AnnotationSessionTest, EachActionIsCommittedAndUndoRedoWriteTheDatabase) {
    SecondReader reader(projectPath_);
    const qint64 first = session_->currentExampleId();
    session_->setLabel(good_);
    EXPECT_EQ(reader.count(QStringLiteral("SELECT label_id FROM annotations WHERE kind = 'label' "
                                          "AND superseded_by IS NULL")),
              good_);
    // Relabelling supersedes, keeping the history.
    session_->setLabel(bad_);
    EXPECT_EQ(reader.count(QStringLiteral("SELECT count(*) FROM annotations WHERE kind = 'label'")), 2);
    EXPECT_EQ(reader.count(QStringLiteral("SELECT label_id FROM annotations WHERE kind = 'label' "
                                          "AND superseded_by IS NULL")),
              bad_);
    session_->undo();
    EXPECT_EQ(reader.count(QStringLiteral("SELECT count(*) FROM annotations WHERE kind = 'label'")), 1);
    EXPECT_EQ(reader.count(QStringLiteral("SELECT label_id FROM annotations WHERE kind = 'label' "
                                          "AND superseded_by IS NULL")),
              good_);
    session_->redo();
    EXPECT_EQ(reader.count(QStringLiteral("SELECT label_id FROM annotations WHERE kind = 'label' "
                                          "AND superseded_by IS NULL")),
              bad_);

    // Verdicts replace each other; flags toggle; a comment is stored.
    session_->accept();
    session_->reject();
    EXPECT_EQ(reader.text(QStringLiteral("SELECT group_concat(kind) FROM annotations WHERE "
                                         "kind IN ('accept','reject','skip') AND superseded_by IS NULL")),
              QStringLiteral("reject"));
    session_->toggleFlag(ExampleFlag::EdgeCase);
    EXPECT_EQ(reader.count(QStringLiteral("SELECT count(*) FROM example_flags WHERE flag = 'edge_case' "
                                          "AND set_by = 'dana'")),
              1);
    session_->undo();
    EXPECT_EQ(reader.count(QStringLiteral("SELECT count(*) FROM example_flags")), 0);
    session_->setComment(QStringLiteral("tricky wording"));
    EXPECT_EQ(reader.text(QStringLiteral("SELECT comment FROM annotations WHERE kind = 'comment'")),
              QStringLiteral("tricky wording"));

    // Undo after moving on returns to the example the step was on.
    ASSERT_TRUE(session_->next());
    session_->undo();
    EXPECT_EQ(session_->currentExampleId(), first);
    EXPECT_EQ(reader.count(QStringLiteral("SELECT count(*) FROM annotations WHERE kind = 'comment'")), 0);
}

TEST_F(AnnotationSessionTest, ConsecutiveOutputEditsMergeIntoOneStepAndOneRow) {
    SecondReader reader(projectPath_);
    const int before = session_->undoStack()->count();
    for (const QString& text : {QStringLiteral("A"), QStringLiteral("An"), QStringLiteral("Ans"),
                                QStringLiteral("Answer, corrected.")}) {
        session_->setOutputText(text);
        // Every keystroke is already in the file.
        EXPECT_EQ(reader.text(QStringLiteral("SELECT output_text FROM annotations WHERE "
                                             "kind = 'output_edit' AND superseded_by IS NULL")),
                  text);
    }
    EXPECT_EQ(session_->undoStack()->count(), before + 1);
    EXPECT_EQ(reader.count(QStringLiteral("SELECT count(*) FROM annotations WHERE kind = 'output_edit'")), 1);
    EXPECT_EQ(session_->currentState().outputText, QStringLiteral("Answer, corrected."));
    session_->undo();
    EXPECT_EQ(reader.count(QStringLiteral("SELECT count(*) FROM annotations")), 0);
    EXPECT_EQ(session_->currentState().outputText, QStringLiteral("Answer 1."));
    session_->redo();
    EXPECT_EQ(reader.text(QStringLiteral("SELECT output_text FROM annotations WHERE kind = 'output_edit'")),
              QStringLiteral("Answer, corrected."));
    // Another action in between starts a new step (and a new row superseding the first).
    session_->accept();
    session_->setOutputText(QStringLiteral("Second edit"));
    EXPECT_EQ(reader.count(QStringLiteral("SELECT count(*) FROM annotations WHERE kind = 'output_edit'")), 2);
    EXPECT_EQ(current(QStringLiteral("output_edit")), 1);
}

TEST_F(AnnotationSessionTest, QueuesAndProgress) {
    int lastDone = -1, lastTotal = -1;
    QObject::connect(session_.get(), &AnnotationSession::progressChanged,
                     [&](int done, int total) { lastDone = done; lastTotal = total; });
    session_->setLabel(good_);
    session_->next();
    session_->skip();  // seen, not decided
    session_->next();
    session_->accept();
    EXPECT_EQ(lastDone, 2);
    EXPECT_EQ(lastTotal, 6);
    session_->toggleFlag(ExampleFlag::GeneralCapability);

    session_->setQueue({chatVersion_, QueueFilter::Unlabeled, std::nullopt, {}});
    EXPECT_EQ(session_->count(), 4);  // the skipped one is still to do
    session_->setQueue({chatVersion_, QueueFilter::Flagged, std::nullopt, {}});
    EXPECT_EQ(session_->count(), 1);
    // Another annotator has done nothing yet.
    session_->setAnnotator(QStringLiteral("eli"));
    session_->setQueue({chatVersion_, QueueFilter::Unlabeled, std::nullopt, {}});
    EXPECT_EQ(session_->count(), 6);
    EXPECT_EQ(session_->doneCount(), 0);
    // Split and tag filters.
    session_->setQueue({chatVersion_, QueueFilter::All, Split::Eval, {}});
    EXPECT_EQ(session_->count(), 0);  // imported examples are unassigned
    session_->setQueue({chatVersion_, QueueFilter::All, Split::Unassigned, {}});
    EXPECT_EQ(session_->count(), 6);
    ASSERT_TRUE(QSqlQuery(db()).exec(QStringLiteral("INSERT INTO tags (name) VALUES ('hard')")));
    ASSERT_TRUE(QSqlQuery(db()).exec(QStringLiteral(
        "INSERT INTO example_tags (example_id, tag_id) SELECT min(id), 1 FROM examples")));
    session_->setQueue({chatVersion_, QueueFilter::All, std::nullopt, QStringLiteral("hard")});
    EXPECT_EQ(session_->count(), 1);
    EXPECT_THROW(session_->setQueue({0, QueueFilter::All, Split::Train, {}}), Error);
    EXPECT_THROW(session_->setAnnotator(QStringLiteral("  ")), Error);
}

TEST_F(AnnotationSessionTest, ActionsWithoutAnnotatorReportAndWriteNothing) {
    AnnotationSession anonymous(db());
    anonymous.setQueue({chatVersion_, QueueFilter::All, std::nullopt, {}});
    QString error;
    QObject::connect(&anonymous, &AnnotationSession::errorOccurred,
                     [&](const QString& e) { error = e; });
    anonymous.setLabel(good_);
    EXPECT_FALSE(error.isEmpty());
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM annotations")), 0);
    EXPECT_EQ(anonymous.undoStack()->count(), 0);
    // A failing write (unknown label) is reported and leaves no undo step.
    error.clear();
    QObject::connect(session_.get(), &AnnotationSession::errorOccurred,
                     [&](const QString& e) { error = e; });
    session_->setLabel(987654);
    EXPECT_FALSE(error.isEmpty());
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM annotations")), 0);
    EXPECT_EQ(session_->undoStack()->count(), 0);
}

TEST_F(AnnotationSessionTest, LabelSetAddRenameMerge) {
    LabelSet labels(db());
    EXPECT_THROW(labels.add(QStringLiteral("good")), Error);
    EXPECT_THROW(labels.add(QStringLiteral(" ")), Error);
    const qint64 okay = labels.add(QStringLiteral("okay"));
    labels.rename(okay, QStringLiteral("fine"));
    EXPECT_THROW(labels.rename(okay, QStringLiteral("bad")), Error);
    session_->setLabel(okay);
    session_->next();
    session_->setLabel(okay);
    session_->next();
    session_->setLabel(good_);
    EXPECT_EQ(labels.merge(okay, good_).movedAnnotationIds.size(), 2u);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM annotations WHERE label_id = %1").arg(good_)), 3);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM labels")), 2);
    EXPECT_THROW(labels.merge(okay, good_), Error);  // gone
    EXPECT_THROW(labels.merge(good_, good_), Error);
    ASSERT_EQ(labels.labels().size(), 2u);
    EXPECT_EQ(labels.labels()[0].name, QStringLiteral("good"));
}

TEST_F(AnnotationSessionTest, CreateVersionFromAnnotations) {
    // Example 1: corrected output. Example 2: rejected. Example 3: labelled. Others untouched.
    session_->setOutputText(QStringLiteral("A better answer."));
    session_->next();
    session_->reject();
    session_->next();
    session_->setLabel(good_);
    const std::vector<qint64> parentIds = session_->queue();

    const MaterializeResult r = createVersionFromAnnotations(db(), chatVersion_);
    EXPECT_EQ(r.kept, 3);
    EXPECT_EQ(r.changed, 2);
    EXPECT_EQ(r.rejected, 1);
    DatasetRepository repo(db());
    const DatasetVersionInfo info = repo.version(r.versionId);
    EXPECT_EQ(info.source, QStringLiteral("annotation"));
    EXPECT_EQ(info.parentVersionId, chatVersion_);
    const auto members = repo.loadMembers(r.versionId);
    ASSERT_EQ(members.size(), 5u);
    EXPECT_NE(members[0].exampleId, parentIds[0]);  // a new, corrected row
    EXPECT_EQ(members[0].outputText, QStringLiteral("A better answer."));
    const ExampleRecord corrected = repo.loadExample(members[0].exampleId);
    EXPECT_EQ(corrected.messages.back().content, QStringLiteral("A better answer."));
    EXPECT_EQ(members[1].label, QStringLiteral("good"));
    EXPECT_NE(members[1].exampleId, parentIds[2]);
    EXPECT_EQ(members[2].exampleId, parentIds[3]);  // untouched rows are shared
    // The parent is unchanged: examples are immutable.
    EXPECT_EQ(repo.loadExample(parentIds[0]).outputText, QStringLiteral("Answer 1."));
    EXPECT_EQ(repo.loadMembers(chatVersion_).size(), 6u);
}

TEST_F(AnnotationSessionTest, PreferencePairIsStoredAndMaterialized) {
    const qint64 prefVersion = test::importJsonl(db(), dir_.path(), QStringLiteral("pairs"),
                                                 test::preferenceLines(2));
    ASSERT_GT(prefVersion, 0);
    session_->setQueue({prefVersion, QueueFilter::All, std::nullopt, {}});
    // The annotator thinks the dataset's "rejected" answer, lightly edited, is the better one.
    session_->setPreference(QStringLiteral("Bad answer 1, fixed"), QStringLiteral("Good answer 1"));
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM annotations WHERE kind = 'preference' "
                                   "AND chosen = 'Bad answer 1, fixed' AND rejected = 'Good answer 1'")),
              1);
    const auto state = session_->currentState();
    EXPECT_TRUE(state.hasPreference);
    EXPECT_EQ(state.chosen, QStringLiteral("Bad answer 1, fixed"));
    const MaterializeResult r = createVersionFromAnnotations(db(), prefVersion);
    EXPECT_EQ(r.changed, 1);
    const auto members = DatasetRepository(db()).loadMembers(r.versionId);
    const ExampleRecord pair = DatasetRepository(db()).loadExample(members[0].exampleId);
    EXPECT_EQ(pair.kind, ExampleKind::Preference);
    EXPECT_EQ(pair.chosen, QStringLiteral("Bad answer 1, fixed"));
    EXPECT_EQ(pair.rejected, QStringLiteral("Good answer 1"));
    EXPECT_EQ(pair.prompt, QStringLiteral("Explain 1"));
}
