// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/dataset_importer.h"

#include "app/datasets/dataset_repository.h"
#include "engine/core/error.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <memory>
#include <vector>

namespace ts {

QString tokenCountText(const ExampleRecord& record) {
    QString text;
    if (!record.systemPrompt.isEmpty()) text += record.systemPrompt + QLatin1Char('\n');
    text += record.inputText;
    text += QLatin1Char('\n');
    text += record.outputText;
    return text;
}

namespace {

const QString kJournalPrefix = QStringLiteral("dataset_import.pending.");

struct IdRange {
    qint64 first = 0, last = 0;
};

QString encodeRanges(const std::vector<IdRange>& ranges) {
    QStringList parts;
    for (const auto& r : ranges) parts << QStringLiteral("%1-%2").arg(r.first).arg(r.last);
    return parts.join(QLatin1Char(','));
}

// The journal value: "<seconds since epoch of the last batch>|first-last,...|unindexed". The
// last part says the rows were written with the full-text triggers standing down (schema 2);
// journals without it come from imports whose rows the triggers indexed.
const QString kUnindexedMark = QStringLiteral("unindexed");

QString journalValue(const std::vector<IdRange>& ranges) {
    return QString::number(QDateTime::currentSecsSinceEpoch()) + QLatin1Char('|') +
           encodeRanges(ranges) + QLatin1Char('|') + kUnindexedMark;
}

bool journalRowsUnindexed(const QString& value) {
    return value.section(QLatin1Char('|'), 2, 2) == kUnindexedMark;
}

qint64 journalTime(const QString& value) {
    return value.section(QLatin1Char('|'), 0, 0).toLongLong();
}

std::vector<IdRange> decodeRanges(const QString& value) {
    std::vector<IdRange> ranges;
    const QString text = value.section(QLatin1Char('|'), 1, 1);
    for (const auto& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto ends = part.split(QLatin1Char('-'));
        bool okFirst = false, okLast = false;
        if (ends.size() != 2) continue;
        const qint64 first = ends[0].toLongLong(&okFirst), last = ends[1].toLongLong(&okLast);
        if (okFirst && okLast && first <= last) ranges.push_back({first, last});
    }
    return ranges;
}

QSqlQuery exec(const DatasetRepository& repo, const QString& sql, const QVariantList& values = {}) {
    QSqlQuery query(repo.database());
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        repo.fail(QStringLiteral("cannot prepare '%1'").arg(sql), query.lastError().text());
    for (const auto& value : values) query.addBindValue(value);
    if (!query.exec())
        repo.fail(QStringLiteral("query failed '%1'").arg(sql), query.lastError().text());
    return query;
}

// While a row is in fts_bulk_mode the examples_fts triggers stand down (migration 2). Only ever
// set inside a transaction and cleared before its commit, so no other connection sees it.
void setFtsBulkMode(const DatasetRepository& repo, bool on) {
    exec(repo, on ? QStringLiteral("INSERT OR IGNORE INTO fts_bulk_mode (active) VALUES (1)")
                  : QStringLiteral("DELETE FROM fts_bulk_mode"));
}

// Indexes examples [first, last] for full-text search in one statement.
void indexForSearch(const DatasetRepository& repo, qint64 first, qint64 last) {
    exec(repo, QStringLiteral("INSERT INTO examples_fts (rowid, input_text, output_text) "
                              "SELECT id, input_text, output_text FROM examples "
                              "WHERE id BETWEEN ? AND ?"),
         {first, last});
}

// Deletes the journalled examples (those no version refers to: a safety net should the journal
// ever be stale) and the journal entry, in one transaction.
void discardPendingImport(QSqlDatabase db, const QString& journalKey) {
    DatasetRepository repo(db);
    inTransaction(db, repo, [&] {
        auto q = exec(repo, QStringLiteral("SELECT value FROM project_meta WHERE key = ?"),
                      {journalKey});
        if (q.next()) {
            const QString value = q.value(0).toString();
            // Rows that were never indexed must not be deleted from the index.
            const bool unindexed = journalRowsUnindexed(value);
            if (unindexed) setFtsBulkMode(repo, true);
            for (const auto& r : decodeRanges(value))
                exec(repo,
                     QStringLiteral("DELETE FROM examples WHERE id BETWEEN ? AND ? AND NOT EXISTS "
                                    "(SELECT 1 FROM version_examples ve "
                                    " WHERE ve.example_id = examples.id)"),
                     {r.first, r.last});
            if (unindexed) setFtsBulkMode(repo, false);
        }
        q.finish();
        exec(repo, QStringLiteral("DELETE FROM project_meta WHERE key = ?"), {journalKey});
    });
}

QVariant textOrNull(const QString& value, bool used) {
    return used ? QVariant(value) : QVariant();
}

class CacheSizeScope {
public:
    CacheSizeScope(const DatasetRepository& repo, int cacheSize) : repo_(repo) {
        QSqlQuery q(repo.database());
        if (q.exec(QStringLiteral("PRAGMA cache_size")) && q.next()) previous_ = q.value(0).toInt();
        q.exec(QStringLiteral("PRAGMA cache_size = %1").arg(cacheSize));
    }
    ~CacheSizeScope() {
        QSqlQuery q(repo_.database());
        q.exec(QStringLiteral("PRAGMA cache_size = %1").arg(previous_));
    }

private:
    const DatasetRepository& repo_;
    int previous_ = -2000;
};

class ExampleInserter {
public:
    // token_count stays NULL: lengths are counted afterwards with the project's model
    // (token_lengths.h), which also records which tokenizer made them.
    ExampleInserter(const DatasetRepository& repo, QString sourceFile)
        : repo_(repo), query_(repo.database()), sourceFile_(std::move(sourceFile)) {
        if (!query_.prepare(QStringLiteral(
                "INSERT INTO examples (kind, messages_json, system_prompt, prompt, completion, "
                "text, label, chosen, rejected, input_text, output_text, content_hash, "
                "source_file, source_line) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")))
            repo.fail(QStringLiteral("cannot prepare the example insert"),
                      query_.lastError().text());
    }

