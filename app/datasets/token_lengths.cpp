// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/token_lengths.h"

#include "app/annotation/annotation_sql.h"
#include "app/datasets/training_line.h"
#include "engine/core/error.h"
#include "engine/tokenizer/tokenizer.h"
#include "engine/train/training_length.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace ts {

using annotation_sql::run;
using annotation_sql::scalar;

namespace {

const QString kChosenKey = QStringLiteral("token_lengths.model");
const QString kCountedWithKey = QStringLiteral("token_lengths.counted_with");
const QString kFingerprintKey = QStringLiteral("token_lengths.fingerprint");

QString metaValue(const QSqlDatabase& db, const QString& key) {
    return scalar(db, QStringLiteral("SELECT value FROM project_meta WHERE key = ?"), {key},
                  "project_meta")
        .toString();
}

void setMetaValue(const QSqlDatabase& db, const QString& key, const QString& value) {
    if (value.isEmpty())
        run(db, QStringLiteral("DELETE FROM project_meta WHERE key = ?"), {key}, "project_meta");
    else
        run(db, QStringLiteral("INSERT INTO project_meta(key, value) VALUES (?, ?) "
                               "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
            {key, value}, "project_meta");
}

// One example to count: its id and its training line as compact JSON.
struct Pending {
    qint64 id = 0;
    std::string line;
    std::int64_t tokens = -1;  // -1 = could not be tokenized
    std::string problem;
};

// Counts `batch` with up to tokenizers.size() threads; thread t uses tokenizers[t], loading it
// on first use (loading is the slow part of a small batch, so it happens in parallel too).
void countBatch(std::vector<Pending>& batch, std::vector<std::unique_ptr<Tokenizer>>& tokenizers,
                const std::string& modelPath) {
    const size_t threads = std::min(tokenizers.size(), std::max<size_t>(1, batch.size() / 64));
    auto work = [&](size_t t) {
        if (!tokenizers[t]) tokenizers[t] = loadTokenizer(modelPath);
        const TrainingLengthCounter counter(*tokenizers[t]);
        for (size_t i = t; i < batch.size(); i += threads) {
            try {
                batch[i].tokens = counter.count(batch[i].line);
            } catch (const std::exception& e) {
                batch[i].problem = e.what();
            }
        }
    };
    std::vector<std::thread> pool;
    std::exception_ptr failure;
    std::mutex failureMutex;
    for (size_t t = 1; t < threads; ++t)
        pool.emplace_back([&, t] {
            try {
                work(t);
            } catch (...) {
                std::lock_guard<std::mutex> lock(failureMutex);
                failure = std::current_exception();
            }
        });
    try {
        work(0);
    } catch (...) {
        std::lock_guard<std::mutex> lock(failureMutex);
        failure = std::current_exception();
    }
    for (auto& thread : pool) thread.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace

TokenLengthModel tokenLengthModel(QSqlDatabase db) {
    TokenLengthModel model;
    model.maxSeqLen =
        scalar(db, QStringLiteral("SELECT json_extract(recipe_json, '$.max_seq_len') FROM recipes "
                                  "WHERE json_extract(recipe_json, '$.max_seq_len') > 0 "
                                  "ORDER BY updated DESC, id DESC LIMIT 1"),
               {}, "recipes.max_seq_len")
            .toInt();
    model.path = metaValue(db, kChosenKey);
    if (!model.path.isEmpty()) {
        model.chosen = true;
        model.origin = QCoreApplication::translate("TokenLengths", "chosen for this project");
        return model;
    }
    // The model the data will be trained on: the newest recipe's, else the newest run's.
    const struct {
        const char* sql;
        const char* origin;
        const char* what;
    } sources[] = {
        {"SELECT name, json_extract(recipe_json, '$.base_model') FROM recipes "
         "WHERE coalesce(json_extract(recipe_json, '$.base_model'), '') <> '' "
         "ORDER BY updated DESC, id DESC LIMIT 1",
         QT_TRANSLATE_NOOP("TokenLengths", "base model of recipe \u201c%1\u201d"), "recipes.base_model"},
        {"SELECT name, base_model FROM runs WHERE base_model <> '' ORDER BY id DESC LIMIT 1",
         QT_TRANSLATE_NOOP("TokenLengths", "base model of run \u201c%1\u201d"), "runs.base_model"},
    };
    for (const auto& source : sources) {
        QSqlQuery q = run(db, QString::fromLatin1(source.sql), {}, source.what);
        if (!q.next()) continue;
        model.path = q.value(1).toString();
        model.origin = QCoreApplication::translate("TokenLengths", source.origin).arg(q.value(0).toString());
        break;
    }
    return model;
}

void setTokenLengthModel(QSqlDatabase db, const QString& path) { setMetaValue(db, kChosenKey, path); }

QString tokenizerFingerprint(const QString& modelPath) {
    const QFileInfo info(modelPath);
    if (!info.exists())
        throw Error("the model for token lengths does not exist", modelPath.toStdString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    auto addFile = [&](const QString& path) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            throw Error("cannot read: " + file.errorString().toStdString(), path.toStdString());
        hash.addData(QFileInfo(path).fileName().toUtf8());
        if (!hash.addData(&file))
            throw Error("cannot read: " + file.errorString().toStdString(), path.toStdString());
    };
    if (info.isDir()) {
        const QDir dir(modelPath);
        bool any = false;
        for (const char* name : {"tokenizer.json", "tokenizer.model", "tokenizer_config.json",
                                 "chat_template.jinja"}) {
            if (!dir.exists(QLatin1String(name))) continue;
            addFile(dir.filePath(QLatin1String(name)));
            any = true;
        }
        if (!any)
            throw Error("the model folder has no tokenizer.json or tokenizer.model",
                        modelPath.toStdString());
    } else if (modelPath.endsWith(QStringLiteral(".gguf"), Qt::CaseInsensitive)) {
        hash.addData(info.absoluteFilePath().toUtf8());
        hash.addData(QByteArray::number(info.size()));
        hash.addData(QByteArray::number(info.lastModified().toMSecsSinceEpoch()));
    } else {
        addFile(modelPath);
    }
    return QString::fromLatin1(hash.result().toHex());
}

TokenCountState tokenCountState(QSqlDatabase db, bool countUncounted) {
    TokenCountState state;
    state.countedWith = metaValue(db, kCountedWithKey);
    state.fingerprint = metaValue(db, kFingerprintKey);
    // Reads the partial index examples_uncounted, not the table.
    state.uncounted =
        countUncounted
            ? scalar(db, QStringLiteral("SELECT count(*) FROM examples WHERE token_count IS NULL"), {},
                     "examples.token_count")
                  .toLongLong()
            : -scalar(db, QStringLiteral("SELECT EXISTS (SELECT 1 FROM examples WHERE token_count IS NULL)"),
                      {}, "examples.token_count")
                   .toLongLong();
    return state;
}

TokenCountResult countExampleTokens(QSqlDatabase db, const QString& modelPath,
                                    const TokenCountOptions& options) {
    TokenCountResult result;
    result.modelPath = modelPath;
    const QString fingerprint = tokenizerFingerprint(modelPath);
    // Load one tokenizer before touching the project: a model that cannot be read changes nothing.
    // Each thread holds its own tokenizer (a Qwen tokenizer.json is ~100 MB in memory once
    // loaded): by default no more than four, which is most of the speed-up on desktop machines.
    constexpr int kMaxDefaultThreads = 4;
    const int threads = options.threads > 0 ? options.threads
                                            : std::clamp(QThread::idealThreadCount(), 1, kMaxDefaultThreads);
    std::vector<std::unique_ptr<Tokenizer>> tokenizers(size_t(std::max(1, threads)));
    tokenizers[0] = loadTokenizer(modelPath.toStdString());

    {
        annotation_sql::Transaction transaction(db, "examples.token_count");
        const TokenCountState state = tokenCountState(db);
        if (state.fingerprint != fingerprint) {
            // Counts of another tokenizer (or of unknown origin) would mix with ours: start over.
            QSqlQuery cleared = run(db, QStringLiteral("UPDATE examples SET token_count = NULL "
                                                       "WHERE token_count IS NOT NULL"),
                                    {}, "examples.token_count");
            result.cleared = cleared.numRowsAffected() > 0;
            setMetaValue(db, kCountedWithKey, modelPath);
            setMetaValue(db, kFingerprintKey, fingerprint);
        } else if (state.countedWith != modelPath) {
            setMetaValue(db, kCountedWithKey, modelPath);  // same tokenizer, moved or copied model
        }
        transaction.commit();
    }

    const qint64 total = tokenCountState(db).uncounted;
    if (options.progress) options.progress(0, total);
    const std::string modelPathUtf8 = modelPath.toStdString();
    const QString select = QStringLiteral("SELECT e.id, %1 FROM examples e WHERE e.token_count IS NULL "
                                          "AND e.id > ? ORDER BY e.id LIMIT ?")
                               .arg(trainingLineColumns());
    qint64 afterId = 0;
    qint64 done = 0;
    while (true) {
        if (isCancelled(options.cancel)) {
            result.cancelled = true;
            break;
        }
        std::vector<Pending> batch;
        {
            QSqlQuery q = run(db, select, {afterId, std::max(1, options.batchSize)}, "examples");
            while (q.next()) {
                Pending p;
                p.id = q.value(0).toLongLong();
                p.line = QJsonDocument(trainingLineFrom(q, 1)).toJson(QJsonDocument::Compact).toStdString();
                batch.push_back(std::move(p));
            }
        }
        if (batch.empty()) break;
        afterId = batch.back().id;
        countBatch(batch, tokenizers, modelPathUtf8);

        annotation_sql::Transaction transaction(db, "examples.token_count");
        QSqlQuery update(db);
        update.prepare(QStringLiteral("UPDATE examples SET token_count = ? WHERE id = ?"));
        for (const Pending& p : batch) {
            if (p.tokens < 0) {
                if (result.unreadable++ == 0)
                    result.firstProblem = QStringLiteral("example %1: %2").arg(p.id).arg(QString::fromStdString(p.problem));
                continue;
            }
            update.bindValue(0, qint64(p.tokens));
            update.bindValue(1, p.id);
            if (!update.exec())
                throw Error("cannot store token counts: " + update.lastError().text().toStdString(),
                            db.databaseName().toStdString(), "examples.token_count");
            ++result.counted;
        }
        transaction.commit();
        done += qint64(batch.size());
        if (options.progress) options.progress(std::min(done, total), total);
    }
    return result;
}

}  // namespace ts
