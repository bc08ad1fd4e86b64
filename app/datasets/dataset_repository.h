// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reading datasets and their versions from a project, and writing derived versions (curation,
// splits). Versions are immutable: every change makes a new version whose parent is the one it
// came from; examples are never edited or removed in place.
//
// Works on one QSqlDatabase connection and must be used on the thread that owns it. Errors are
// ts::Error naming the project file and the table/field.
#include "app/datasets/cancellation.h"
#include "app/datasets/example_record.h"

#include <QSqlDatabase>
#include <QString>

#include <optional>
#include <vector>

namespace ts {

enum class Split { Train, Eval, General, Unassigned };
QString splitName(Split split);  // train, eval, general, unassigned (as stored)
std::optional<Split> splitFromName(const QString& name);

enum class VersionSource { Import, Curation, Annotation, Production, Split };
QString versionSourceName(VersionSource source);

struct DatasetInfo {
    qint64 id = 0;
    QString name;
    QString description;
    int versionCount = 0;
    qint64 latestVersionId = 0;  // 0 when the dataset has no version yet
    // The project's general-capability set (datasets.kind): prompts the base model already
    // answers well, evaluated to catch forgetting; evaluation suites on it judge regression
    // against the base model (eval_gate), and it is never trained on.
    bool generalCapability = false;
};

struct DatasetVersionInfo {
    qint64 id = 0;
    qint64 datasetId = 0;
    QString datasetName;
    int versionNumber = 0;
    qint64 parentVersionId = 0;  // 0 = none
    QString contentHash;
    qint64 exampleCount = 0;
    QString source;
    QString note;
    QString frozenAt;  // empty = not frozen
    QString created;
    bool isFrozen() const { return !frozenAt.isEmpty(); }
};

// The fields curation, splits and statistics need, for one member of a version.
struct VersionMemberRow {
    qint64 exampleId = 0;
    qint64 position = 0;
    Split split = Split::Unassigned;
    ExampleKind kind = ExampleKind::Chat;
    QString inputText, outputText, label;
    QString contentHash;
    int tokenCount = -1;  // -1 = not counted
    bool edgeCase = false;
    bool generalCapability = false;
};

struct VersionMember {
    qint64 exampleId = 0;
    Split split = Split::Unassigned;
};

// sha256 over the ordered example content hashes: the identity of a version's content.
class VersionHasher {
public:
    VersionHasher();
    ~VersionHasher();
    void addExampleHash(const QString& exampleContentHash);
    QString hexResult();

private:
    struct Impl;
    Impl* impl_;
};

enum class ExampleFlag { EdgeCase, GeneralCapability, NeedsReview, FromProduction };
QString exampleFlagName(ExampleFlag flag);

class DatasetRepository {
public:
    explicit DatasetRepository(QSqlDatabase db);

    QList<DatasetInfo> datasets() const;
    std::optional<DatasetInfo> datasetByName(const QString& name) const;
    std::optional<DatasetInfo> dataset(qint64 datasetId) const;
    QList<DatasetVersionInfo> versions(qint64 datasetId) const;  // oldest first
    // Marks or unmarks a dataset as a general-capability set; throws when it does not exist.
    void setGeneralCapabilitySet(qint64 datasetId, bool on);
    DatasetVersionInfo version(qint64 versionId) const;           // throws when absent

    // Members in position order, with flags. Throws OperationCancelled when `cancel` is set.
    std::vector<VersionMemberRow> loadMembers(qint64 versionId, CancelFlag cancel = nullptr) const;
    // The full record of one example (for export and the detail pane).
    ExampleRecord loadExample(qint64 exampleId) const;

    // A new version of the parent's dataset holding `members` in this order (positions 0..n-1),
    // written in one transaction. Returns its id. When `cancel` is set before the commit, rolls
    // back and throws OperationCancelled: no version is written.
    qint64 createDerivedVersion(qint64 parentVersionId, VersionSource source, const QString& note,
                                const std::vector<VersionMember>& members,
                                CancelFlag cancel = nullptr);

    void setFlag(qint64 exampleId, ExampleFlag flag, bool on, const QString& setBy = {});
    // Marks a version as used by a run (normally the store's trigger on runs does this).
    void freezeVersion(qint64 versionId);

    QSqlDatabase database() const { return db_; }
    // Throws a ts::Error naming the project file, `what` and the driver's message.
    [[noreturn]] void fail(const QString& what, const QString& driverMessage) const;

private:
    QSqlDatabase db_;
};

// Runs `body` inside a transaction on `db`; rolls back and rethrows on any exception.
template <typename Body>
void inTransaction(QSqlDatabase& db, const DatasetRepository& repo, Body&& body);

}  // namespace ts

#include <QSqlError>

namespace ts {
template <typename Body>
void inTransaction(QSqlDatabase& db, const DatasetRepository& repo, Body&& body) {
    if (!db.transaction()) repo.fail(QStringLiteral("cannot begin a transaction"),
                                     db.lastError().text());
    try {
        body();
    } catch (...) {
        db.rollback();
        throw;
    }
    if (!db.commit()) {
        const QString why = db.lastError().text();
        db.rollback();
        repo.fail(QStringLiteral("cannot commit"), why);
    }
}
}  // namespace ts
