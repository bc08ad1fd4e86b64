// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Two candidate answers for a preference pair, generated on demand by the project's current
// model (and adapter) off the GUI thread, through the shared answer sampler (the Playground's
// path). Nothing is written here: the result comes back as a signal and the annotation session
// stores it as one undoable step, so a cancelled or killed generation leaves nothing behind.
#include "app/annotation/annotation_commands.h"
#include "engine/core/device.h"
#include "engine/model/generation_params.h"

#include <QFutureWatcher>
#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

namespace ts {

// The model that answers for the project now.
struct GenerationModel {
    QString modelPath;
    QString adapterFolder;  // empty: the base model alone
    QString adapterName;
    qint64 adapterVersionId = 0;
    QString describe() const;  // "tiny-llama + support-v2 (production)"
};

// The production adapter on its base model; without one, the base model of the newest adapter
// version, run or recipe (no adapter). Throws ts::Error (field "model") when the project names
// no model at all.
GenerationModel projectGenerationModel(const QSqlDatabase& db);

struct CandidateSettings {
    GenerationParams generation = [] {
        GenerationParams p;
        p.temperature = 0.9;  // two samples must differ: no greedy decoding here
        p.topP = 0.95;
        p.maxNewTokens = 256;
        return p;
    }();
    // 0: a new random seed each time (a second try gives other answers). Answer i uses seed + i.
    std::uint64_t seed = 0;
};

struct CandidateResult {
    qint64 exampleId = 0;
    CandidatePair pair;  // id 0: not stored yet
    double seconds = 0;
};

class CandidateGenerator : public QObject {
    Q_OBJECT
public:
    explicit CandidateGenerator(QObject* parent = nullptr);
    ~CandidateGenerator() override;  // cancels and waits for the worker

    CandidateSettings& settings() { return settings_; }
    DeviceKind device = DeviceKind::Cpu;

    // Starts generating two answers to the example's prompt with `model`; false (and nothing
    // starts) while a generation is running. Reads the example on the calling thread.
    bool start(const QSqlDatabase& db, qint64 exampleId, const GenerationModel& model);
    void cancel();
    bool isRunning() const { return running_; }
    qint64 exampleId() const { return exampleId_; }

signals:
    void progress(int done, int total);  // answers finished
    void finished(const ts::CandidateResult& result);
    void cancelled(qint64 exampleId);
    void failed(qint64 exampleId, const QString& message);

private:
    struct Outcome;
    CandidateSettings settings_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    QFutureWatcher<std::shared_ptr<Outcome>>* watcher_ = nullptr;
    bool running_ = false;
    qint64 exampleId_ = 0;
};

}  // namespace ts
