// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/annotation/candidate_generator.h"

#include "app/adapters/adapter_registry.h"
#include "app/annotation/annotation_sql.h"
#include "app/datasets/dataset_repository.h"
#include "app/eval/answer_sampler.h"
#include "engine/core/error.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

namespace ts {

using annotation_sql::scalar;

QString GenerationModel::describe() const {
    const QString base = QFileInfo(modelPath).fileName().isEmpty() ? modelPath
                                                                   : QFileInfo(modelPath).fileName();
    return adapterName.isEmpty() ? base : QStringLiteral("%1 + %2").arg(base, adapterName);
}

GenerationModel projectGenerationModel(const QSqlDatabase& db) {
    GenerationModel model;
    AdapterRegistry registry(db);
    if (const auto production = registry.production()) {
        model.modelPath = production->baseModel;
        model.adapterFolder = production->path;
        model.adapterName = production->name;
        model.adapterVersionId = production->id;
        return model;
    }
    // No adapter in production: the base model the project works with, newest first.
    const QList<AdapterVersion> versions = registry.versions();
    if (!versions.isEmpty()) model.modelPath = versions.first().baseModel;
    if (model.modelPath.isEmpty())
        model.modelPath = scalar(db, QStringLiteral("SELECT base_model FROM runs WHERE base_model <> '' "
                                                    "ORDER BY id DESC LIMIT 1"),
                                 {}, "runs.base_model")
                              .toString();
    if (model.modelPath.isEmpty())
        model.modelPath =
            scalar(db, QStringLiteral("SELECT json_extract(recipe_json, '$.base_model') FROM recipes "
                                      "WHERE coalesce(json_extract(recipe_json, '$.base_model'), '') <> '' "
                                      "ORDER BY updated DESC, id DESC LIMIT 1"),
                   {}, "recipes.base_model")
                .toString();
    if (model.modelPath.isEmpty())
        throw Error("no model is configured: set a base model in a recipe (or train a run) first",
                    db.databaseName().toStdString(), "model");
    return model;
}

struct CandidateGenerator::Outcome {
    AnswerSamples samples;
    QString error;
};

CandidateGenerator::CandidateGenerator(QObject* parent) : QObject(parent) {}

CandidateGenerator::~CandidateGenerator() {
    if (cancel_) cancel_->store(true);
    // The worker posts progress to this object: it must be done before the object goes.
    if (watcher_) watcher_->waitForFinished();
}

void CandidateGenerator::cancel() {
    if (cancel_) cancel_->store(true);
}

bool CandidateGenerator::start(const QSqlDatabase& db, qint64 exampleId, const GenerationModel& model) {
    if (running_) return false;
    const ExampleRecord record = DatasetRepository(db).loadExample(exampleId);
    AnswerRequest request;
    request.modelPath = model.modelPath.toStdString();
    request.adapterFolder = model.adapterFolder.toStdString();
    request.messages = promptMessages(record);
    request.generation = settings_.generation;
    request.generation.seed = settings_.seed != 0 ? settings_.seed : QRandomGenerator::global()->generate64();
    request.count = 2;
    request.device = device;

    // What produced the pair, stored with it so the answers can be traced and reproduced.
    QJsonObject generator{
        {QStringLiteral("model"), model.modelPath},
        {QStringLiteral("adapter"), model.adapterFolder},
        {QStringLiteral("adapter_version_id"), model.adapterVersionId},
        {QStringLiteral("seeds"), QJsonArray{QString::number(request.generation.seed),
                                             QString::number(request.generation.seed + 1)}},
        {QStringLiteral("temperature"), request.generation.temperature},
        {QStringLiteral("top_p"), request.generation.topP},
        {QStringLiteral("max_new_tokens"), request.generation.maxNewTokens},
    };
    const QString generatorJson =
        QString::fromUtf8(QJsonDocument(generator).toJson(QJsonDocument::Compact));
    const QString description = model.describe();

    exampleId_ = exampleId;
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    running_ = true;
    delete watcher_;
    watcher_ = new QFutureWatcher<std::shared_ptr<Outcome>>(this);
    connect(watcher_, &QFutureWatcher<std::shared_ptr<Outcome>>::finished, this,
            [this, exampleId, generatorJson, description] {
                const std::shared_ptr<Outcome> outcome = watcher_->result();
                running_ = false;
                if (!outcome->error.isEmpty()) {
                    emit failed(exampleId, outcome->error);
                } else if (outcome->samples.stopped || outcome->samples.texts.size() < 2 ||
                           cancel_->load()) {
                    emit cancelled(exampleId);
                } else {
                    CandidateResult result;
                    result.exampleId = exampleId;
                    result.pair.first = QString::fromStdString(outcome->samples.texts[0]);
                    result.pair.second = QString::fromStdString(outcome->samples.texts[1]);
                    result.pair.model = description;
                    result.pair.generatorJson = generatorJson;
                    result.seconds = outcome->samples.seconds;
                    emit finished(result);
                }
            });
    watcher_->setFuture(QtConcurrent::run([this, request, cancel = cancel_] {
        auto outcome = std::make_shared<Outcome>();
        try {
            outcome->samples = sampleAnswers(
                request,
                [this](int done, int total) {
                    // Queued to the owner's thread; the destructor waits for this worker.
                    QMetaObject::invokeMethod(this, [this, done, total] { emit progress(done, total); },
                                              Qt::QueuedConnection);
                    return true;
                },
                cancel.get());
        } catch (const std::exception& e) {
            outcome->error = QString::fromUtf8(e.what());
        }
        return outcome;
    }));
    return true;
}

}  // namespace ts
