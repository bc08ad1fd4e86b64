// SPDX-License-Identifier: GPL-3.0-or-later
// The label set and preference pairs through the annotation session, against a real project:
// adding, renaming and merging labels are undoable steps on the session's stack and the examples'
// labels follow them (in the session's state and in a version made from the annotations);
// edits of a candidate answer are committed per keystroke and undone as one step; generated
// candidate pairs are stored, supersede each other, carry the picks made on them, and undo.
// Also which model the project generates with.
#include "dataset_test_support.h"

#include "../annotation_fixture_data.h"
#include "app/adapters/adapter_registry.h"
#include "app/annotation/annotation_materializer.h"
#include "app/annotation/annotation_session.h"
#include "app/annotation/candidate_generator.h"
#include "app/annotation/label_set.h"
#include "engine/core/error.h"

#include <QDir>
#include <QSignalSpy>

using namespace ts;

class AnnotationLabelPairTest : public test::ProjectFixture {
protected:
    void SetUp() override {
        test::ProjectFixture::SetUp();
        chatVersion_ = test::importJsonl(db(), dir_.path(), QStringLiteral("chat"),
                                         test::chatLines(4));
        pairVersion_ = test::importJsonl(db(), dir_.path(), QStringLiteral("pairs"),
                                         test::preferenceLines(2));
        ASSERT_GT(chatVersion_, 0);
        ASSERT_GT(pairVersion_, 0);
        session_ = std::make_unique<AnnotationSession>(db());
        session_->setAnnotator(QStringLiteral("dana"));
        session_->setQueue({chatVersion_, QueueFilter::All, std::nullopt, {}});
        QObject::connect(session_.get(), &AnnotationSession::errorOccurred,
                         [this](const QString& e) { error_ = e; });
    }
    void TearDown() override {
        session_.reset();
        test::ProjectFixture::TearDown();
    }
    QString text(const QString& sql) const {
        QSqlQuery q(db());
        EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
        return q.next() ? q.value(0).toString() : QStringLiteral("<no row>");
    }
    QStringList labelNames() const {
        QStringList names;
        for (const LabelInfo& l : LabelSet(db()).labels()) names << l.name;
        return names;
    }
    qint64 chatVersion_ = 0, pairVersion_ = 0;
    QString error_;
    std::unique_ptr<AnnotationSession> session_;
};

