// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The project's label set (table `labels`): add, rename, reorder and merge. Merging moves every
// annotation of the merged label to the kept one and deletes the merged label, in one
// transaction, so no annotation is ever left pointing at nothing.
#include <QSqlDatabase>
#include <QString>

#include <vector>

namespace ts {

struct LabelInfo {
    qint64 id = 0;
    QString name;
    QString color;  // #RRGGBB
    int position = 0;
};

class LabelSet {
public:
    explicit LabelSet(QSqlDatabase db);

    std::vector<LabelInfo> labels() const;  // display order
    // Adds a label at the end. Throws ts::Error (field labels.name) for an empty or taken name.
    qint64 add(const QString& name, const QString& color = QStringLiteral("#808080"));
    void rename(qint64 labelId, const QString& newName);
    // Every annotation with `fromLabelId` now names `intoLabelId`; `fromLabelId` is deleted.
    // Returns how many annotations moved.
    int merge(qint64 fromLabelId, qint64 intoLabelId);

private:
    QSqlDatabase db_;
};

}  // namespace ts
