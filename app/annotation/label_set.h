// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The project's label set (table `labels`): add, rename, reorder and merge. Annotations name a
// label by id, so a rename shows at once wherever the label is used. Merging moves every
// annotation of the merged label to the kept one and deletes the merged label, in one
// transaction, so no annotation is ever left pointing at nothing; what it did is returned so the
// merge can be undone exactly (unmerge).
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

// What a merge changed: the deleted label as it was and the annotation rows that moved.
struct LabelMerge {
    LabelInfo removed;
    qint64 intoLabelId = 0;
    std::vector<qint64> movedAnnotationIds;
};

class LabelSet {
public:
    explicit LabelSet(QSqlDatabase db);

    std::vector<LabelInfo> labels() const;  // display order
    LabelInfo label(qint64 labelId) const;  // throws ts::Error when there is none
    // How many examples carry each label as a current annotation (any annotator), by label id.
    std::vector<std::pair<qint64, int>> exampleCounts() const;

    // Throws ts::Error (field labels.name) for an empty name or one another label has.
    void checkName(const QString& name, qint64 exceptLabelId = 0) const;
    // Adds a label at the end. Throws ts::Error (field labels.name) for an empty or taken name.
    qint64 add(const QString& name, const QString& color = QStringLiteral("#808080"));
    // Puts back a label exactly as it was (same id, name, colour and position): undo of a
    // removal or a merge.
    void restore(const LabelInfo& label);
    // Deletes a label no annotation uses (undo of add). Throws ts::Error when one does.
    void remove(qint64 labelId);
    void rename(qint64 labelId, const QString& newName);
    // Every annotation with `fromLabelId` now names `intoLabelId`; `fromLabelId` is deleted.
    LabelMerge merge(qint64 fromLabelId, qint64 intoLabelId);
    // Undoes merge(): the label comes back and the moved annotations name it again.
    void unmerge(const LabelMerge& merge);

private:
    QSqlDatabase db_;
};

}  // namespace ts
