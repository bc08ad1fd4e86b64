// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The registry of trained adapters in a project: each version keeps its lineage (run, recipe
// snapshot, dataset version, parent version) and the sha256 of its adapter_model.safetensors, and
// moves through the stages candidate -> production -> archived. At most one version is in
// production (the store enforces it with a unique index); promote() and rollback() change the two
// affected rows and record both changes in adapter_stage_history in one transaction, so a crash
// never leaves zero or two production adapters.
//
// Works on one QSqlDatabase connection, on the thread that owns it. Errors are ts::Error naming
// the project file and the table/field.
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace ts {

enum class AdapterStage { Candidate, Production, Archived };
QString adapterStageName(AdapterStage stage);  // candidate, production, archived (as stored)
std::optional<AdapterStage> adapterStageFromName(const QString& name);

struct AdapterVersion {
    qint64 id = 0;
    qint64 runId = 0;             // 0 = not from a run of this project (imported)
    qint64 parentVersionId = 0;   // 0 = trained from the base model
    qint64 datasetVersionId = 0;  // 0 = unknown
    QString name;
    AdapterStage stage = AdapterStage::Candidate;
    QString path;    // the adapter folder (adapter_config.json + adapter_model.safetensors)
    QString sha256;  // of adapter_model.safetensors
    QString baseModel;
    QString recipeSnapshot;  // JSON text, empty when unknown
    QString created;
    QString notes;
};

struct StageChange {
    qint64 versionId = 0;
    std::optional<AdapterStage> from;  // nullopt: registration
    AdapterStage to = AdapterStage::Candidate;
    QString changedAt;
    QString reason;
};

struct AdapterRegistration {
    QString name;
    QString folder;  // must contain adapter_model.safetensors
    QString baseModel;
    qint64 runId = 0;
    qint64 parentVersionId = 0;
    qint64 datasetVersionId = 0;
    QString recipeSnapshot;  // JSON text or empty
    QString notes;
};

class AdapterRegistry {
public:
    explicit AdapterRegistry(QSqlDatabase db);

    // Hashes <folder>/adapter_model.safetensors and inserts a candidate. When runId is given and
    // recipe snapshot / dataset version / base model are empty, they are taken from the run.
    qint64 registerVersion(const AdapterRegistration& registration);

    QList<AdapterVersion> versions() const;  // newest first
    AdapterVersion version(qint64 id) const;  // throws when absent
    std::optional<AdapterVersion> versionByName(const QString& name) const;  // newest of that name
    std::optional<AdapterVersion> production() const;
    QList<StageChange> history(qint64 versionId) const;  // oldest first

    // Makes `id` the production adapter; the previous one (if any) is archived in the same
    // transaction. Promoting the production version again is a no-op.
    void promote(qint64 id, const QString& reason = {});
    // Undoes the last promotion in one action: the current production version goes back to
    // candidate and the version that was production before it (per the history) is production
    // again. Returns that version's id. Throws when nothing is in production or there was no
    // earlier production version.
    qint64 rollback(const QString& reason = {});
    void archive(qint64 id, const QString& reason = {});

    // Whether the file on disk still has the registered hash (detects a replaced adapter).
    bool verifyFile(qint64 id) const;

    // sha256 hex of a file; throws ts::Error naming it when it cannot be read.
    static QString sha256OfFile(const QString& path);
    static QString adapterWeightsFile(const QString& folder);  // folder/adapter_model.safetensors

private:
    void setStage(qint64 id, AdapterStage from, AdapterStage to, const QString& reason);
    [[noreturn]] void fail(const QString& what, const QString& driverMessage) const;
    QSqlDatabase db_;
};

}  // namespace ts