TEST_F(AnnotationLabelPairTest, AddRenameMergeAreUndoableAndTheExamplesFollow) {
    QSignalSpy changed(session_.get(), &AnnotationSession::labelsChanged);
    const qint64 billing = session_->addLabel(QStringLiteral(" billing "));
    const qint64 invoices = session_->addLabel(QStringLiteral("invoices"));
    const qint64 shipping = session_->addLabel(QStringLiteral("shipping"));
    EXPECT_EQ(labelNames(), (QStringList{QStringLiteral("billing"), QStringLiteral("invoices"),
                                         QStringLiteral("shipping")}));
    EXPECT_EQ(changed.count(), 3);
    // A bad name changes nothing and pushes nothing.
    const int steps = session_->undoStack()->count();
    EXPECT_THROW(session_->addLabel(QStringLiteral("billing")), Error);
    EXPECT_THROW(session_->renameLabel(billing, QStringLiteral("shipping")), Error);
    EXPECT_THROW(session_->mergeLabels(billing, billing), Error);
    EXPECT_EQ(session_->undoStack()->count(), steps);

    // Examples 1 and 2 billing, 3 invoices; a second annotator also says billing on 1.
    const std::vector<qint64> ids = session_->queue();
    session_->setLabel(billing);
    session_->next();
    session_->setLabel(billing);
    session_->next();
    session_->setLabel(invoices);
    AnnotationSession other(db());
    other.setAnnotator(QStringLiteral("omar"));
    other.setQueue({chatVersion_, QueueFilter::All, std::nullopt, {}});
    other.setLabel(billing);

    session_->renameLabel(billing, QStringLiteral("payments"));
    EXPECT_EQ(LabelSet(db()).label(billing).name, QStringLiteral("payments"));
    EXPECT_EQ(session_->stateOf(ids[0]).labelId, billing);  // the example follows by id

    const int moved = session_->mergeLabels(invoices, billing);
    EXPECT_EQ(moved, 1);
    EXPECT_EQ(labelNames(), (QStringList{QStringLiteral("payments"), QStringLiteral("shipping")}));
    EXPECT_EQ(session_->stateOf(ids[2]).labelId, billing);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM annotations WHERE label_id = %1").arg(billing)), 4);
    // A version made now carries the merged, renamed label on every labelled example.
    {
        const MaterializeResult r = createVersionFromAnnotations(db(), chatVersion_);
        QStringList labels;
        for (const auto& m : DatasetRepository(db()).loadMembers(r.versionId)) labels << m.label;
        EXPECT_EQ(labels, (QStringList{QStringLiteral("payments"), QStringLiteral("payments"),
                                       QStringLiteral("payments"), QString()}));
    }

    // Undo the merge: the label is back with its id and place, and so are its annotations.
    session_->undo();
    EXPECT_EQ(labelNames(), (QStringList{QStringLiteral("payments"), QStringLiteral("invoices"),
                                         QStringLiteral("shipping")}));
    EXPECT_EQ(session_->stateOf(ids[2]).labelId, invoices);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM annotations WHERE label_id = %1").arg(invoices)), 1);
    // Undo the rename.
    session_->undo();
    EXPECT_EQ(LabelSet(db()).label(billing).name, QStringLiteral("billing"));
    // Redo both.
    session_->redo();
    session_->redo();
    EXPECT_EQ(labelNames(), (QStringList{QStringLiteral("payments"), QStringLiteral("shipping")}));
    EXPECT_EQ(session_->stateOf(ids[2]).labelId, billing);
    EXPECT_TRUE(error_.isEmpty()) << error_.toStdString();

    // Adding is undone by removing the label again (once nothing uses it), redo puts the same id
    // back.
    const qint64 refunds = session_->addLabel(QStringLiteral("refunds"));
    session_->undo();
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM labels WHERE id = %1").arg(refunds)), 0);
    session_->redo();
    EXPECT_EQ(LabelSet(db()).label(refunds).name, QStringLiteral("refunds"));
    EXPECT_EQ(shipping, LabelSet(db()).labels()[1].id);
    EXPECT_GE(changed.count(), 10);
}

TEST_F(AnnotationLabelPairTest, DatasetExamplesFollowARenameOrMergeOfTheirOwnLabel) {
    const qint64 tickets = test::importJsonl(
        db(), dir_.path(), QStringLiteral("tickets"),
        {QStringLiteral(R"({"text": "I was charged twice", "label": "billing"})"),
         QStringLiteral(R"({"text": "Where is my invoice?", "label": "invoices"})"),
         QStringLiteral(R"({"text": "The parcel is lost", "label": "shipping"})")});
    ASSERT_GT(tickets, 0);
    DatasetRepository repo(db());
    ASSERT_EQ(repo.loadMembers(tickets)[0].kind, ExampleKind::Classification);
    const qint64 billing = session_->addLabel(QStringLiteral("billing"));
    const qint64 invoices = session_->addLabel(QStringLiteral("invoices"));
    const qint64 shipping = session_->addLabel(QStringLiteral("shipping"));
    auto countOf = [&](qint64 label) {
        for (const auto& [id, n] : LabelSet(db()).exampleCounts())
            if (id == label) return n;
        return 0;
    };
    EXPECT_EQ(countOf(billing), 1);
    EXPECT_EQ(countOf(invoices), 1);

    session_->renameLabel(billing, QStringLiteral("payments"));
    session_->mergeLabels(invoices, billing);
    const QHash<QString, QString> renamed = LabelSet(db()).renamedLabels();
    EXPECT_EQ(renamed.value(QStringLiteral("billing")), QStringLiteral("payments"));
    EXPECT_EQ(renamed.value(QStringLiteral("invoices")), QStringLiteral("payments"));
    EXPECT_EQ(countOf(billing), 2);
    EXPECT_EQ(countOf(shipping), 1);

    // A version made now writes the current name into the examples that carried the old ones.
    const MaterializeResult r = createVersionFromAnnotations(db(), tickets);
    EXPECT_EQ(r.changed, 2);
    EXPECT_EQ(r.kept, 1);
    QStringList labels;
    for (const auto& m : repo.loadMembers(r.versionId)) labels << m.label;
    EXPECT_EQ(labels, (QStringList{QStringLiteral("payments"), QStringLiteral("payments"),
                                   QStringLiteral("shipping")}));

    // Undo the merge and the rename: the old names mean their own labels again.
    session_->undo();
    session_->undo();
    EXPECT_TRUE(LabelSet(db()).renamedLabels().isEmpty());
    EXPECT_EQ(createVersionFromAnnotations(db(), tickets).changed, 0);
    session_->redo();
    EXPECT_EQ(LabelSet(db()).renamedLabels().value(QStringLiteral("billing")), QStringLiteral("payments"));
    EXPECT_TRUE(error_.isEmpty()) << error_.toStdString();
}

