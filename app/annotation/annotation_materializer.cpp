// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/annotation/annotation_materializer.h"

#include "app/annotation/annotation_sql.h"
#include "app/annotation/label_set.h"
#include "app/datasets/dataset_repository.h"
#include "engine/core/error.h"

#include <QHash>
#include <QSqlQuery>

#include <exception>

namespace ts {

using annotation_sql::run;
using annotation_sql::Transaction;

namespace {

struct CurrentAnnotations {
    QString verdict;
    bool hasOutput = false;
    QString outputText;
    QString labelName;
    bool hasPreference = false;
    QString chosen, rejected;
};

// The example with the annotations applied, and its own label under the label's current name
// when the label was renamed or merged since; false when nothing changes.
bool applyAnnotations(ExampleRecord& r, const CurrentAnnotations& a,
                      const QHash<QString, QString>& renamedLabels) {
    const ExampleRecord before = r;
    if (a.hasPreference) {
        if (r.kind == ExampleKind::Chat) {
            // The prompt of a preference pair is the conversation before the answer.
            if (!r.messages.isEmpty() && r.messages.back().role == QLatin1String("assistant"))
                r.messages.removeLast();
            r.prompt = r.inputText;
        } else if (r.kind != ExampleKind::Preference) {
            r.prompt = r.kind == ExampleKind::Classification ? r.text : r.inputText;
        }
        r.kind = ExampleKind::Preference;
        r.chosen = a.chosen;
        r.rejected = a.rejected;
        r.completion.clear();
    } else if (a.hasOutput) {
        switch (r.kind) {
        case ExampleKind::Chat:
            if (!r.messages.isEmpty() && r.messages.back().role == QLatin1String("assistant"))
                r.messages.back().content = a.outputText;
            else
                r.messages.append({QStringLiteral("assistant"), a.outputText});
            break;
        case ExampleKind::PromptCompletion: r.completion = a.outputText; break;
        case ExampleKind::Classification: r.label = a.outputText; break;
        case ExampleKind::Preference: r.chosen = a.outputText; break;
        }
    }
    if (!a.labelName.isEmpty())
        r.label = a.labelName;
    else if (const auto it = renamedLabels.constFind(r.label); it != renamedLabels.constEnd())
        r.label = *it;
    r.fillDisplayText();
    return r.contentHash() != before.contentHash() || r.label != before.label;
}

qint64 insertExample(const QSqlDatabase& db, const ExampleRecord& r) {
    const bool pc = r.kind == ExampleKind::PromptCompletion;
    const bool cls = r.kind == ExampleKind::Classification;
    const bool pref = r.kind == ExampleKind::Preference;
    auto orNull = [](const QString& text, bool used) { return used ? QVariant(text) : QVariant(); };
    const QByteArray messages = r.messagesJson();
    QSqlQuery q = run(
        db,
        QStringLiteral("INSERT INTO examples (kind, messages_json, system_prompt, prompt, "
                       "completion, text, label, chosen, rejected, input_text, output_text, "
                       "content_hash, source_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {exampleKindName(r.kind),
         messages.isEmpty() ? QVariant() : QVariant(QString::fromUtf8(messages)),
         orNull(r.systemPrompt, !r.systemPrompt.isEmpty()), orNull(r.prompt, pc || pref),
         orNull(r.completion, pc), orNull(r.text, cls), orNull(r.label, cls || !r.label.isEmpty()),
         orNull(r.chosen, pref), orNull(r.rejected, pref), r.inputText, r.outputText,
         r.contentHash(), QStringLiteral("annotation")},
        "examples");
    return q.lastInsertId().toLongLong();
}

}  // namespace

MaterializeResult createVersionFromAnnotations(QSqlDatabase db, qint64 parentVersionId,
                                               const QString& note) {
    DatasetRepository repo(db);
    const std::vector<VersionMemberRow> members = repo.loadMembers(parentVersionId);

    // Latest current annotation of each kind per member example (ids grow with time).
    QHash<qint64, CurrentAnnotations> annotations;
    {
        QSqlQuery q = run(db,
                          QStringLiteral("SELECT a.example_id, a.kind, a.output_text, l.name, "
                                         "a.chosen, a.rejected FROM annotations a "
                                         "JOIN version_examples ve ON ve.example_id = a.example_id "
                                         "LEFT JOIN labels l ON l.id = a.label_id "
                                         "WHERE ve.version_id = ? AND a.superseded_by IS NULL "
                                         "ORDER BY a.id"),
                          {parentVersionId}, "annotations");
        while (q.next()) {
            CurrentAnnotations& a = annotations[q.value(0).toLongLong()];
            const QString kind = q.value(1).toString();
            if (kind == QLatin1String("output_edit")) {
                a.hasOutput = true;
                a.outputText = q.value(2).toString();
            } else if (kind == QLatin1String("label")) {
                a.labelName = q.value(3).toString();
            } else if (kind == QLatin1String("preference")) {
                a.hasPreference = true;
                a.chosen = q.value(4).toString();
                a.rejected = q.value(5).toString();
            } else if (kind == QLatin1String("accept") || kind == QLatin1String("reject")) {
                a.verdict = kind;
            }
        }
    }

    // Examples carry labels as text: one named by a former label name follows the label.
    const QHash<QString, QString> renamed = LabelSet(db).renamedLabels();

    MaterializeResult result;
    std::vector<VersionMember> newMembers;
    std::vector<qint64> inserted;
    {
        Transaction tx(db, "examples (from annotations)");
        for (const VersionMemberRow& m : members) {
            auto it = annotations.constFind(m.exampleId);
            const bool relabel = !m.label.isEmpty() && renamed.contains(m.label);
            if (it == annotations.constEnd() && !relabel) {
                newMembers.push_back({m.exampleId, m.split});
                ++result.kept;
                continue;
            }
            if (it != annotations.constEnd() && it->verdict == QLatin1String("reject")) {
                ++result.rejected;
                continue;
            }
            ExampleRecord record = repo.loadExample(m.exampleId);
            if (!applyAnnotations(record, it != annotations.constEnd() ? *it : CurrentAnnotations{},
                                  renamed)) {
                newMembers.push_back({m.exampleId, m.split});
                ++result.kept;
                continue;
            }
            const qint64 id = insertExample(db, record);
            inserted.push_back(id);
            newMembers.push_back({id, m.split});
            ++result.changed;
        }
        tx.commit();
    }
    try {
        result.versionId = repo.createDerivedVersion(
            parentVersionId, VersionSource::Annotation,
            note.isEmpty() ? QStringLiteral("from annotations") : note, newMembers);
    } catch (...) {
        // The corrected rows belong to no version yet: remove them so a failure leaves nothing.
        try {
            Transaction tx(db, "examples (undo from annotations)");
            for (qint64 id : inserted)
                run(db, QStringLiteral("DELETE FROM examples WHERE id = ?"), {id}, "examples");
            tx.commit();
        } catch (const std::exception&) {
        }
        throw;
    }
    return result;
}

}  // namespace ts
