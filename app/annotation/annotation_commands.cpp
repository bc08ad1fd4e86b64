// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/annotation/annotation_commands.h"

#include "app/annotation/annotation_sql.h"
#include "engine/core/error.h"

#include <exception>

namespace ts {

using annotation_sql::run;
using annotation_sql::scalar;
using annotation_sql::Transaction;

QString annotationKindName(AnnotationKind kind) {
    switch (kind) {
    case AnnotationKind::Label: return QStringLiteral("label");
    case AnnotationKind::OutputEdit: return QStringLiteral("output_edit");
    case AnnotationKind::Accept: return QStringLiteral("accept");
    case AnnotationKind::Reject: return QStringLiteral("reject");
    case AnnotationKind::Skip: return QStringLiteral("skip");
    case AnnotationKind::Preference: return QStringLiteral("preference");
    case AnnotationKind::Comment: return QStringLiteral("comment");
    }
    return {};
}

namespace {

// The kinds one new row replaces: a verdict replaces any earlier verdict.
QString groupKindsSql(AnnotationKind kind) {
    switch (kind) {
    case AnnotationKind::Accept:
    case AnnotationKind::Reject:
    case AnnotationKind::Skip: return QStringLiteral("('accept', 'reject', 'skip')");
    default: return QStringLiteral("('%1')").arg(annotationKindName(kind));
    }
}

QVariant textOrNull(const QString& text, bool used) { return used ? QVariant(text) : QVariant(); }

const char* kNow = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

}  // namespace

qint64 AnnotationWriter::insert(qint64 exampleId, qint64 annotatorId, const AnnotationChange& c,
                                SupersedeScope scope) {
    Transaction tx(db_, "annotations (record)");
    const bool label = c.kind == AnnotationKind::Label;
    const bool output = c.kind == AnnotationKind::OutputEdit;
    const bool preference = c.kind == AnnotationKind::Preference;
    QSqlQuery inserted = run(
        db_,
        QStringLiteral("INSERT INTO annotations (example_id, annotator_id, kind, label_id, "
                       "output_text, chosen, rejected, comment, candidates_id) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {exampleId, annotatorId, annotationKindName(c.kind),
         label || c.labelId != 0 ? QVariant(c.labelId) : QVariant(), textOrNull(c.outputText, output),
         textOrNull(c.chosen, preference), textOrNull(c.rejected, preference),
         textOrNull(c.comment, !c.comment.isEmpty() || c.kind == AnnotationKind::Comment),
         preference && c.candidatesId != 0 ? QVariant(c.candidatesId) : QVariant()},
        "annotations");
    const qint64 id = inserted.lastInsertId().toLongLong();
    QString supersede = QStringLiteral("UPDATE annotations SET superseded_by = ? "
                                       "WHERE example_id = ? AND superseded_by IS NULL AND id <> ? "
                                       "AND kind IN %1")
                            .arg(groupKindsSql(c.kind));
    QVariantList binds{id, exampleId, id};
    if (scope == SupersedeScope::SameAnnotator) {
        supersede += QStringLiteral(" AND annotator_id = ?");
        binds << annotatorId;
    }
    run(db_, supersede, binds, "annotations.superseded_by");
    tx.commit();
    return id;
}

void AnnotationWriter::remove(qint64 annotationId) {
    Transaction tx(db_, "annotations (undo)");
    run(db_, QStringLiteral("UPDATE annotations SET superseded_by = NULL WHERE superseded_by = ?"),
        {annotationId}, "annotations.superseded_by");
    run(db_, QStringLiteral("DELETE FROM annotations WHERE id = ?"), {annotationId}, "annotations");
    tx.commit();
}

void AnnotationWriter::amendOutput(qint64 annotationId, const QString& text) {
    Transaction tx(db_, "annotations.output_text");
    run(db_,
        QStringLiteral("UPDATE annotations SET output_text = ?, updated = %1 WHERE id = ?")
            .arg(QLatin1String(kNow)),
        {text, annotationId}, "annotations.output_text");
    tx.commit();
}

void AnnotationWriter::amendPreference(qint64 annotationId, const QString& chosen,
                                       const QString& rejected) {
    Transaction tx(db_, "annotations.chosen");
    run(db_,
        QStringLiteral("UPDATE annotations SET chosen = ?, rejected = ?, updated = %1 WHERE id = ?")
            .arg(QLatin1String(kNow)),
        {chosen, rejected, annotationId}, "annotations.chosen");
    tx.commit();
}

CandidatePair AnnotationWriter::currentCandidates(qint64 exampleId) const {
    CandidatePair pair;
    QSqlQuery q = run(db_,
                      QStringLiteral("SELECT id, first_text, second_text, model, generator_json "
                                     "FROM preference_candidates WHERE example_id = ? AND "
                                     "superseded_by IS NULL ORDER BY id DESC LIMIT 1"),
                      {exampleId}, "preference_candidates");
    if (q.next())
        pair = {q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                q.value(3).toString(), q.value(4).toString()};
    return pair;
}

qint64 AnnotationWriter::insertCandidates(qint64 exampleId, qint64 annotatorId,
                                          const CandidatePair& pair) {
    Transaction tx(db_, "preference_candidates (record)");
    QSqlQuery inserted = run(
        db_,
        QStringLiteral("INSERT INTO preference_candidates (id, example_id, annotator_id, "
                       "first_text, second_text, model, generator_json) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)"),
        {pair.id != 0 ? QVariant(pair.id) : QVariant(), exampleId,
         annotatorId != 0 ? QVariant(annotatorId) : QVariant(), pair.first, pair.second,
         pair.model, pair.generatorJson.isEmpty() ? QStringLiteral("{}") : pair.generatorJson},
        "preference_candidates");
    const qint64 id = inserted.lastInsertId().toLongLong();
    run(db_,
        QStringLiteral("UPDATE preference_candidates SET superseded_by = ? WHERE example_id = ? "
                       "AND superseded_by IS NULL AND id <> ?"),
        {id, exampleId, id}, "preference_candidates.superseded_by");
    tx.commit();
    return id;
}

void AnnotationWriter::removeCandidates(qint64 candidatesId) {
    Transaction tx(db_, "preference_candidates (undo)");
    const int judged = scalar(db_, QStringLiteral("SELECT count(*) FROM annotations WHERE "
                                                  "candidates_id = ?"),
                              {candidatesId}, "annotations.candidates_id")
                           .toInt();
    if (judged > 0)
        throw Error("these candidates have already been judged (" + std::to_string(judged) +
                        " preference(s)); undo or change those first",
                    db_.databaseName().toStdString(), "preference_candidates");
    run(db_,
        QStringLiteral("UPDATE preference_candidates SET superseded_by = NULL WHERE superseded_by = ?"),
        {candidatesId}, "preference_candidates.superseded_by");
    run(db_, QStringLiteral("DELETE FROM preference_candidates WHERE id = ?"), {candidatesId},
        "preference_candidates");
    tx.commit();
}

bool AnnotationWriter::hasFlag(qint64 exampleId, ExampleFlag flag) const {
    return scalar(db_, QStringLiteral("SELECT 1 FROM example_flags WHERE example_id = ? AND flag = ?"),
                  {exampleId, exampleFlagName(flag)}, "example_flags")
        .isValid();
}

void AnnotationWriter::setFlag(qint64 exampleId, ExampleFlag flag, bool on, const QString& setBy) {
    Transaction tx(db_, "example_flags");
    if (on)
        run(db_, QStringLiteral("INSERT OR IGNORE INTO example_flags (example_id, flag, set_by) "
                                "VALUES (?, ?, ?)"),
            {exampleId, exampleFlagName(flag), setBy}, "example_flags");
    else
        run(db_, QStringLiteral("DELETE FROM example_flags WHERE example_id = ? AND flag = ?"),
            {exampleId, exampleFlagName(flag)}, "example_flags");
    tx.commit();
}

RecordAnnotationCommand::RecordAnnotationCommand(AnnotationWriter writer, CommandHooks hooks,
                                                 qint64 exampleId, qint64 annotatorId,
                                                 AnnotationChange change, SupersedeScope scope,
                                                 const QString& text)
    : QUndoCommand(text), writer_(std::move(writer)), hooks_(std::move(hooks)),
      exampleId_(exampleId), annotatorId_(annotatorId), change_(std::move(change)), scope_(scope) {}

void RecordAnnotationCommand::redo() {
    try {
        createdId_ = writer_.insert(exampleId_, annotatorId_, change_, scope_);
        if (hooks_.applied) hooks_.applied(exampleId_);
    } catch (const std::exception& e) {
        setObsolete(true);
        if (hooks_.failed) hooks_.failed(QString::fromUtf8(e.what()));
    }
}

void RecordAnnotationCommand::undo() {
    if (createdId_ == 0) return;
    try {
        writer_.remove(createdId_);
        createdId_ = 0;
        if (hooks_.applied) hooks_.applied(exampleId_);
    } catch (const std::exception& e) {
        if (hooks_.failed) hooks_.failed(QString::fromUtf8(e.what()));
    }
}

OutputEditCommand::OutputEditCommand(AnnotationWriter writer, CommandHooks hooks, qint64 exampleId,
                                     qint64 annotatorId, const QString& text, qint64 amendRowId)
    : RecordAnnotationCommand(std::move(writer), std::move(hooks), exampleId, annotatorId,
                              AnnotationChange{AnnotationKind::OutputEdit, 0, text, {}, {}, {}, 0},
                              SupersedeScope::SameAnnotator, QObject::tr("Edit output")),
      amendRowId_(amendRowId) {}

void OutputEditCommand::redo() {
    if (amendRowId_ == 0) {
        RecordAnnotationCommand::redo();
        return;
    }
    try {
        writer_.amendOutput(amendRowId_, change_.outputText);
        if (hooks_.applied) hooks_.applied(exampleId_);
    } catch (const std::exception& e) {
        setObsolete(true);
        if (hooks_.failed) hooks_.failed(QString::fromUtf8(e.what()));
    }
}

bool OutputEditCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = dynamic_cast<const OutputEditCommand*>(other);
    if (!next || next->isObsolete() || next->amendRowId_ == 0 || next->amendRowId_ != createdId_)
        return false;
    change_.outputText = next->change_.outputText;  // a later redo re-inserts the final text
    return true;
}