TEST_F(AnnotationLabelPairTest, CandidateEditsAreCommittedPerKeystrokeAsOneStep) {
    session_->setQueue({pairVersion_, QueueFilter::All, std::nullopt, {}});
    const qint64 example = session_->currentExampleId();
    // Typing "Bad answer 1" -> "Bad answer 1!!" in the rejected answer, no pick made yet: the
    // edited answer is the chosen one.
    session_->editPreference(QStringLiteral("Bad answer 1!"), QStringLiteral("Good answer 1"));
    session_->editPreference(QStringLiteral("Bad answer 1!!"), QStringLiteral("Good answer 1"));
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM annotations WHERE kind = 'preference'")), 1);
    EXPECT_EQ(text(QStringLiteral("SELECT chosen || '|' || rejected FROM annotations WHERE "
                                  "kind = 'preference' AND example_id = %1").arg(example)),
              QStringLiteral("Bad answer 1!!|Good answer 1"));
    EXPECT_EQ(session_->undoStack()->count(), 1);
    EXPECT_TRUE(session_->currentState().preferenceIsCurrent());
    EXPECT_EQ(session_->doneCount(), 1);
    // A pick is its own step; an edit after it is a new step again.
    session_->setPreference(QStringLiteral("Good answer 1"), QStringLiteral("Bad answer 1!!"));
    session_->editPreference(QStringLiteral("Good answer 1."), QStringLiteral("Bad answer 1!!"));
    EXPECT_EQ(session_->undoStack()->count(), 3);
    session_->undo();
    EXPECT_EQ(text(QStringLiteral("SELECT chosen FROM annotations WHERE kind = 'preference' AND "
                                  "superseded_by IS NULL")),
              QStringLiteral("Good answer 1"));
    session_->undo();
    session_->undo();
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM annotations")), 0);
    session_->redo();
    EXPECT_EQ(text(QStringLiteral("SELECT chosen FROM annotations WHERE kind = 'preference'")),
              QStringLiteral("Bad answer 1!!"));
}

