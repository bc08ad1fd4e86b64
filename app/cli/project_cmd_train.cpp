// SPDX-License-Identifier: GPL-3.0-or-later
// `tuning-studio-cli run --project P.tsproj --recipe NAME`: trains a recipe saved in a project
// headless, through the same run queue as the GUI (same run rows, same per-step metrics, same
// run folder), so a run made on a server opens in the GUI with its charts. `--resume RUN_ID`
// continues an interrupted run from its last checkpoint. Ctrl+C cancels at the next step.
#include "cli_command.h"

#include "app/eval/eval_gate.h"
#include "app/recipes/recipe_store.h"
#include "app/runs/run_errors.h"
#include "app/runs/run_service.h"
#include "app/store/project_store.h"
#include "engine/core/error.h"

#include <QCoreApplication>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>

namespace {

std::atomic<bool> interruptRequested{false};
extern "C" void onInterrupt(int) { interruptRequested = true; }

void printUsage() {
    std::cout << "usage: tuning-studio-cli run --project P.tsproj (--recipe NAME | --resume RUN_ID)\n"
                 "  Trains a recipe saved in the project (Recipes page) on the dataset version\n"
                 "  and base model it names. Metrics go to the project, the adapter and\n"
                 "  checkpoints to <project>.runs/run-<id>/. Exit status 0 when the run completes.\n";
}

// What the run will be judged by (fixed now), or why nothing is.
void printGate(const ts::ProjectStore& store, qint64 runId, const QString& recipeName) {
    const auto run = ts::loadRun(store.database(), runId);
    const auto snapshot = run ? ts::gateSnapshotOf(run->recipeSnapshot) : std::nullopt;
    if (snapshot) {
        for (const ts::GateSuiteSnapshot& suite : snapshot->suites)
            std::cout << "run " << runId << ": go/no-go gate '" << suite.suiteName.toStdString() << "': "
                      << ts::thresholdsSummary(suite.thresholdsJson, suite.suiteName).toStdString()
                      << " (fixed now)\n";
    } else {
        std::cerr << "note: recipe '" << recipeName.toStdString()
                  << "' names no go/no-go gate suites (ui.gate.suites); its adapter will be judged by the "
                     "suites' thresholds at evaluation time\n";
    }
    if (const auto saved = ts::loadSavedRecipe(store.database(), recipeName))
        if (const auto legacy = ts::legacyThresholdsOf(saved->json))
            std::cerr << "note: recipe '" << recipeName.toStdString() << "' carries old-style thresholds ("
                      << ts::describeLegacyThresholds(*legacy).toStdString()
                      << ") that no verdict uses; move them into its gate suites in the recipe editor\n";
}

int runProjectTrain(const std::vector<std::string>& argv) {
    ts::cli::Args args(argv, {"help"});
    args.allowOnly({"project", "recipe", "resume", "help"});
    if (args.has("help")) {
        printUsage();
        return 0;
    }
    const std::string projectPath = args.require("project");
    if (args.has("recipe") == args.has("resume"))
        throw ts::Error("give exactly one of --recipe NAME and --resume RUN_ID", "", "--recipe");

    // Qt's SQL driver and the engine thread's queued signals need an application object.
    static int qtArgc = 1;
    static char qtName[] = "tuning-studio-cli";
    static char* qtArgv[] = {qtName, nullptr};
    std::unique_ptr<QCoreApplication> ownApp;
    if (!QCoreApplication::instance())
        ownApp = std::make_unique<QCoreApplication>(qtArgc, qtArgv);

    ts::ProjectStore store;
    const ts::OpenResult opened =
        store.open(QString::fromStdString(projectPath), ts::OpenMode::OpenExisting);
    if (!opened.ok) throw ts::Error(opened.error.toStdString(), projectPath);

    int exitCode = 1;
    {
        ts::RunService service(store);
        qint64 runId = 0;
        if (args.has("recipe")) {
            const QString recipeName = QString::fromStdString(args.require("recipe"));
            runId = service.createRunFromSavedRecipe(recipeName);
            std::cout << "run " << runId << ": queued, files in "
                      << service.outputDirFor(runId).toStdString() << "\n";
            printGate(store, runId, recipeName);
            service.enqueue(runId);
        } else {
            runId = args.getInt("resume", 0);
            const auto run = ts::loadRun(store.database(), runId);
            if (!run) throw ts::Error("there is no run " + std::to_string(runId), projectPath, "--resume");
            service.resume(runId);
            if (!service.queuedRunIds().contains(runId) && service.activeRunId() != runId)
                throw ts::Error("run " + std::to_string(runId) + " is " +
                                    ts::runStatusName(run->status).toStdString() +
                                    ": only an interrupted run, or a failed or cancelled one with "
                                    "a checkpoint, can be resumed",
                                projectPath, "--resume");
            std::cout << "run " << runId << ": resuming from its last checkpoint\n";
        }

        QObject::connect(&service, &ts::RunService::progress,
                         [](qint64 id, qint64 step, qint64 total) {
                             std::cout << "run " << id << ": step " << step << "/" << total << "\n";
                         });
        QObject::connect(&service, &ts::RunService::logLines, [](qint64 id, const QStringList& lines) {
            for (const QString& line : lines) std::cout << "run " << id << ": " << line.toStdString() << "\n";
        });
        QObject::connect(&service, &ts::RunService::storeError, [](const QString& message) {
            std::cerr << "tuning-studio-cli run: " << message.toStdString() << "\n";
        });
        QObject::connect(&service, &ts::RunService::idle, QCoreApplication::instance(),
                         &QCoreApplication::quit, Qt::QueuedConnection);

        std::signal(SIGINT, onInterrupt);
        QTimer interruptPoll;
        QObject::connect(&interruptPoll, &QTimer::timeout, [&] {
            if (interruptRequested.exchange(false)) {
                std::cerr << "cancelling run " << runId << " at its next step\n";
                service.cancel(runId);
            }
        });
        interruptPoll.start(100);
        if (!service.isIdle()) QCoreApplication::exec();
        std::signal(SIGINT, SIG_DFL);

        const auto run = ts::loadRun(store.database(), runId);
        if (run) {
            std::cout << "run " << runId << ": " << ts::runStatusName(run->status).toStdString();
            if (const auto loss = ts::lastMetricValue(store.database(), runId, ts::metric::kLoss))
                std::cout << ", last loss " << *loss;
            std::cout << "\n";
            if (!run->error.isEmpty()) {
                const ts::RunErrorParts parts = ts::splitRunError(run->error);
                std::cerr << "error: " << parts.error.toStdString() << "\n";
                if (!parts.hint.isEmpty()) std::cerr << "hint: " << parts.hint.toStdString() << "\n";
            }
            exitCode = run->status == ts::RunStatus::Completed ? 0 : 1;
        }
    }
    store.close();
    return exitCode;
}

// Named `run`: `train` is the engine-only form (--model --data --recipe --out).
ts::cli::Registration reg{"run", "Train a recipe saved in a project (--project P --recipe NAME)",
                          &runProjectTrain};

}  // namespace
