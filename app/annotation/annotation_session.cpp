// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/annotation/annotation_session.h"

#include "app/annotation/annotation_sql.h"
#include "engine/core/error.h"

#include <QSet>
#include <QSqlQuery>

#include <exception>

namespace ts {

using annotation_sql::run;
using annotation_sql::scalar;

namespace {
// Kinds that count as a decision on an example (a skip is "seen, undecided").
const QString kDecisiveKinds =
    QStringLiteral("('label', 'output_edit', 'accept', 'reject', 'preference')");
}  // namespace

AnnotationSession::AnnotationSession(QSqlDatabase db, QObject* parent)
    : QObject(parent), db_(std::move(db)) {}

void AnnotationSession::setAnnotator(const QString& name) {
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        throw Error("an annotator needs a name", db_.databaseName().toStdString(),
                    "annotators.name");
    run(db_, QStringLiteral("INSERT OR IGNORE INTO annotators (name) VALUES (?)"), {trimmed},
        "annotators");
    annotatorId_ = scalar(db_, QStringLiteral("SELECT id FROM annotators WHERE name = ?"),
                          {trimmed}, "annotators")
                       .toLongLong();
    annotatorName_ = trimmed;
    // Undo steps belong to the person who made them.
    undo_.clear();
    emit annotatorChanged(annotatorName_);
    emit progressChanged(doneCount(), count());
    if (index_ >= 0) emit currentChanged(index_);
}

void AnnotationSession::setQueue(const QueueSpec& spec) {
    if (spec.split && spec.versionId == 0)
        throw Error("a split filter needs a dataset version", db_.databaseName().toStdString(),
                    "version_examples.split");
    QString sql;
    QVariantList binds;
    if (spec.versionId != 0) {
        sql = QStringLiteral("SELECT ve.example_id AS id FROM version_examples ve "
                             "WHERE ve.version_id = ?");
        binds << spec.versionId;
        if (spec.split) {
            sql += QStringLiteral(" AND ve.split = ?");
            binds << splitName(*spec.split);
        }
    } else {
        sql = QStringLiteral("SELECT e.id AS id FROM examples e WHERE 1");
    }
    const QString idColumn = spec.versionId != 0 ? QStringLiteral("ve.example_id")
                                                 : QStringLiteral("e.id");
    if (!spec.tag.isEmpty()) {
        sql += QStringLiteral(" AND %1 IN (SELECT et.example_id FROM example_tags et "
                              "JOIN tags t ON t.id = et.tag_id WHERE t.name = ?)")
                   .arg(idColumn);
        binds << spec.tag;
    }
    switch (spec.filter) {
    case QueueFilter::All: break;
    case QueueFilter::Unlabeled:
        sql += QStringLiteral(" AND %1 NOT IN (SELECT example_id FROM annotations "
                              "WHERE annotator_id = ? AND superseded_by IS NULL AND kind IN %2)")
                   .arg(idColumn, kDecisiveKinds);
        binds << annotatorId_;
        break;
    case QueueFilter::Flagged:
        sql += QStringLiteral(" AND %1 IN (SELECT example_id FROM example_flags)").arg(idColumn);
        break;
    case QueueFilter::Conflicting:
        sql += QStringLiteral(" AND %1 IN (SELECT example_id FROM annotations WHERE kind = 'label' "
                              "AND superseded_by IS NULL GROUP BY example_id "
                              "HAVING count(DISTINCT label_id) > 1)")
                   .arg(idColumn);
        break;
    }
    sql += spec.versionId != 0 ? QStringLiteral(" ORDER BY ve.position")
                               : QStringLiteral(" ORDER BY e.id");
    QSqlQuery q = run(db_, sql, binds, "annotation queue");
    std::vector<qint64> ids;
    while (q.next()) ids.push_back(q.value(0).toLongLong());
    spec_ = spec;
    queue_ = std::move(ids);
    index_ = queue_.empty() ? -1 : 0;
    emit currentChanged(index_);
    emit progressChanged(doneCount(), count());
}

qint64 AnnotationSession::currentExampleId() const {
    return index_ >= 0 ? queue_[size_t(index_)] : 0;
}

bool AnnotationSession::next() {
    if (index_ < 0 || index_ + 1 >= count()) return false;
    goTo(index_ + 1);
    return true;
}

bool AnnotationSession::previous() {
    if (index_ <= 0) return false;
    goTo(index_ - 1);
    return true;
}

void AnnotationSession::goTo(int index) {
    if (index < 0 || index >= count() || index == index_) return;
    index_ = index;
    emit currentChanged(index_);
}

ExampleAnnotationState AnnotationSession::currentState() const {
    return stateOf(currentExampleId());
}

ExampleAnnotationState AnnotationSession::stateOf(qint64 exampleId) const {
    ExampleAnnotationState state;
    if (exampleId == 0) return state;
    state.exampleId = exampleId;
    state.record = DatasetRepository(db_).loadExample(exampleId);
    state.outputText = state.record.outputText;
    QSqlQuery q = run(db_,
                      QStringLiteral("SELECT annotator_id, kind, label_id, output_text, chosen, "
                                     "rejected, comment, candidates_id FROM annotations "
                                     "WHERE example_id = ? "
                                     "AND superseded_by IS NULL ORDER BY id"),
                      {exampleId}, "annotations");
    while (q.next()) {
        const qint64 annotator = q.value(0).toLongLong();
        const QString kind = q.value(1).toString();
        if (annotator != annotatorId_) {
            if (kind == QLatin1String("label"))
                state.otherLabels.push_back({QString::number(annotator), q.value(2).toLongLong()});
            continue;
        }
        if (kind == QLatin1String("label")) {
            state.labelId = q.value(2).toLongLong();
        } else if (kind == QLatin1String("output_edit")) {
            state.outputText = q.value(3).toString();
            state.outputEdited = true;
        } else if (kind == QLatin1String("preference")) {
            state.hasPreference = true;
            state.chosen = q.value(4).toString();
            state.rejected = q.value(5).toString();
            state.preferenceCandidatesId = q.value(7).toLongLong();
        } else if (kind == QLatin1String("comment")) {
            state.comment = q.value(6).toString();
        } else {
            state.verdict = kind;
        }
    }
    // Readable names for the other annotators' votes.
    for (auto& vote : state.otherLabels)
        vote.annotator = scalar(db_, QStringLiteral("SELECT name FROM annotators WHERE id = ?"),
                                {vote.annotator.toLongLong()}, "annotators")
                             .toString();
    AnnotationWriter writer(db_);
    state.candidates = writer.currentCandidates(exampleId);
    state.edgeCase = writer.hasFlag(exampleId, ExampleFlag::EdgeCase);
    state.generalCapability = writer.hasFlag(exampleId, ExampleFlag::GeneralCapability);
    return state;
}

bool AnnotationSession::ready() {
    if (annotatorId_ == 0) {
        emit errorOccurred(tr("Enter your name as annotator first."));
        return false;
    }
    if (index_ < 0) {
        emit errorOccurred(tr("The queue is empty."));
        return false;
    }
    return true;
}

CommandHooks AnnotationSession::hooks() {
    return {[this](qint64 exampleId) { onApplied(exampleId); },
            [this](const QString& error) { emit errorOccurred(error); }};
}

LabelCommandHooks AnnotationSession::labelHooks() {
    return {[this] {
                emit labelsChanged();
                // A merge moves annotations: what is done and the current example may change.
                if (currentExampleId() != 0) emit exampleChanged(currentExampleId());
                emit progressChanged(doneCount(), count());
            },
            [this](const QString& error) { emit errorOccurred(error); }};
}

void AnnotationSession::onApplied(qint64 exampleId) {
    // An undo or redo of a step on another example brings that example back into view.
    if (followEdits_ && exampleId != currentExampleId()) {
        for (size_t i = 0; i < queue_.size(); ++i)
            if (queue_[i] == exampleId) {
                goTo(int(i));
                break;
            }
    }
    emit exampleChanged(exampleId);
    emit progressChanged(doneCount(), count());
}

void AnnotationSession::record(AnnotationKind kind, AnnotationChange change, const QString& text,
                               SupersedeScope scope) {
    if (!ready()) return;
    change.kind = kind;
    undo_.push(new RecordAnnotationCommand(AnnotationWriter(db_), hooks(), currentExampleId(),
                                           annotatorId_, std::move(change), scope, text));
}

void AnnotationSession::setLabel(qint64 labelId) {
    AnnotationChange change;
    change.labelId = labelId;
    record(AnnotationKind::Label, change, tr("Label"));
}

void AnnotationSession::setOutputText(const QString& text) {
    if (!ready()) return;
    // Merge with the step on top of the stack when it is an edit of this same output.
    qint64 amendRow = 0;
    if (undo_.index() > 0) {
        const auto* top = dynamic_cast<const OutputEditCommand*>(undo_.command(undo_.index() - 1));
        if (top && top->exampleId() == currentExampleId() && top->annotatorId() == annotatorId_ &&
            top->createdId() != 0)
            amendRow = top->createdId();
    }
    undo_.push(new OutputEditCommand(AnnotationWriter(db_), hooks(), currentExampleId(),
                                     annotatorId_, text, amendRow));
}

void AnnotationSession::accept() { record(AnnotationKind::Accept, {}, tr("Accept")); }
void AnnotationSession::reject() { record(AnnotationKind::Reject, {}, tr("Reject")); }
void AnnotationSession::skip() { record(AnnotationKind::Skip, {}, tr("Skip")); }

void AnnotationSession::setComment(const QString& comment) {
    AnnotationChange change;
    change.comment = comment;
    record(AnnotationKind::Comment, change, tr("Comment"));
}

void AnnotationSession::toggleFlag(ExampleFlag flag) {
    if (!ready()) return;
    try {
        const bool on = !AnnotationWriter(db_).hasFlag(currentExampleId(), flag);
        undo_.push(new FlagCommand(AnnotationWriter(db_), hooks(), currentExampleId(), flag, on,
                                   annotatorName_, on ? tr("Set flag") : tr("Clear flag")));
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
    }
}

void AnnotationSession::setPreference(const QString& chosen, const QString& rejected) {
    if (!ready()) return;
    AnnotationChange change;
    change.chosen = chosen;
    change.rejected = rejected;
    try {
        change.candidatesId = AnnotationWriter(db_).currentCandidates(currentExampleId()).id;
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
        return;
    }
    record(AnnotationKind::Preference, change, tr("Pick the better answer"));
}

void AnnotationSession::editPreference(const QString& chosen, const QString& rejected) {
    if (!ready()) return;
    qint64 candidatesId = 0;
    try {
        candidatesId = AnnotationWriter(db_).currentCandidates(currentExampleId()).id;
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
        return;
    }
    // Merge with the step on top of the stack when it is an edit of this same pair.
    qint64 amendRow = 0;
    if (undo_.index() > 0) {
        const auto* top =
            dynamic_cast<const PreferenceEditCommand*>(undo_.command(undo_.index() - 1));
        if (top && top->exampleId() == currentExampleId() && top->annotatorId() == annotatorId_ &&
            top->createdId() != 0)
            amendRow = top->createdId();
    }
    undo_.push(new PreferenceEditCommand(AnnotationWriter(db_), hooks(), currentExampleId(),
                                         annotatorId_, chosen, rejected, candidatesId, amendRow));
}

void AnnotationSession::storeCandidates(qint64 exampleId, const CandidatePair& pair) {
    if (annotatorId_ == 0) {
        emit errorOccurred(tr("Enter your name as annotator first."));
        return;
    }
    CandidatePair fresh = pair;
    fresh.id = 0;
    // The annotator may have moved on while the model was generating: store without pulling
    // them back to that example (a later undo or redo does bring it into view).
    followEdits_ = false;
    undo_.push(new StoreCandidatesCommand(AnnotationWriter(db_), hooks(), exampleId, annotatorId_,
                                          std::move(fresh), tr("Generate candidates")));
    followEdits_ = true;
}

qint64 AnnotationSession::addLabel(const QString& name, const QString& color) {
    LabelSet(db_).checkName(name);  // throws before anything is pushed
    // On a failed write the stack deletes the (obsolete) command and errorOccurred says why.
    undo_.push(new AddLabelCommand(db_, labelHooks(), name.trimmed(), color));
    return scalar(db_, QStringLiteral("SELECT id FROM labels WHERE name = ?"), {name.trimmed()},
                  "labels.name")
        .toLongLong();
}

void AnnotationSession::renameLabel(qint64 labelId, const QString& newName) {
    LabelSet labels(db_);
    const LabelInfo label = labels.label(labelId);
    labels.checkName(newName, labelId);
    if (label.name == newName.trimmed()) return;
    undo_.push(new RenameLabelCommand(db_, labelHooks(), labelId, label.name, newName.trimmed()));
}

int AnnotationSession::mergeLabels(qint64 fromLabelId, qint64 intoLabelId) {
    LabelSet labels(db_);
    if (fromLabelId == intoLabelId)
        throw Error("cannot merge a label into itself", db_.databaseName().toStdString(),
                    "labels.id");
    const LabelInfo from = labels.label(fromLabelId), into = labels.label(intoLabelId);
    const int before = int(scalar(db_, QStringLiteral("SELECT count(*) FROM annotations WHERE "
                                                      "label_id = ?"),
                                  {fromLabelId}, "annotations.label_id")
                               .toInt());
    undo_.push(new MergeLabelsCommand(db_, labelHooks(), fromLabelId, intoLabelId,
                                      tr("Merge label %1 into %2").arg(from.name, into.name)));
    return before;
}

void AnnotationSession::resolveConflict(qint64 labelId, const QString& note) {
    AnnotationChange change;
    change.labelId = labelId;
    change.comment = note.isEmpty() ? tr("Conflict resolved by review") : note;
    record(AnnotationKind::Label, change, tr("Resolve conflict"), SupersedeScope::AllAnnotators);
}

int AnnotationSession::doneCount() const {
    if (annotatorId_ == 0 || queue_.empty()) return 0;
    try {
        QSqlQuery q = run(db_,
                          QStringLiteral("SELECT DISTINCT example_id FROM annotations WHERE "
                                         "annotator_id = ? AND superseded_by IS NULL AND kind IN %1")
                              .arg(kDecisiveKinds),
                          {annotatorId_}, "annotations");
        QSet<qint64> decided;
        while (q.next()) decided.insert(q.value(0).toLongLong());
        int done = 0;
        for (qint64 id : queue_) done += decided.contains(id) ? 1 : 0;
        return done;
    } catch (const std::exception&) {
        return 0;  // progress is informative; the failing action itself reports the error
    }
}

}  // namespace ts
