// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The writes behind every annotation action, and the undo commands that make them. Each write is
// its own SQLite transaction, committed before the call returns, so a crash never loses an
// acknowledged action and never leaves half of one.
//
// History model (table `annotations`): a new judgement inserts a row and points the rows it
// replaces (superseded_by) at it. Undo deletes the row it inserted and clears those pointers, so
// the replaced rows are current again, exactly as before.
#include "app/datasets/dataset_repository.h"

#include <QSqlDatabase>
#include <QString>
#include <QUndoCommand>

#include <functional>

namespace ts {

enum class AnnotationKind { Label, OutputEdit, Accept, Reject, Skip, Preference, Comment };
QString annotationKindName(AnnotationKind kind);  // as stored: label, output_edit, ...

// Which current rows a new row replaces: the same annotator's (normal work) or everyone's (a
// reviewer resolving a conflict).
enum class SupersedeScope { SameAnnotator, AllAnnotators };

struct AnnotationChange {
    AnnotationKind kind = AnnotationKind::Label;
    qint64 labelId = 0;
    QString outputText, chosen, rejected, comment;
    // A preference: the generated pair it was judged on (0 = the dataset's own pair).
    qint64 candidatesId = 0;
};

// A pair of candidate answers a model generated for an example (table preference_candidates).
struct CandidatePair {
    qint64 id = 0;  // 0 = none: the example's own pair (or none at all) is current
    QString first, second;
    QString model;          // what generated them, as shown ("tiny-llama + adapter v2")
    QString generatorJson;  // model path, adapter, seeds, sampling settings
};

// Low-level writes on one connection (the thread that owns it). Throw ts::Error.
class AnnotationWriter {
public:
    explicit AnnotationWriter(QSqlDatabase db) : db_(std::move(db)) {}
    // Inserts the row and supersedes the current rows of the same group (label / output /
    // verdict = accept|reject|skip / preference / comment) within `scope`. Returns the new id.
    qint64 insert(qint64 exampleId, qint64 annotatorId, const AnnotationChange& change,
                  SupersedeScope scope);
    // Undoes insert(): the rows it superseded become current again.
    void remove(qint64 annotationId);
    // Replaces the text of an output edit in place (consecutive keystrokes of one edit).
    void amendOutput(qint64 annotationId, const QString& text);
    // Replaces both answers of a preference in place (consecutive keystrokes in a candidate).
    void amendPreference(qint64 annotationId, const QString& chosen, const QString& rejected);

    // The example's current generated pair (id 0 when there is none).
    CandidatePair currentCandidates(qint64 exampleId) const;
    // Stores a generated pair as the example's current one (superseding the previous pair).
    // `pair.id` != 0 puts the row back under that id (redo after undo, so judgements made on it
    // can be redone too). Returns the id.
    qint64 insertCandidates(qint64 exampleId, qint64 annotatorId, const CandidatePair& pair);
    // Undoes insertCandidates(): the pair it superseded is current again. Throws ts::Error when
    // someone has already judged the pair (the judgement must be undone first).
    void removeCandidates(qint64 candidatesId);
    bool hasFlag(qint64 exampleId, ExampleFlag flag) const;
    void setFlag(qint64 exampleId, ExampleFlag flag, bool on, const QString& setBy);
    QSqlDatabase database() const { return db_; }

private:
    QSqlDatabase db_;
};

// What a command reports back to its owner (the session): where it acted, or what failed.
struct CommandHooks {
    std::function<void(qint64 exampleId)> applied;
    std::function<void(const QString& error)> failed;
};

// Records one annotation (any kind). A failed first redo marks the command obsolete, so the
// undo stack drops it instead of offering to undo something that never happened.
class RecordAnnotationCommand : public QUndoCommand {
public:
    RecordAnnotationCommand(AnnotationWriter writer, CommandHooks hooks, qint64 exampleId,
                            qint64 annotatorId, AnnotationChange change, SupersedeScope scope,
                            const QString& text);
    void redo() override;
    void undo() override;
    qint64 exampleId() const { return exampleId_; }
    qint64 annotatorId() const { return annotatorId_; }
    qint64 createdId() const { return createdId_; }

protected:
    AnnotationWriter writer_;
    CommandHooks hooks_;
    qint64 exampleId_, annotatorId_;
    AnnotationChange change_;
    SupersedeScope scope_;
    qint64 createdId_ = 0;
};

// Typing in the output editor: consecutive edits of one example by one annotator merge into one
// undo step and one row (the row is amended in place, one transaction per keystroke).
class OutputEditCommand : public RecordAnnotationCommand {
public:
    static constexpr int kMergeId = 0x7E17;
    // amendRowId != 0: the row the previous (mergeable) command created; this command only
    // rewrites its text and is then merged into that command.
    OutputEditCommand(AnnotationWriter writer, CommandHooks hooks, qint64 exampleId,
                      qint64 annotatorId, const QString& text, qint64 amendRowId);
    int id() const override { return kMergeId; }
    bool mergeWith(const QUndoCommand* other) override;
    void redo() override;

private:
    qint64 amendRowId_;
};

// Typing in a candidate of a preference pair: each keystroke rewrites the annotator's current
// preference (the edited answer and the other one), and consecutive edits of one example merge
// into one undo step and one row, as for the output editor.
class PreferenceEditCommand : public RecordAnnotationCommand {
public:
    static constexpr int kMergeId = 0x7E18;
    // amendRowId != 0: the row the previous (mergeable) command created.
    PreferenceEditCommand(AnnotationWriter writer, CommandHooks hooks, qint64 exampleId,
                          qint64 annotatorId, const QString& chosen, const QString& rejected,
                          qint64 candidatesId, qint64 amendRowId);
    int id() const override { return kMergeId; }
    bool mergeWith(const QUndoCommand* other) override;
    void redo() override;

private:
    qint64 amendRowId_;
};

// Stores a pair of generated candidates for an example; undo removes it again.
class StoreCandidatesCommand : public QUndoCommand {
public:
    StoreCandidatesCommand(AnnotationWriter writer, CommandHooks hooks, qint64 exampleId,
                           qint64 annotatorId, CandidatePair pair, const QString& text);
    void redo() override;
    void undo() override;
    qint64 candidatesId() const { return pair_.id; }

private:
    AnnotationWriter writer_;
    CommandHooks hooks_;
    qint64 exampleId_, annotatorId_;
    CandidatePair pair_;
    bool stored_ = false;
};

// Sets or clears a flag (edge case, general capability) on an example.
class FlagCommand : public QUndoCommand {
public:
    FlagCommand(AnnotationWriter writer, CommandHooks hooks, qint64 exampleId, ExampleFlag flag,
                bool on, QString setBy, const QString& text);
    void redo() override;
    void undo() override;

private:
    void apply(bool on);
    AnnotationWriter writer_;
    CommandHooks hooks_;
    qint64 exampleId_;
    ExampleFlag flag_;
    bool on_;
    bool wasOn_ = false;
    bool firstRedo_ = true;
    QString setBy_;
};

}  // namespace ts
