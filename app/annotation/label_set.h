// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The project's label set (table `labels`): add, rename, reorder and merge. Annotations name a
// label by id, so a rename shows at once wherever the label is used. Merging moves every
// annotation of the merged label to the kept one and deletes the merged label, in one
// transaction, so no annotation is ever left pointing at nothing. Dataset examples carry their
// label as text (examples are immutable): a rename or merge keeps the old name as an alias of the
// label (table `label_aliases`), so resolve() maps an example's label text to the label it now
// belongs to. What a rename or merge changed is returned so it can be undone exactly.
#include <QHash>
#include <QSqlDatabase>
#include <QString>

#include <optional>
#include <utility>
#include <vector>

namespace ts {

struct LabelInfo {
    qint64 id = 0;
    QString name;
    QString color;  // #RRGGBB
    int position = 0;
};

// Alias rows as they were before a change: name -> label id, or nullopt where there was none.
using AliasSnapshot = std::vector<std::pair<QString, std::optional<qint64>>>;

// What a rename changed.
struct LabelRename {
    qint64 labelId = 0;
    QString oldName, newName;
    AliasSnapshot aliasesBefore;
};

// What a merge changed: the deleted label as it was, the annotation rows that moved and the
// aliases that were redirected.
struct LabelMerge {
    LabelInfo removed;
    qint64 intoLabelId = 0;
    std::vector<qint64> movedAnnotationIds;
    AliasSnapshot aliasesBefore;
};

class LabelSet {
public:
    explicit LabelSet(QSqlDatabase db);

    std::vector<LabelInfo> labels() const;  // display order
    LabelInfo label(qint64 labelId) const;  // throws ts::Error when there is none
    // How many examples carry each label, by label id: labelled so by anyone (current
    // annotations), or with it as their own label in the newest version of their dataset.
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
    // The old name becomes an alias of the label.
    LabelRename rename(qint64 labelId, const QString& newName);
    void unrename(const LabelRename& rename);
    // Every annotation with `fromLabelId` now names `intoLabelId`; `fromLabelId` is deleted and
    // its name (and its aliases) become aliases of `intoLabelId`.
    LabelMerge merge(qint64 fromLabelId, qint64 intoLabelId);
    // Undoes merge(): the label comes back and the moved annotations name it again.
    void unmerge(const LabelMerge& merge);

    // Label text as an example carries it -> the current name of the label it belongs to, for
    // every former name that is not also a current name (those resolve to themselves).
    QHash<QString, QString> renamedLabels() const;

private:
    QSqlDatabase db_;
};

}  // namespace ts
