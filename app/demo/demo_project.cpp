// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/demo/demo_project.h"

#include "app/datasets/dataset_importer.h"
#include "app/datasets/dataset_split.h"
#include "app/eval/eval_gate.h"
#include "app/eval/eval_suite.h"
#include "app/recipes/recipe_store.h"
#include "app/store/project_store.h"
#include "engine/core/paths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace ts {

QString demoProjectPath() {
    const QString base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return base + QStringLiteral("/demo/support-triage-demo.tsproj");
}

namespace {

// Resources are not files: the importer streams from disk, so copy each one out first.
bool importResource(QSqlDatabase db, const QString& resource, const QString& datasetName,
                    const QString& note, QTemporaryDir& tmp, qint64* versionId, QString* error) {
    const QString file = tmp.filePath(QFileInfo(resource).fileName());
    QFile::remove(file);
    if (!QFile::copy(resource, file)) {
        *error = QStringLiteral("cannot read the demo data %1").arg(resource);
        return false;
    }
    ImportOptions options;
    options.datasetName = datasetName;
    options.note = note;
    DatasetImporter importer(db);
    auto result = importer.importFile(file, options);
    if (result.versionId == 0) {
        *error = QStringLiteral("importing the demo data %1 failed").arg(resource);
        return false;
    }
    if (versionId) *versionId = result.versionId;
    return true;
}

}  // namespace

QString ensureDemoProject(QString* error) {
    const QString path = demoProjectPath();
    if (QFileInfo::exists(path)) return path;
    QDir().mkpath(QFileInfo(path).absolutePath());
    QTemporaryDir tmp;
    ProjectStore store;
    auto opened = store.open(path, OpenMode::CreateNew);
    if (!opened.ok) {
        *error = opened.error;
        return {};
    }
    bool ok = true;
    try {
        store.setMeta(QStringLiteral("name"), QStringLiteral("Support triage (demo)"));
        qint64 ticketsVersion = 0, generalVersion = 0;
        ok = importResource(store.database(), QStringLiteral(":/demo/support_tickets.jsonl"),
                            QStringLiteral("Support tickets"),
                            QStringLiteral("Demo data: tickets with edge cases and planted duplicates"),
                            tmp, &ticketsVersion, error) &&
             importResource(store.database(), QStringLiteral(":/demo/general_capability.jsonl"),
                            QStringLiteral("General capability"),
                            QStringLiteral("Questions the base model must keep answering"), tmp,
                            &generalVersion, error);
        if (ok) {
            // The held-out set and the go/no-go gates exist before the first run: a 10% eval
            // split per category (every deliberate edge case in it), a triage suite on it, and a
            // suite that catches a regression of general capability against the base model.
            DatasetRepository repo(store.database());
            repo.setGeneralCapabilitySet(repo.version(generalVersion).datasetId, true);
            SplitParams split;
            split.evalFraction = 0.1;
            const qint64 splitVersion = createSplitVersion(repo, ticketsVersion, split);
            ticketsVersion = splitVersion;
            EvalSuiteRepository suites(store.database());
            EvalSuite triage;
            triage.name = QStringLiteral("Triage (held-out)");
            triage.datasetVersionId = splitVersion;
            triage.split = QStringLiteral("eval");
            triage.metricsJson = QStringLiteral(
                R"(["json_valid", {"name": "accuracy", "label_field": "category"}, "exact_match", "avg_output_tokens"])");
            triage.thresholdsJson = QStringLiteral(R"({"json_valid": 0.97, "accuracy": 0.9})");
            suites.save(triage);
            EvalSuite general;
            general.name = QStringLiteral("General capability");
            general.datasetVersionId = generalVersion;
            general.split = QStringLiteral("all");
            general.metricsJson = QStringLiteral(R"(["token_f1", "exact_match"])");
            general.thresholdsJson = QStringLiteral(R"({"token_f1": {"max_regression": 2}})");
            suites.save(general);

            QFile preset(QStringLiteral(":/recipes/cpu-tiny-demo.json"));
            if (preset.open(QIODevice::ReadOnly)) {
                auto recipe = QJsonDocument::fromJson(preset.readAll()).object();
                recipe.insert(QStringLiteral("base_model"), QString::fromStdString(demoModelPath()));
                recipe.insert(QStringLiteral("dataset_version"), QString::number(ticketsVersion));
                // Runs of the demo recipe are judged by both suites, fixed when each run starts.
                recipe = withGateSuiteNames(recipe, {triage.name, general.name});
                saveRecipe(store.database(), QStringLiteral("CPU demo"), recipe);
            }
        }
    } catch (const std::exception& e) {
        *error = QString::fromUtf8(e.what());
        ok = false;
    }
    store.close();
    if (!ok) {
        // A half-made demo would be opened as-is next time: remove it and say why.
        QFile::remove(path);
        QFile::remove(path + QStringLiteral("-wal"));
        QFile::remove(path + QStringLiteral("-shm"));
        return {};
    }
    return path;
}

}  // namespace ts