    // Inserts `r`; returns the new id and writes its content hash.
    qint64 insert(const ExampleRecord& r, QString* contentHash) {
        const bool pc = r.kind == ExampleKind::PromptCompletion;
        const bool cls = r.kind == ExampleKind::Classification;
        const bool pref = r.kind == ExampleKind::Preference;
        *contentHash = r.contentHash();
        const QByteArray messages = r.messagesJson();
        query_.bindValue(0, exampleKindName(r.kind));
        query_.bindValue(1, messages.isEmpty() ? QVariant() : QVariant(QString::fromUtf8(messages)));
        query_.bindValue(2, textOrNull(r.systemPrompt, !r.systemPrompt.isEmpty()));
        query_.bindValue(3, textOrNull(r.prompt, pc || pref));
        query_.bindValue(4, textOrNull(r.completion, pc));
        query_.bindValue(5, textOrNull(r.text, cls));
        query_.bindValue(6, textOrNull(r.label, cls));
        query_.bindValue(7, textOrNull(r.chosen, pref));
        query_.bindValue(8, textOrNull(r.rejected, pref));
        query_.bindValue(9, r.inputText);
        query_.bindValue(10, r.outputText);
        query_.bindValue(11, *contentHash);
        query_.bindValue(12, sourceFile_);
        query_.bindValue(13, r.sourceLine > 0 ? QVariant(r.sourceLine) : QVariant());
        if (!query_.exec())
            repo_.fail(QStringLiteral("cannot store the example of line %1").arg(r.sourceLine),
                       query_.lastError().text());
        const qint64 id = query_.lastInsertId().toLongLong();
        writeMeta(id, r);
        return id;
    }

private:
    // The source's meta object: flags set by 'import', tags created on first use.
    void writeMeta(qint64 exampleId, const ExampleRecord& r) {
        if (r.edgeCase) writeFlag(exampleId, QStringLiteral("edge_case"), r.sourceLine);
        if (r.generalCapability)
            writeFlag(exampleId, QStringLiteral("general_capability"), r.sourceLine);
        if (r.tags.isEmpty()) return;
        if (!tagLinkQuery_)
            tagLinkQuery_ = prepared(QStringLiteral(
                "INSERT OR IGNORE INTO example_tags (example_id, tag_id) VALUES (?, ?)"));
        for (const QString& tag : r.tags) {
            auto known = tagIds_.find(tag);
            if (known == tagIds_.end()) {
                exec(repo_, QStringLiteral("INSERT INTO tags (name) VALUES (?) "
                                           "ON CONFLICT (name) DO NOTHING"), {tag});
                auto q = exec(repo_, QStringLiteral("SELECT id FROM tags WHERE name = ?"), {tag});
                if (!q.next())
                    repo_.fail(QStringLiteral("cannot store tag '%1' of line %2")
                                   .arg(tag).arg(r.sourceLine), q.lastError().text());
                known = tagIds_.insert(tag, q.value(0).toLongLong());
            }
            tagLinkQuery_->bindValue(0, exampleId);
            tagLinkQuery_->bindValue(1, *known);
            if (!tagLinkQuery_->exec())
                repo_.fail(QStringLiteral("cannot tag the example of line %1").arg(r.sourceLine),
                           tagLinkQuery_->lastError().text());
        }
    }
    void writeFlag(qint64 exampleId, const QString& flag, qint64 line) {
        if (!flagQuery_)
            flagQuery_ = prepared(QStringLiteral(
                "INSERT OR IGNORE INTO example_flags (example_id, flag, set_by) "
                "VALUES (?, ?, 'import')"));
        flagQuery_->bindValue(0, exampleId);
        flagQuery_->bindValue(1, flag);
        if (!flagQuery_->exec())
            repo_.fail(QStringLiteral("cannot flag the example of line %1").arg(line),
                       flagQuery_->lastError().text());
    }
    std::unique_ptr<QSqlQuery> prepared(const QString& sql) {
        auto q = std::make_unique<QSqlQuery>(repo_.database());
        if (!q->prepare(sql)) repo_.fail(QStringLiteral("cannot prepare '%1'").arg(sql),
                                         q->lastError().text());
        return q;
    }

