// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The review queue of production rows: those with a human correction or an output that failed
// the format check are 'queued' on import (production_log_importer.h); a reviewer may also queue
// any row by hand. Approving rows turns them into examples in a NEW version of a chosen dataset
// (parent = its latest version, source 'production'): the parent's members plus one
// prompt/completion example per approved row, whose completion is the correction when there is
// one, else the logged output. The new examples carry the tag 'production' (the Annotate view
// filters on it) and the flag from_production. Rejected rows stay in the table as 'rejected'.
//
// Works on one connection, on the thread that owns it. Errors are ts::Error naming the project.
#include <QSqlDatabase>
#include <QString>

#include <optional>
#include <vector>

namespace ts {

enum class LogStatus { New, Queued, Approved, Rejected };
QString logStatusName(LogStatus status);  // new, queued, approved, rejected (as stored)

struct ProductionLogRow {
    qint64 id = 0;
    QString sourceFile;
    qint64 line = 0;
    QString inputText, outputText;
    std::optional<QString> correction;
    QString loggedAt, adapterVersion;
    LogStatus status = LogStatus::New;
    qint64 exampleId = 0;  // the example made from it (approved rows)
    // What an approved row becomes: the correction when there is one, else the output.
    QString approvedOutput() const { return correction ? *correction : outputText; }
};

struct ApproveResult {
    qint64 versionId = 0;
    qint64 parentVersionId = 0;
    int added = 0;
    int skipped = 0;  // rows already approved or rejected, left as they were
};

// Tag given to examples made from production rows.
inline QString productionTagName() { return QStringLiteral("production"); }

class CorrectionsQueue {
public:
    explicit CorrectionsQueue(QSqlDatabase db) : db_(std::move(db)) {}

    qint64 count(LogStatus status) const;
    // Rows in this status, oldest first (by id), `limit` of them from `offset`.
    std::vector<ProductionLogRow> rows(LogStatus status, int limit = 1000, int offset = 0) const;
    ProductionLogRow row(qint64 id) const;  // throws when absent

    // Sets (or, with an empty text, clears) the correction of a row not yet decided, and
    // queues it.
    void setCorrection(qint64 id, const QString& correction);
    // Moves 'new' rows to 'queued'; returns how many moved.
    int enqueue(const std::vector<qint64>& ids);
    // Marks undecided rows 'rejected'; returns how many changed.
    int reject(const std::vector<qint64>& ids);
    // Approves undecided rows into a new version of `datasetId` (see the header comment). New
    // members go to the train split when the parent has one, else stay unassigned. Either

    ApproveResult approve(const std::vector<qint64>& ids, qint64 datasetId,
                          const QString& note = {});

private:
    QSqlDatabase db_;
};

}  // namespace ts
