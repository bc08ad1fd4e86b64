// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One person working through a queue of examples: the queue (built once from filters, so an
// example does not vanish from under the annotator the moment it is labelled), the current
// annotator, the actions, undo/redo and progress.
//
// Every action is one undo command whose redo/undo writes the database in its own transaction
// before returning: nothing is buffered in memory, so a crash loses nothing that was shown as
// done. Lives on the thread that owns the connection (the GUI thread).
#include "app/annotation/annotation_commands.h"
#include "app/annotation/label_commands.h"
#include "app/datasets/dataset_repository.h"

#include <QObject>
#include <QSqlDatabase>
#include <QUndoStack>

#include <optional>
#include <vector>

namespace ts {

enum class QueueFilter { All, Unlabeled, Flagged, Conflicting };

struct QueueSpec {
    qint64 versionId = 0;         // examples of this dataset version; 0 = every example
    QueueFilter filter = QueueFilter::All;
    std::optional<Split> split;   // only with a version
    QString tag;                  // empty = any
};

// What the annotator sees for the current example: its content and their own current judgement.
struct ExampleAnnotationState {
    qint64 exampleId = 0;
    ExampleRecord record;
    qint64 labelId = 0;       // 0 = not labelled by this annotator
    QString outputText;       // the edited output if there is one, else the example's own
    bool outputEdited = false;
    QString verdict;          // accept / reject / skip / empty
    QString comment;
    bool hasPreference = false;
    QString chosen, rejected;
    qint64 preferenceCandidatesId = 0;  // the generated pair the preference was made on
    CandidatePair candidates;           // the current generated pair (id 0: none)
    // The preference judges the pair now shown (not an older one the model has since replaced).
    bool preferenceIsCurrent() const {
        return hasPreference && preferenceCandidatesId == candidates.id;
    }
    // The example is shown as a pair to rank: a preference example, one with generated
    // candidates, or one the annotator already ranked.
    bool isPair() const {
        return record.kind == ExampleKind::Preference || candidates.id != 0 || hasPreference;
    }
    bool edgeCase = false, generalCapability = false;
    // Other annotators' current labels (for the reviewer in the conflict queue).
    struct Vote { QString annotator; qint64 labelId = 0; };
    std::vector<Vote> otherLabels;
};

class AnnotationSession : public QObject {
    Q_OBJECT
public:
    explicit AnnotationSession(QSqlDatabase db, QObject* parent = nullptr);

    // Selects (creating when new) the annotator by name. Throws ts::Error for an empty name.
    void setAnnotator(const QString& name);
    QString annotatorName() const { return annotatorName_; }
    qint64 annotatorId() const { return annotatorId_; }

    // Builds the queue and moves to its first example. Throws ts::Error (e.g. a split without
    // a version, an unknown tag is simply an empty queue).
    void setQueue(const QueueSpec& spec);
    const QueueSpec& queueSpec() const { return spec_; }
    int count() const { return int(queue_.size()); }
    int currentIndex() const { return index_; }  // -1 when the queue is empty
    qint64 currentExampleId() const;
    const std::vector<qint64>& queue() const { return queue_; }
    bool next();
    bool previous();
    void goTo(int index);

    // The current example with this annotator's judgement (reads the database).
    ExampleAnnotationState currentState() const;
    ExampleAnnotationState stateOf(qint64 exampleId) const;

    // Actions on the current example. Each needs an annotator; without one (or with an empty
    // queue) they emit errorOccurred and change nothing.
    void setLabel(qint64 labelId);
    void setOutputText(const QString& text);  // consecutive calls merge into one undo step
    void accept();
    void reject();
    void skip();
    void setComment(const QString& comment);
    void toggleFlag(ExampleFlag flag);
    // Picks `chosen` over `rejected` on the pair now shown.
    void setPreference(const QString& chosen, const QString& rejected);
    // An edit of one of the two answers: both as they now read, the chosen one first. Consecutive
    // calls on one example merge into one undo step and one row.
    void editPreference(const QString& chosen, const QString& rejected);
    // Stores a generated pair for `exampleId` (which need not be the current example any more:
    // generation runs in the background while the annotator works on).
    void storeCandidates(qint64 exampleId, const CandidatePair& pair);

    // The label set, on the same undo stack. add/rename throw ts::Error for a bad name (nothing
    // is changed then); merge throws for a label merged into itself.
    qint64 addLabel(const QString& name, const QString& color = QStringLiteral("#808080"));
    void renameLabel(qint64 labelId, const QString& newName);
    // Returns how many annotations now carry `intoLabelId` instead of `fromLabelId`.
    int mergeLabels(qint64 fromLabelId, qint64 intoLabelId);
    // Reviewer: records the resolved label; it supersedes every annotator's current label.
    void resolveConflict(qint64 labelId, const QString& note);

    // Examples of the queue this annotator has decided (label, verdict other than skip, edit
    // or preference).
    int doneCount() const;

    QUndoStack* undoStack() { return &undo_; }
    void undo() { undo_.undo(); }
    void redo() { undo_.redo(); }

signals:
    void currentChanged(int index);
    // An action or its undo changed what is stored for this example.
    void exampleChanged(qint64 exampleId);
    void progressChanged(int done, int total);
    void annotatorChanged(const QString& name);
    // The label set changed (an add, rename or merge, or its undo).
    void labelsChanged();
    void errorOccurred(const QString& message);

private:
    bool ready();
    CommandHooks hooks();
    LabelCommandHooks labelHooks();
    void record(AnnotationKind kind, AnnotationChange change, const QString& text,
                SupersedeScope scope = SupersedeScope::SameAnnotator);
    void onApplied(qint64 exampleId);

    QSqlDatabase db_;
    QUndoStack undo_;
    bool followEdits_ = true;  // undo/redo of a step elsewhere brings that example into view
    QString annotatorName_;
    qint64 annotatorId_ = 0;
    QueueSpec spec_;
    std::vector<qint64> queue_;
    int index_ = -1;
};

}  // namespace ts
