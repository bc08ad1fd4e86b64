// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/adapters/adapter_registry.h"
#include "app/store/project_store.h"
#include "engine/core/error.h"
#include "store_test_support.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace ts;

namespace {

class AdapterRegistryTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(dir_.isValid());
        const auto result = store_.open(dir_.filePath(QStringLiteral("p.tsproj")), OpenMode::CreateNew);
        ASSERT_TRUE(result.ok) << result.error.toStdString();
        exec("INSERT INTO datasets (id, name) VALUES (1, 'tickets')");
        exec("INSERT INTO dataset_versions (id, dataset_id, version_number, content_hash, source) "
             "VALUES (7, 1, 1, 'h', 'import')");
        exec("INSERT INTO runs (id, name, recipe_snapshot, dataset_version_id, base_model) "
             "VALUES (3, 'run-a', '{\"lora_rank\": 8}', 7, 'models/base')");
    }
    void exec(const char* sql) {
        QSqlQuery q(store_.database());
        ASSERT_TRUE(q.exec(QString::fromUtf8(sql))) << sql;
    }
    // An adapter folder whose weights file holds `content`.
    QString makeAdapter(const QString& name, const QByteArray& content) {
        QDir(dir_.path()).mkpath(name);
        const QString folder = dir_.filePath(name);
        QFile f(AdapterRegistry::adapterWeightsFile(folder));
        EXPECT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(content);
        return folder;
    }
    qint64 add(AdapterRegistry& registry, const QString& name) {
        AdapterRegistration r;
        r.name = name;
        r.folder = makeAdapter(name, name.toUtf8());
        r.runId = 3;
        return registry.registerVersion(r);
    }
    QTemporaryDir dir_;
    ProjectStore store_;
};

TEST_F(AdapterRegistryTest, RegisterKeepsLineageAndHash) {
    AdapterRegistry registry(store_.database());
    AdapterRegistration r;
    r.name = QStringLiteral("v1");
    r.folder = makeAdapter(QStringLiteral("v1"), QByteArray("weights-v1"));
    r.runId = 3;
    const qint64 id = registry.registerVersion(r);
    const auto v = registry.version(id);
    EXPECT_EQ(v.stage, AdapterStage::Candidate);
    EXPECT_EQ(v.runId, 3);
    EXPECT_EQ(v.datasetVersionId, 7);  // from the run
    EXPECT_EQ(v.baseModel, QStringLiteral("models/base"));
    EXPECT_EQ(v.recipeSnapshot, QStringLiteral("{\"lora_rank\": 8}"));
    EXPECT_EQ(v.sha256, QString::fromLatin1(
                            QCryptographicHash::hash("weights-v1", QCryptographicHash::Sha256).toHex()));
    ASSERT_EQ(registry.history(id).size(), 1);
    EXPECT_FALSE(registry.history(id)[0].from.has_value());
    EXPECT_TRUE(registry.verifyFile(id));

    AdapterRegistration child = r;
    child.name = QStringLiteral("v2");
    child.folder = makeAdapter(QStringLiteral("v2"), QByteArray("weights-v2"));
    child.parentVersionId = id;
    const qint64 childId = registry.registerVersion(child);
    EXPECT_EQ(registry.version(childId).parentVersionId, id);
    EXPECT_EQ(registry.versions().first().id, childId);  // newest first
    EXPECT_EQ(registry.versionByName(QStringLiteral("v2"))->id, childId);

    // Replacing the file on disk is detected.
    QFile f(AdapterRegistry::adapterWeightsFile(r.folder));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("tampered");
    f.close();
    EXPECT_FALSE(registry.verifyFile(id));
}

TEST_F(AdapterRegistryTest, BadRegistrationsAreErrors) {
    AdapterRegistry registry(store_.database());
    AdapterRegistration r;
    r.name = QStringLiteral("missing");
    r.folder = dir_.filePath(QStringLiteral("nowhere"));
    r.baseModel = QStringLiteral("m");
    try {
        registry.registerVersion(r);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(e.file().find("adapter_model.safetensors"), std::string::npos);
    }
    r.folder = makeAdapter(QStringLiteral("x"), "x");
    r.runId = 99;
    EXPECT_THROW(registry.registerVersion(r), Error);  // no such run
    r.runId = 0;
    r.name = QStringLiteral("  ");
    EXPECT_THROW(registry.registerVersion(r), Error);
    EXPECT_TRUE(registry.versions().isEmpty());
}

TEST_F(AdapterRegistryTest, PromoteDemotesOldProductionAndRollbackRestoresIt) {
    AdapterRegistry registry(store_.database());
    const qint64 a = add(registry, QStringLiteral("a"));
    const qint64 b = add(registry, QStringLiteral("b"));
    EXPECT_FALSE(registry.production());
    EXPECT_THROW(registry.rollback(), Error);  // nothing in production

    registry.promote(a);
    EXPECT_EQ(registry.production()->id, a);
    EXPECT_THROW(registry.rollback(), Error);  // no earlier production

    registry.promote(b, QStringLiteral("better accuracy"));
    EXPECT_EQ(registry.production()->id, b);
    EXPECT_EQ(registry.version(a).stage, AdapterStage::Archived);
    const auto historyA = registry.history(a);
    ASSERT_EQ(historyA.size(), 3);  // registered, promoted, archived
    EXPECT_EQ(historyA[2].from, AdapterStage::Production);
    EXPECT_EQ(historyA[2].to, AdapterStage::Archived);

    EXPECT_EQ(registry.rollback(QStringLiteral("regression in production")), a);
    EXPECT_EQ(registry.production()->id, a);
    EXPECT_EQ(registry.version(b).stage, AdapterStage::Candidate);
    const auto historyB = registry.history(b);
    EXPECT_EQ(historyB.last().reason, QStringLiteral("regression in production"));
    EXPECT_EQ(historyB.last().to, AdapterStage::Candidate);

    // Exactly one production row at every point: the database agrees.
    QSqlQuery q(store_.database());
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT count(*) FROM adapter_versions WHERE stage = 'production'")));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toInt(), 1);

    registry.promote(a);  // already production: nothing recorded
    EXPECT_EQ(registry.history(a).size(), 4);
    registry.archive(b);
    EXPECT_EQ(registry.version(b).stage, AdapterStage::Archived);
    EXPECT_THROW(registry.version(12345), Error);
}

TEST_F(AdapterRegistryTest, FailedPromotionLeavesStagesUnchanged) {
    AdapterRegistry registry(store_.database());
    const qint64 a = add(registry, QStringLiteral("a"));
    const qint64 b = add(registry, QStringLiteral("b"));
    registry.promote(a);
    // A trigger that rejects the second half of the promotion: the demotion must roll back too.
    exec("CREATE TEMP TRIGGER block BEFORE UPDATE OF stage ON adapter_versions "
         "WHEN NEW.stage = 'production' BEGIN SELECT RAISE(ABORT, 'blocked'); END");
    EXPECT_THROW(registry.promote(b), Error);
    EXPECT_EQ(registry.production()->id, a);
    EXPECT_EQ(registry.version(b).stage, AdapterStage::Candidate);
    EXPECT_EQ(registry.history(a).size(), 2);
}

}  // namespace
