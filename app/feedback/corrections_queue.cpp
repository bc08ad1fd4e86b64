// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/feedback/corrections_queue.h"

#include "app/annotation/annotation_sql.h"
#include "app/datasets/dataset_repository.h"
#include "app/datasets/example_record.h"
#include "engine/core/error.h"

#include <QSqlQuery>

#include <exception>

namespace ts {

using annotation_sql::run;
using annotation_sql::scalar;
using annotation_sql::Transaction;

namespace {

const char* const kColumns =
    "SELECT id, source_file, line, input_text, output_text, correction, logged_at, "
    "adapter_version, status, example_id FROM production_logs ";

std::optional<LogStatus> statusFromName(const QString& name) {
    for (LogStatus s : {LogStatus::New, LogStatus::Queued, LogStatus::Approved, LogStatus::Rejected})
        if (logStatusName(s) == name) return s;
    return std::nullopt;
}

ProductionLogRow readRow(const QSqlQuery& q) {
    ProductionLogRow r;
    r.id = q.value(0).toLongLong();
    r.sourceFile = q.value(1).toString();
    r.line = q.value(2).toLongLong();
    r.inputText = q.value(3).toString();
    r.outputText = q.value(4).toString();
    if (!q.value(5).isNull()) r.correction = q.value(5).toString();
    r.loggedAt = q.value(6).toString();
    r.adapterVersion = q.value(7).toString();
    r.status = statusFromName(q.value(8).toString()).value_or(LogStatus::New);
    r.exampleId = q.value(9).toLongLong();
    return r;
}

bool undecided(LogStatus s) { return s == LogStatus::New || s == LogStatus::Queued; }

}  // namespace

QString logStatusName(LogStatus status) {
    switch (status) {
    case LogStatus::New: return QStringLiteral("new");
    case LogStatus::Queued: return QStringLiteral("queued");
    case LogStatus::Approved: return QStringLiteral("approved");
    case LogStatus::Rejected: return QStringLiteral("rejected");
    }
    return {};
}

qint64 CorrectionsQueue::count(LogStatus status) const {
    return scalar(db_, QStringLiteral("SELECT count(*) FROM production_logs WHERE status = ?"),
                  {logStatusName(status)}, "production_logs")
        .toLongLong();
}

std::vector<ProductionLogRow> CorrectionsQueue::rows(LogStatus status, int limit, int offset) const {
    QSqlQuery q = run(db_,
                      QString::fromLatin1(kColumns) +
                          QStringLiteral("WHERE status = ? ORDER BY id LIMIT ? OFFSET ?"),
                      {logStatusName(status), limit, offset}, "production_logs");
    std::vector<ProductionLogRow> result;
    while (q.next()) result.push_back(readRow(q));
    return result;
}

ProductionLogRow CorrectionsQueue::row(qint64 id) const {
    QSqlQuery q = run(db_, QString::fromLatin1(kColumns) + QStringLiteral("WHERE id = ?"), {id},
                      "production_logs");
    if (!q.next())
        throw Error("no production log row with id " + std::to_string(id),
                    db_.databaseName().toStdString(), "production_logs.id");
    return readRow(q);
}

void CorrectionsQueue::setCorrection(qint64 id, const QString& correction) {
    const ProductionLogRow r = row(id);
    if (!undecided(r.status))
        throw Error("production log row " + std::to_string(id) + " is already " +
                        logStatusName(r.status).toStdString(),
                    db_.databaseName().toStdString(), "production_logs.status");
    run(db_, QStringLiteral("UPDATE production_logs SET correction = ?, status = 'queued' WHERE id = ?"),
        {correction.trimmed().isEmpty() ? QVariant() : QVariant(correction), id}, "production_logs");
}

int CorrectionsQueue::enqueue(const std::vector<qint64>& ids) {
    Transaction tx(db_, "production_logs (queue)");
    int changed = 0;
    for (qint64 id : ids)
        changed += run(db_, QStringLiteral("UPDATE production_logs SET status = 'queued' "
                                           "WHERE id = ? AND status = 'new'"),
                       {id}, "production_logs")
                       .numRowsAffected();
    tx.commit();
    return changed;
}

int CorrectionsQueue::reject(const std::vector<qint64>& ids) {
    Transaction tx(db_, "production_logs (reject)");
    int changed = 0;
    for (qint64 id : ids)
        changed += run(db_, QStringLiteral("UPDATE production_logs SET status = 'rejected' "
                                           "WHERE id = ? AND status IN ('new', 'queued')"),
                       {id}, "production_logs")
                       .numRowsAffected();
    tx.commit();
    return changed;
}

ApproveResult CorrectionsQueue::approve(const std::vector<qint64>& ids, qint64 datasetId,
                                        const QString& note) {
    DatasetRepository repo(db_);
    const auto dataset = repo.dataset(datasetId);
    if (!dataset)
        throw Error("no dataset with id " + std::to_string(datasetId),
                    db_.databaseName().toStdString(), "datasets.id");
    if (!dataset->latestVersionId)
        throw Error("dataset '" + dataset->name.toStdString() + "' has no version to extend",
                    db_.databaseName().toStdString(), "dataset_versions");
    ApproveResult result;
    result.parentVersionId = dataset->latestVersionId;

    std::vector<ProductionLogRow> chosen;
    for (qint64 id : ids) {
        const ProductionLogRow r = row(id);
        if (undecided(r.status)) chosen.push_back(r);
        else ++result.skipped;
    }
    if (chosen.empty()) return result;

    const std::vector<VersionMemberRow> parentMembers = repo.loadMembers(result.parentVersionId);
    std::vector<VersionMember> members;
    members.reserve(parentMembers.size() + chosen.size());
    bool parentHasTrain = false;
    for (const VersionMemberRow& m : parentMembers) {
        members.push_back({m.exampleId, m.split});
        parentHasTrain = parentHasTrain || m.split == Split::Train;
    }
    const Split newSplit = parentHasTrain ? Split::Train : Split::Unassigned;

    // Step 1 (one transaction): the examples, their tag and flag, and the rows marked approved.
    std::vector<qint64> inserted;
    {
        Transaction tx(db_, "examples (from production)");
        run(db_, QStringLiteral("INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING"),
            {productionTagName()}, "tags");
        const qint64 tagId = scalar(db_, QStringLiteral("SELECT id FROM tags WHERE name = ?"),
                                    {productionTagName()}, "tags")
                                 .toLongLong();
        for (const ProductionLogRow& r : chosen) {
            ExampleRecord e;
            e.kind = ExampleKind::PromptCompletion;
            e.prompt = r.inputText;
            e.completion = r.approvedOutput();
            e.fillDisplayText();
            const qint64 id =
                run(db_,
                    QStringLiteral("INSERT INTO examples (kind, prompt, completion, input_text, "
                                   "output_text, content_hash, source_file, source_line) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                    {exampleKindName(e.kind), e.prompt, e.completion, e.inputText, e.outputText,
                     e.contentHash(), r.sourceFile, r.line},
                    "examples")
                    .lastInsertId()
                    .toLongLong();
            inserted.push_back(id);
            run(db_, QStringLiteral("INSERT INTO example_tags (example_id, tag_id) VALUES (?, ?)"),
                {id, tagId}, "example_tags");
            run(db_, QStringLiteral("INSERT INTO example_flags (example_id, flag, set_by) "
                                    "VALUES (?, 'from_production', 'production')"),
                {id}, "example_flags");
            run(db_, QStringLiteral("UPDATE production_logs SET status = 'approved', example_id = ? "
                                    "WHERE id = ?"),
                {id, r.id}, "production_logs");
            members.push_back({id, newSplit});
        }
        tx.commit();
    }
    // Step 2: the version (its own transaction inside the repository). Should it fail, step 1 is
    // undone so the rows are back in the queue and no orphan example is left.
    try {
        result.versionId = repo.createDerivedVersion(
            result.parentVersionId, VersionSource::Production,
            note.isEmpty() ? QStringLiteral("%1 example(s) from production").arg(chosen.size()) : note,
            members);
    } catch (...) {
        try {
            Transaction tx(db_, "examples (undo from production)");
            for (const ProductionLogRow& r : chosen)
                run(db_, QStringLiteral("UPDATE production_logs SET status = ?, example_id = NULL "
                                        "WHERE id = ?"),
                    {logStatusName(r.status), r.id}, "production_logs");
            for (qint64 id : inserted)
                run(db_, QStringLiteral("DELETE FROM examples WHERE id = ?"), {id}, "examples");
            tx.commit();
        } catch (const std::exception&) {
        }
        throw;
    }
    result.added = int(chosen.size());
    return result;
}

}  // namespace ts
