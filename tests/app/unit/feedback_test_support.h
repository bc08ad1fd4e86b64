// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the production-feedback tests: a project with a training dataset imported from
// generated text, JSON Lines writers for logs, and synthetic vocabularies with known overlap.
#include "dataset_test_support.h"

#include "app/datasets/dataset_importer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <random>
#include <vector>

namespace ts::test {

// Words "<prefix>0" .. "<prefix>(n-1)": one token each for the drift tokenizer.
inline QStringList vocabulary(const QString& prefix, int n) {
    QStringList words;
    for (int i = 0; i < n; ++i) words << prefix + QString::number(i);
    return words;
}

// `count` sentences of `wordsEach` words drawn at random (seeded) from `words`.
inline std::vector<QString> randomSentences(const QStringList& words, int count, int wordsEach,
                                            unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> pick(0, int(words.size()) - 1);
    std::vector<QString> out;
    for (int i = 0; i < count; ++i) {
        QStringList s;
        for (int w = 0; w < wordsEach; ++w) s << words[pick(rng)];
        out.push_back(s.join(QLatin1Char(' ')));
    }
    return out;
}

// `count` sentences of `wordsEach` words taking the vocabulary in turn from `*next`, so that
// when count * wordsEach is a multiple of the vocabulary size every word occurs equally often.
inline std::vector<QString> cyclingSentences(const QStringList& words, int count, int wordsEach,
                                             int* next) {
    std::vector<QString> out;
    for (int i = 0; i < count; ++i) {
        QStringList s;
        for (int w = 0; w < wordsEach; ++w) s << words[(*next)++ % words.size()];
        out.push_back(s.join(QLatin1Char(' ')));
    }
    return out;
}

inline QByteArray jsonLine(const QJsonObject& o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

class FeedbackFixture : public ProjectFixture {
protected:
    // Imports prompt/completion examples as dataset `name`; returns the version id.
    qint64 importTraining(const std::vector<QString>& prompts, const char* name = "train",
                          const std::vector<QString>& completions = {}) {
        QByteArray bytes;
        for (std::size_t i = 0; i < prompts.size(); ++i)
            bytes += jsonLine({{QStringLiteral("prompt"), prompts[i]},
                               {QStringLiteral("completion"),
                                i < completions.size() ? completions[i]
                                                       : QStringLiteral("answer %1").arg(i)}});
        const QString path = writeFile(QLatin1String(name) + QStringLiteral(".jsonl"), bytes);
        ImportOptions options;
        options.datasetName = QLatin1String(name);
        return DatasetImporter(db()).importFile(path, options).versionId;
    }
    // A log file of {input, output, timestamp?} lines.
    QString writeLog(const QString& name, const std::vector<QString>& inputs,
                     const std::vector<QString>& outputs = {},
                     const std::vector<QString>& times = {}) {
        QByteArray bytes;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            QJsonObject o{{QStringLiteral("input"), inputs[i]},
                          {QStringLiteral("output"),
                           i < outputs.size() ? outputs[i] : QStringLiteral("ok")}};
            if (i < times.size()) o.insert(QStringLiteral("timestamp"), times[i]);
            bytes += jsonLine(o);
        }
        return writeFile(name, bytes);
    }
    void setMeta(const char* key, const QString& value) {
        ASSERT_TRUE(store_.setMeta(QLatin1String(key), value));
    }
};

}  // namespace ts::test