TEST_F(AnnotationLabelPairTest, GeneratedCandidatesAreStoredJudgedAndUndone) {
    const qint64 example = session_->currentExampleId();  // a chat example
    EXPECT_FALSE(session_->currentState().isPair());
    CandidatePair pair{0, QStringLiteral("Sample A"), QStringLiteral("Sample B"),
                       QStringLiteral("tiny"), QStringLiteral(R"({"seeds": ["7", "8"]})")};
    session_->next();  // the annotator moved on while the model was generating
    session_->storeCandidates(example, pair);
    EXPECT_EQ(session_->currentIndex(), 1);  // not pulled back
    const ExampleAnnotationState first = session_->stateOf(example);
    ASSERT_NE(first.candidates.id, 0);
    EXPECT_TRUE(first.isPair());
    EXPECT_FALSE(first.preferenceIsCurrent());
    EXPECT_EQ(first.candidates.first, QStringLiteral("Sample A"));
    EXPECT_EQ(text(QStringLiteral("SELECT json_extract(generator_json, '$.seeds[1]') FROM "
                                  "preference_candidates")),
              QStringLiteral("8"));

    session_->previous();
    session_->setPreference(QStringLiteral("Sample B"), QStringLiteral("Sample A"));
    EXPECT_TRUE(session_->currentState().preferenceIsCurrent());
    EXPECT_EQ(count(QStringLiteral("SELECT candidates_id FROM annotations WHERE kind = 'preference'")),
              first.candidates.id);
    // A new pair replaces the first; the pick was on the old one and is not shown as current.
    session_->storeCandidates(example, {0, QStringLiteral("Sample C"), QStringLiteral("Sample D"),
                                        QStringLiteral("tiny"), {}});
    const ExampleAnnotationState second = session_->currentState();
    EXPECT_NE(second.candidates.id, first.candidates.id);
    EXPECT_TRUE(second.hasPreference);
    EXPECT_FALSE(second.preferenceIsCurrent());
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM preference_candidates WHERE superseded_by IS NULL")), 1);

    // Another annotator judges the first pair: it can no longer be removed under that judgement.
    session_->undo();  // the second pair goes; the first is current again, with dana's pick
    EXPECT_EQ(session_->currentState().candidates.id, first.candidates.id);
    EXPECT_TRUE(session_->currentState().preferenceIsCurrent());
    session_->undo();  // dana's pick
    session_->undo();  // the first pair
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM preference_candidates")), 0);
    EXPECT_FALSE(session_->currentState().isPair());
    session_->redo();  // the first pair comes back under its own id
    session_->redo();  // and so does the pick made on it
    EXPECT_EQ(session_->currentState().candidates.id, first.candidates.id);
    EXPECT_TRUE(session_->currentState().preferenceIsCurrent());
    EXPECT_TRUE(error_.isEmpty()) << error_.toStdString();

    AnnotationWriter writer(db());
    EXPECT_THROW(writer.removeCandidates(first.candidates.id), Error);

    // The pick becomes a preference example in a version made from the annotations.
    const MaterializeResult r = createVersionFromAnnotations(db(), chatVersion_);
    const ExampleRecord made = DatasetRepository(db()).loadExample(
        DatasetRepository(db()).loadMembers(r.versionId)[0].exampleId);
    EXPECT_EQ(made.kind, ExampleKind::Preference);
    EXPECT_EQ(made.chosen, QStringLiteral("Sample B"));
}

TEST_F(AnnotationLabelPairTest, TheProjectModelIsTheProductionAdapterElseTheNewestBaseModel) {
    EXPECT_THROW(projectGenerationModel(db()), Error);
    QSqlQuery q(db());
    ASSERT_TRUE(q.exec(QStringLiteral(
        "INSERT INTO recipes (name, recipe_json) VALUES ('r', '{\"base_model\": \"/models/base\"}')")));
    EXPECT_EQ(projectGenerationModel(db()).modelPath, QStringLiteral("/models/base"));
    EXPECT_TRUE(projectGenerationModel(db()).adapterFolder.isEmpty());

    const QString folder = tempPath(QStringLiteral("adapter"));
    ASSERT_TRUE(QDir().mkpath(folder));
    writeFile(QStringLiteral("adapter/adapter_model.safetensors"), QByteArray("not really"));
    AdapterRegistry registry(db());
    AdapterRegistration registration;
    registration.name = QStringLiteral("support-v1");
    registration.folder = folder;
    registration.baseModel = QStringLiteral("/models/tuned-base");
    const qint64 version = registry.registerVersion(registration);
    // A candidate adapter names the base model, but is not used until it is promoted.
    EXPECT_EQ(projectGenerationModel(db()).modelPath, QStringLiteral("/models/tuned-base"));
    EXPECT_TRUE(projectGenerationModel(db()).adapterFolder.isEmpty());
    registry.promote(version);
    const GenerationModel model = projectGenerationModel(db());
    EXPECT_EQ(model.adapterFolder, folder);
    EXPECT_EQ(model.adapterVersionId, version);
    EXPECT_EQ(model.describe(), QStringLiteral("tuned-base + support-v1"));
}
