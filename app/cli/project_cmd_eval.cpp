// SPDX-License-Identifier: GPL-3.0-or-later
// `tuning-studio-cli eval`: evaluate the base model or an adapter version on a suite and print
// one JSON object per metric, then the verdict. Exit status 0 = go, 3 = no-go, 1 = error.
#include "cli_command.h"

#include "app/adapters/adapter_registry.h"
#include "app/eval/eval_service.h"
#include "app/eval/eval_suite.h"
#include "app/store/project_store.h"
#include "engine/core/error.h"

#include <nlohmann/json.hpp>

#include <QCoreApplication>

#include <iostream>

namespace {

const char* kUsage =
    "usage: tuning-studio-cli eval --project P --suite NAME --adapter VERSION|base\n"
    "         [--model PATH] [--max-new-tokens 128] [--batch 4] [--device cpu|cuda]\n"
    "  Prints one JSON object per metric and the verdict; exit status 0 = go, 3 = no-go.\n"
    "  --model: the base model (default: the adapter's base model; required for base).\n";

int runEval(const std::vector<std::string>& argv) {
    using ts::cli::Args;
    const Args args(argv, {"help"});
    if (args.has("help") || argv.empty()) {
        std::cout << kUsage;
        return argv.empty() ? 2 : 0;
    }
    args.allowOnly({"help", "project", "suite", "adapter", "model", "max-new-tokens", "batch", "device"});
    static int argc = 1;
    static char name[] = "tuning-studio-cli";
    static char* qargv[] = {name, nullptr};
    QCoreApplication app(argc, qargv);

    ts::ProjectStore store;
    const QString path = QString::fromStdString(args.require("project"));
    const auto opened = store.open(path, ts::OpenMode::OpenExisting);
    if (!opened.ok) throw ts::Error(opened.error.toStdString(), path.toStdString());

    ts::EvalSuiteRepository suites(store.database());
    const std::string suiteName = args.require("suite");
    const auto suite = suites.suiteByName(QString::fromStdString(suiteName));
    if (!suite) throw ts::Error("no evaluation suite named '" + suiteName + "'", path.toStdString(), "--suite");

    ts::EvalRequest request;
    request.suiteId = suite->id;
    const std::string adapter = args.require("adapter");
    if (adapter != "base") {
        ts::AdapterRegistry registry(store.database());
        auto version = registry.versionByName(QString::fromStdString(adapter));
        bool numeric = false;
        const qint64 id = QString::fromStdString(adapter).toLongLong(&numeric);
        if (!version && numeric) version = registry.version(id);
        if (!version) throw ts::Error("no adapter version '" + adapter + "'", path.toStdString(), "--adapter");
        request.adapterVersionId = version->id;
    }
    request.modelPath = QString::fromStdString(args.getOr("model", ""));
    request.generation.maxNewTokens = int(args.getInt("max-new-tokens", 128));
    request.batchSize = int(args.getInt("batch", 4));
    const std::string device = args.getOr("device", "cpu");
    if (device != "cpu" && device != "cuda") throw ts::Error("expected cpu or cuda", {}, "--device");
    request.device = device == "cuda" ? ts::DeviceKind::Cuda : ts::DeviceKind::Cpu;

    const auto outcome = ts::runEvaluation(store.database(), request, [](qint64 done, qint64 total) {
        std::cerr << "\r" << done << "/" << total << std::flush;
        return true;
    });
    std::cerr << "\n";
    for (const auto& row : suites.metricResults(outcome.evalRunId)) {
        nlohmann::json line = {{"metric", row.metric.toStdString()}};
        line["value"] = row.value ? nlohmann::json(*row.value) : nlohmann::json();
        line["threshold"] = row.threshold ? nlohmann::json(*row.threshold) : nlohmann::json();
        line["passed"] = row.passed ? nlohmann::json(*row.passed) : nlohmann::json();
        std::cout << line.dump() << "\n";
    }
    nlohmann::json verdict = {{"verdict", outcome.go ? "go" : "no_go"},
                              {"summary", outcome.summary.toStdString()},
                              {"eval_run_id", outcome.evalRunId},
                              {"suite", suiteName},
                              {"adapter", adapter},
                              {"thresholds_from", outcome.thresholdSource.toStdString()}};
    std::cout << verdict.dump() << "\n";
    return outcome.go ? 0 : 3;
}

ts::cli::Registration reg{"eval", "Evaluate the base model or an adapter on a suite (go / no-go)", &runEval};

}  // namespace
