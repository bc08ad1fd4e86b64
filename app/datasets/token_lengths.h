// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Example lengths in the real tokens of the project's model: what the browser's Tokens column,
// the "too long for the max sequence length" filter and the token histogram read.
//
// A length is the number of ids training makes of the example (its training line through the
// model's chat template, engine TrainingLengthCounter), stored in examples.token_count as a cache.
// The counts belong to one tokenizer: project_meta remembers which (model path and a fingerprint
// of its tokenizer files); when the model changes, the old counts are cleared in one transaction
// before the new ones are written, so the column never mixes two tokenizers.
//
// Which model: the one chosen for the project (setTokenLengthModel), else the base model of the
// most recently saved recipe, else that of the newest run - the model the data will be trained on.
#include "app/datasets/cancellation.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>

namespace ts {

struct TokenLengthModel {
    QString path;         // a model folder, tokenizer file or .gguf; empty = none known
    QString origin;       // why this one, for the UI: "chosen for this project", "recipe 'X'", ...
    bool chosen = false;  // set by the user (not followed from a recipe)
    // The newest recipe's max_seq_len (the "too long" limit to start from); 0 = no recipe says.
    int maxSeqLen = 0;
};

TokenLengthModel tokenLengthModel(QSqlDatabase db);
// Remembers `path` as the project's choice; an empty path goes back to following the recipes.
// Counts are not touched here: the next count notices the different tokenizer and starts over.
void setTokenLengthModel(QSqlDatabase db, const QString& path);

// Identifies the tokenizer a model path loads: sha256 over the tokenizer files of a folder
// (tokenizer.json / tokenizer.model, tokenizer_config.json, chat_template.jinja), over a single
// tokenizer file, or over path, size and modification time of a .gguf (which may be gigabytes).
// Throws ts::Error naming the path when there is nothing to read.
QString tokenizerFingerprint(const QString& modelPath);

struct TokenCountState {
    QString countedWith;   // model path of the stored counts; empty = none yet
    QString fingerprint;   // its tokenizerFingerprint() at the time
    // Examples in the project without a count; -1 = some, not counted (see below).
    qint64 uncounted = 0;
};
// With `countUncounted` false only whether any example lacks a count is read (uncounted is then
// 0 or -1): counting a million index entries takes about 0.3 s, too long for the GUI thread.
TokenCountState tokenCountState(QSqlDatabase db, bool countUncounted = true);

struct TokenCountOptions {
    int threads = 0;  // 0 = one per core, at most 4; each thread loads its own tokenizer
    int batchSize = 2048;  // examples per transaction
    CancelFlag cancel = nullptr;  // checked between batches; what was committed stays
    // (counted so far, total to count); called on the counting thread after each batch.
    std::function<void(qint64 done, qint64 total)> progress;
};

struct TokenCountResult {
    QString modelPath;
    qint64 counted = 0;
    qint64 unreadable = 0;  // examples whose training line could not be tokenized (left empty)
    QString firstProblem;   // "example 12: ..." for the first of those
    bool cleared = false;   // counts of a different tokenizer were removed first
    bool cancelled = false;
};

// Counts every example of the project that has no count yet with the tokenizer of `modelPath`
// (after clearing counts of another tokenizer), in batches of one transaction each. Throws
// ts::Error (naming the file) when the tokenizer cannot be loaded or the project not written.
TokenCountResult countExampleTokens(QSqlDatabase db, const QString& modelPath,
                                    const TokenCountOptions& options = {});

}  // namespace ts
