// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/training_line.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace ts {

QString trainingLineColumns(const QString& alias) {
    QStringList columns;
    for (const char* name : {"kind", "messages_json", "system_prompt", "prompt", "completion", "text",
                             "label", "chosen", "rejected"})
        columns << alias + QLatin1Char('.') + QLatin1String(name);
    return columns.join(QStringLiteral(", "));
}

QJsonObject trainingLineFrom(const QSqlQuery& q, int firstColumn) {
    auto column = [&](int i) { return q.value(firstColumn + i).toString(); };
    const QString kind = column(0);
    const QString system = column(2);
    auto message = [](const QString& role, const QString& content) {
        return QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("content"), content}};
    };
    QJsonObject line;
    if (kind == QLatin1String("chat")) {
        QJsonArray messages = QJsonDocument::fromJson(column(1).toUtf8()).array();
        const bool systemFirst = !messages.isEmpty() &&
                                 messages.first().toObject().value(QStringLiteral("role")).toString() ==
                                     QLatin1String("system");
        if (!system.isEmpty() && !systemFirst) messages.prepend(message(QStringLiteral("system"), system));
        line.insert(QStringLiteral("messages"), messages);
    } else if (kind == QLatin1String("preference")) {
        line.insert(QStringLiteral("prompt"), column(3));
        line.insert(QStringLiteral("chosen"), column(7));
        line.insert(QStringLiteral("rejected"), column(8));
    } else {
        // prompt_completion, and classification as "text -> label".
        const bool classification = kind == QLatin1String("classification");
        const QString prompt = column(classification ? 5 : 3);
        const QString completion = column(classification ? 6 : 4);
        if (system.isEmpty()) {
            line.insert(QStringLiteral("prompt"), prompt);
            line.insert(QStringLiteral("completion"), completion);
        } else {
            line.insert(QStringLiteral("messages"),
                        QJsonArray{message(QStringLiteral("system"), system),
                                   message(QStringLiteral("user"), prompt),
                                   message(QStringLiteral("assistant"), completion)});
        }
    }
    return line;
}

}  // namespace ts
