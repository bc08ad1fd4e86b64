// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/annotation/annotation_commands.h"

#include "app/annotation/annotation_sql.h"

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
                       "output_text, chosen, rejected, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        {exampleId, annotatorId, annotationKindName(c.kind),
         label || c.labelId != 0 ? QVariant(c.labelId) : QVariant(), textOrNull(c.outputText, output),
         textOrNull(c.chosen, preference), textOrNull(c.rejected, preference),
         textOrNull(c.comment, !c.comment.isEmpty() || c.kind == AnnotationKind::Comment)},
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
                              AnnotationChange{AnnotationKind::OutputEdit, 0, text, {}, {}, {}},
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
