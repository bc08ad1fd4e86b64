// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Turns a trainer's error into what the run view shows and stores: the error itself, then what
// to change. The trainer's own hint wins; for well-known failures (out of memory, missing
// files, empty data) a hint is supplied here when the trainer gave none.
#include <QString>

namespace ts {

// A hint for `error` when one is known, else empty.
QString hintForTrainingError(const QString& error);

// The runs.error text: "<error>\n<hint>" (the hint line only when there is one).
QString composeRunError(const QString& error, const QString& hint);

// The two parts of a runs.error text again.
struct RunErrorParts {
    QString error;
    QString hint;
};
RunErrorParts splitRunError(const QString& stored);

}  // namespace ts