PreferenceEditCommand::PreferenceEditCommand(AnnotationWriter writer, CommandHooks hooks,
                                             qint64 exampleId, qint64 annotatorId,
                                             const QString& chosen, const QString& rejected,
                                             qint64 candidatesId, qint64 amendRowId)
    : RecordAnnotationCommand(std::move(writer), std::move(hooks), exampleId, annotatorId,
                              AnnotationChange{AnnotationKind::Preference, 0, {}, chosen, rejected,
                                               {}, candidatesId},
                              SupersedeScope::SameAnnotator, QObject::tr("Edit answer")),
      amendRowId_(amendRowId) {}

void PreferenceEditCommand::redo() {
    if (amendRowId_ == 0) {
        RecordAnnotationCommand::redo();
        return;
    }
    try {
        writer_.amendPreference(amendRowId_, change_.chosen, change_.rejected);
        if (hooks_.applied) hooks_.applied(exampleId_);
    } catch (const std::exception& e) {
        setObsolete(true);
        if (hooks_.failed) hooks_.failed(QString::fromUtf8(e.what()));
    }
}

bool PreferenceEditCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = dynamic_cast<const PreferenceEditCommand*>(other);
    if (!next || next->isObsolete() || next->amendRowId_ == 0 || next->amendRowId_ != createdId_)
        return false;
    change_.chosen = next->change_.chosen;  // a later redo re-inserts the final texts
    change_.rejected = next->change_.rejected;
    return true;
}