    const DatasetRepository& repo_;
    QSqlQuery query_;
    QHash<QString, qint64> tagIds_;
    std::unique_ptr<QSqlQuery> flagQuery_, tagLinkQuery_;
    QString sourceFile_;
};

}  // namespace

ImportResult DatasetImporter::importFile(const QString& path, const ImportOptions& options) {
    QElapsedTimer timer;
    timer.start();
    DatasetRepository repo(db_);
    const std::string file = path.toStdString();
    ImportResult result;

    // The target first: a taken or unknown name fails before any work.
    const QString name = options.datasetName.trimmed();
    if (name.isEmpty()) throw Error("the dataset needs a name", file, "dataset name");
    const auto existing = repo.datasetByName(name);
    qint64 parentVersionId = 0;
    if (options.target == ImportTarget::NewDataset) {
        if (existing)
            throw Error("a dataset named '" + name.toStdString() +
                            "' already exists: import as a new version of it or choose another "
                            "name",
                        file, "dataset name");
    } else {
        if (!existing)
            throw Error("no dataset named '" + name.toStdString() + "' in this project", file,
                        "dataset name");
        result.datasetId = existing->id;
        parentVersionId = existing->latestVersionId;
    }

    result.fileFormat = options.fileFormat.value_or(guessFileFormat(path));
    if (options.mapping) {
        result.mapping = *options.mapping;
    } else {
        result.mapping = detectFile(path).mapping;
    }
    const QString mappingError = result.mapping.validationError();
    if (!mappingError.isEmpty()) throw Error(mappingError.toStdString(), file, "column mapping");

    // A large import touches the content-hash index and the full-text index all over; with
    // SQLite's default 2 MB page cache most of its time goes to re-reading pages. The cache
    // belongs to this connection; the previous size is restored when the import ends.
    CacheSizeScope cache(repo, -128 * 1024);  // KiB
    auto reader = RecordReader::open(path, result.fileFormat, options.readerLimits);
    ExampleInserter inserter(repo, QFileInfo(path).fileName());
    const QString journalKey =
        kJournalPrefix + QUuid::createUuid().toString(QUuid::WithoutBraces);
    std::vector<IdRange> ranges;
    qint64 newCount = 0;
    // The version hash covers the parent's examples first when appending; versions are
    // immutable, so reading them before the import is safe.
    VersionHasher hasher;
    qint64 parentCount = 0;
    if (options.target == ImportTarget::AppendToDataset && parentVersionId) {
        auto q = exec(repo, QStringLiteral("SELECT e.content_hash FROM version_examples ve "
                                           "JOIN examples e ON e.id = ve.example_id "
                                           "WHERE ve.version_id = ? ORDER BY ve.position"),
                      {parentVersionId});
        while (q.next()) {
            hasher.addExampleHash(q.value(0).toString());
            ++parentCount;
        }
    }
    const int batchSize = std::max(1, options.batchSize);

    auto noteIssue = [&](const LineIssue& issue) {
        ++result.badRecordCount;
        if (result.issues.size() < options.maxReportedIssues) result.issues << issue;
    };

    try {
        bool atEnd = false;
        while (!atEnd) {
            inTransaction(db_, repo, [&] {
                setFtsBulkMode(repo, true);
                SourceRow row;
                LineIssue issue;
                for (int inBatch = 0; inBatch < batchSize;) {
                    const ReadStatus status = reader->next(row, issue);
                    if (status == ReadStatus::End) {
                        atEnd = true;
                        break;
                    }
                    if (status == ReadStatus::BadRecord) {
                        noteIssue(issue);
                        continue;
                    }
                    QString why;
                    auto record = mapRecord(row, result.mapping, options.mappingLimits, &why);
                    if (!record) {
                        noteIssue({row.line, why});
                        continue;
                    }
                    QString hash;
                    const qint64 id = inserter.insert(*record, &hash);
                    hasher.addExampleHash(hash);
                    ++newCount;
                    // Within one write transaction nobody else inserts, so ids are consecutive.
                    if (!ranges.empty() && ranges.back().last + 1 == id)
                        ranges.back().last = id;
                    else
                        ranges.push_back({id, id});
                    ++inBatch;
                }
                if (!ranges.empty())
                    exec(repo, QStringLiteral("INSERT OR REPLACE INTO project_meta (key, value) "
                                              "VALUES (?, ?)"),
                         {journalKey, journalValue(ranges)});
                setFtsBulkMode(repo, false);
            });
            if (options.progress && !options.progress(reader->bytesRead(), reader->totalBytes())) {
                discardPendingImport(db_, journalKey);
                result.cancelled = true;
                result.importedCount = 0;
                result.elapsedSeconds = timer.elapsed() / 1000.0;
                return result;
            }
        }
        if (newCount == 0) {
            std::string why = "the file holds no record that could be imported";
            if (!result.issues.isEmpty())
                why += "; line " + std::to_string(result.issues.first().line) + ": " +
                       result.issues.first().reason.toStdString();
            throw Error(why, file);
        }

        // The final transaction: the dataset, the version and its membership appear together.
        inTransaction(db_, repo, [&] {
            if (options.target == ImportTarget::NewDataset) {
                auto q = exec(repo, QStringLiteral("INSERT INTO datasets (name) VALUES (?)"), {name});
                result.datasetId = q.lastInsertId().toLongLong();
            }
            qint64 position = parentCount;
            result.contentHash = hasher.hexResult();
            auto next = exec(repo, QStringLiteral("SELECT coalesce(max(version_number), 0) + 1 "
                                                  "FROM dataset_versions WHERE dataset_id = ?"),
                             {result.datasetId});
            next.next();
            auto v = exec(repo,
                          QStringLiteral("INSERT INTO dataset_versions (dataset_id, version_number, "
                                         "parent_version_id, content_hash, example_count, source, "
                                         "note) VALUES (?, ?, ?, ?, ?, 'import', ?)"),
                          {result.datasetId, next.value(0).toInt(),
                           parentVersionId ? QVariant(parentVersionId) : QVariant(),
                           result.contentHash, parentCount + newCount,
                           options.note.isNull() ? QStringLiteral("") : options.note});
            result.versionId = v.lastInsertId().toLongLong();
            if (position > 0)
                exec(repo, QStringLiteral("INSERT INTO version_examples (version_id, example_id, "
                                          "split, position) SELECT ?, example_id, split, position "
                                          "FROM version_examples WHERE version_id = ?"),
                     {result.versionId, parentVersionId});
            qint64 linked = 0;
            for (const auto& r : ranges) {
                // Positions follow file order: ids rise with it.
                linked += exec(repo, QStringLiteral("INSERT INTO version_examples (version_id, example_id, "
                                          "split, position) SELECT ?, id, 'unassigned', id - ? "
                                          "FROM examples WHERE id BETWEEN ? AND ?"),
                     {result.versionId, r.first - position, r.first, r.last})
                              .numRowsAffected();
                position += r.last - r.first + 1;
            }
            // Only if another process took this import for an interrupted one and removed its
            // examples; the version would be incomplete, so nothing is kept.
            if (linked != newCount)
                throw Error("the examples of this import were removed while it ran (another "
                            "program cleaned up the project); nothing was imported",
                            file);
            // The new rows become searchable with the version that shows them.
            for (const auto& r : ranges) indexForSearch(repo, r.first, r.last);
            exec(repo, QStringLiteral("DELETE FROM project_meta WHERE key = ?"), {journalKey});
        });
    } catch (...) {
        try {
            discardPendingImport(db_, journalKey);
        } catch (...) {
            // The journal stays; recoverInterruptedImports() cleans up on the next open.
        }
        throw;
    }
    result.importedCount = newCount;
    result.elapsedSeconds = timer.elapsed() / 1000.0;
    return result;
}

int DatasetImporter::recoverInterruptedImports(QSqlDatabase db, int idleSeconds) {
    DatasetRepository repo(db);
    QStringList keys;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    {
        auto q = exec(repo, QStringLiteral("SELECT key, value FROM project_meta WHERE key LIKE ?"),
                      {kJournalPrefix + QLatin1Char('%')});
        while (q.next())
            if (now - journalTime(q.value(1).toString()) >= idleSeconds)
                keys << q.value(0).toString();
    }
    for (const auto& key : keys) discardPendingImport(db, key);
    return int(keys.size());
}

}  // namespace ts
