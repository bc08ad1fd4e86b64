// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The training line of a stored example: the JSON object the engine's data loaders read
// (engine/train/sft_data.h) - chat messages, prompt/completion, text/label or a preference
// triple. One definition for what a run trains on (run_store's split export) and for the token
// lengths the dataset browser shows (token_lengths), so both measure the same sequence.
#include <QJsonObject>
#include <QString>

class QSqlQuery;

namespace ts {

// The columns trainingLineFrom() reads, in order, for a SELECT over `examples AS <alias>`.
QString trainingLineColumns(const QString& alias = QStringLiteral("e"));
constexpr int kTrainingLineColumnCount = 9;

// Builds the line from the current row of `q`, whose columns from `firstColumn` on are
// trainingLineColumns(). The system prompt is sent once: a chat keeps it as its first message
// (the importer stores it there and apart, for display), other kinds get it as a system turn.
QJsonObject trainingLineFrom(const QSqlQuery& q, int firstColumn);

}  // namespace ts