StoreCandidatesCommand::StoreCandidatesCommand(AnnotationWriter writer, CommandHooks hooks,
                                               qint64 exampleId, qint64 annotatorId,
                                               CandidatePair pair, const QString& text)
    : QUndoCommand(text), writer_(std::move(writer)), hooks_(std::move(hooks)),
      exampleId_(exampleId), annotatorId_(annotatorId), pair_(std::move(pair)) {}

void StoreCandidatesCommand::redo() {
    try {
        pair_.id = writer_.insertCandidates(exampleId_, annotatorId_, pair_);
        stored_ = true;
        if (hooks_.applied) hooks_.applied(exampleId_);
    } catch (const std::exception& e) {
        setObsolete(true);
        if (hooks_.failed) hooks_.failed(QString::fromUtf8(e.what()));
    }
}

void StoreCandidatesCommand::undo() {
    if (!stored_) return;
    try {
        writer_.removeCandidates(pair_.id);
        stored_ = false;
        if (hooks_.applied) hooks_.applied(exampleId_);
    } catch (const std::exception& e) {
        if (hooks_.failed) hooks_.failed(QString::fromUtf8(e.what()));
    }
}

FlagCommand::FlagCommand(AnnotationWriter writer, CommandHooks hooks, qint64 exampleId,
                         ExampleFlag flag, bool on, QString setBy, const QString& text)
    : QUndoCommand(text), writer_(std::move(writer)), hooks_(std::move(hooks)),
      exampleId_(exampleId), flag_(flag), on_(on), setBy_(std::move(setBy)) {}

void FlagCommand::apply(bool on) {
    writer_.setFlag(exampleId_, flag_, on, setBy_);
    if (hooks_.applied) hooks_.applied(exampleId_);
}

void FlagCommand::redo() {
    try {
        if (firstRedo_) wasOn_ = writer_.hasFlag(exampleId_, flag_);
        firstRedo_ = false;
        apply(on_);
    } catch (const std::exception& e) {
        setObsolete(true);
        if (hooks_.failed) hooks_.failed(QString::fromUtf8(e.what()));
    }
}

void FlagCommand::undo() {
    try {
        apply(wasOn_);
    } catch (const std::exception& e) {
        if (hooks_.failed) hooks_.failed(QString::fromUtf8(e.what()));
    }
}

}  // namespace ts
