// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Small projects for the annotation tests: datasets imported through the real importer from
// JSONL written to a temporary folder (chat, classification and preference examples).
#include "app/datasets/dataset_importer.h"

#include <QDir>
#include <QFile>
#include <QString>
#include <QStringList>

namespace ts::test {

// Imports `lines` (one JSON object each) as dataset `name`; returns the new version's id.
inline qint64 importJsonl(const QSqlDatabase& db, const QString& folder, const QString& name,
                          const QStringList& lines) {
    const QString path = QDir(folder).filePath(name + QStringLiteral(".jsonl"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) return 0;
    file.write(lines.join(QLatin1Char('\n')).toUtf8() + "\n");
    file.close();
    ImportOptions options;
    options.datasetName = name;
    return DatasetImporter(db).importFile(path, options).versionId;
}

// n chat examples: "Question k?" -> "Answer k."
inline QStringList chatLines(int n) {
    QStringList lines;
    for (int k = 1; k <= n; ++k)
        lines << QStringLiteral(R"({"messages": [{"role": "user", "content": "Question %1?"}, )"
                                R"({"role": "assistant", "content": "Answer %1."}]})")
                     .arg(k);
    return lines;
}

inline QStringList preferenceLines(int n) {
    QStringList lines;
    for (int k = 1; k <= n; ++k)
        lines << QStringLiteral(R"({"prompt": "Explain %1", "chosen": "Good answer %1", )"
                                R"("rejected": "Bad answer %1"})")
                     .arg(k);
    return lines;
}

}  // namespace ts::test
