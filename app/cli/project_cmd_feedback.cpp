// SPDX-License-Identifier: GPL-3.0-or-later
// `tuning-studio-cli feedback SUBCOMMAND`: the production feedback loop on a project - import
// logged inputs/outputs, measure drift against the deployed adapter's training data, review the
// corrections queue and approve rows into a new dataset version. Same code as the Production page.
#include "cli_command.h"

#include "app/datasets/dataset_repository.h"
#include "app/feedback/corrections_queue.h"
#include "app/feedback/drift.h"
#include "app/feedback/production_log_importer.h"
#include "app/feedback/retraining_reminder.h"
#include "app/store/project_store.h"
#include "engine/core/error.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <iostream>
#include <memory>

namespace {

using ts::cli::Args;

const char* kUsage =
    "usage: tuning-studio-cli feedback SUBCOMMAND --project FILE.tsproj [OPTIONS]\n"
    "\n"
    "  import FILE.jsonl [--batch 2000] [--issues 20]\n"
    "         lines: {input|prompt|query, output|response|completion, correction?, timestamp?,\n"
    "         adapter_version?}\n"
    "  drift  [--version ID] [--from ISO] [--to ISO] [--week] [--json]\n"
    "         reference: the production adapter's dataset version unless --version is given\n"
    "  queue  [--status new|queued|approved|rejected] [--limit 50]\n"
    "  approve --dataset NAME (--ids 1,2,3 | --all-queued) [--note TEXT]\n"
    "  reject  (--ids 1,2,3 | --all-queued)\n"
    "  reminder\n";

QString q(const std::string& s) { return QString::fromStdString(s); }
std::string s(const QString& text) { return text.toStdString(); }

std::unique_ptr<ts::ProjectStore> openProject(const Args& args) {
    const QString path = q(args.require("project"));
    auto store = std::make_unique<ts::ProjectStore>();
    const ts::OpenResult result = store->open(path, ts::OpenMode::OpenExisting);
    if (!result.ok) throw ts::Error(s(result.error), s(path));
    return store;
}

// --ids 1,2,3 or --all-queued.
std::vector<qint64> chosenIds(const ts::CorrectionsQueue& queue, const Args& args) {
    std::vector<qint64> ids;
    if (args.has("all-queued")) {
        for (const auto& row : queue.rows(ts::LogStatus::Queued, 1 << 30)) ids.push_back(row.id);
        return ids;
    }
    for (const QString& part : q(args.require("ids")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const qint64 id = part.trimmed().toLongLong(&ok);
        if (!ok || id <= 0) throw ts::Error("not a row id: '" + s(part) + "'", {}, "--ids");
        ids.push_back(id);
    }
    return ids;
}

int runImport(const Args& args) {
    args.allowOnly({"project", "batch", "issues"});
    if (args.positional().size() != 1) throw ts::Error("expected one log file", {}, "FILE");
    const QString file = q(args.positional()[0]);
    auto store = openProject(args);
    ts::LogImportOptions options;
    options.batchSize = int(args.getInt("batch", 2000));
    int lastPercent = -1;
    options.progress = [&](qint64 read, qint64 total) {
        const int percent = total > 0 ? int(100 * read / total) : 100;
        if (percent != lastPercent) std::fprintf(stderr, "\rimporting... %3d%%", lastPercent = percent);
        return true;
    };
    const ts::LogImportResult r = ts::ProductionLogImporter(store->database()).importFile(file, options);
    std::fprintf(stderr, "\n");
    const long long shown = args.getInt("issues", 20);
    const QStringList issues = ts::formatIssues(file, r.issues);
    for (qsizetype i = 0; i < issues.size() && i < shown; ++i) std::cout << s(issues[i]) << "\n";
    std::cout << "imported " << r.imported << " log lines (" << r.queued
              << " queued for review), " << r.alreadyPresent << " already present, "
              << r.badLineCount << " bad lines skipped\n";
    return 0;
}

QJsonObject metricsJson(const ts::DriftMetrics& m) {
    QJsonObject labels;
    for (auto it = m.productionLabels.cbegin(); it != m.productionLabels.cend(); ++it)
        labels.insert(it.key(), double(it.value()));
    return {{QStringLiteral("count"), double(m.productionCount)},
            {QStringLiteral("token_js"), m.tokenJs},
            {QStringLiteral("length_ks"), m.lengthKs},
            {QStringLiteral("novel_share"), m.novelShare},
            {QStringLiteral("label_js"), m.labelJs},
            {QStringLiteral("labels"), labels}};
}

int runDrift(const Args& args) {
    args.allowOnly({"project", "version", "from", "to", "week", "json"});
    auto store = openProject(args);
    ts::DriftOptions options;
    options.referenceVersionId = args.getInt("version", 0);
    options.fromUtc = q(args.getOr("from", ""));
    options.toUtc = q(args.getOr("to", ""));
    options.bucket = args.has("week") ? ts::DriftBucketSize::Week : ts::DriftBucketSize::Day;
    const ts::DriftReport r = ts::computeDrift(store->database(), options);
    if (args.has("json")) {
        QJsonArray series;
        for (const auto& b : r.series) {
            QJsonObject o = metricsJson(b.metrics);
            o.insert(QStringLiteral("start"), b.startDate);
            series.append(o);
        }
        const QJsonObject out{
            {QStringLiteral("reference_version_id"), double(r.referenceVersionId)},
            {QStringLiteral("train_count"), double(r.trainCount)},
            {QStringLiteral("overall"), metricsJson(r.overall)},
            {QStringLiteral("series"), series},
            {QStringLiteral("thresholds"),
             QJsonObject{{QStringLiteral("js"), r.thresholds.jsDivergence},
                         {QStringLiteral("novel_share"), r.thresholds.novelShare},
                         {QStringLiteral("near_jaccard"), r.thresholds.nearJaccard}}},
            {QStringLiteral("retraining_recommended"), r.retrainingRecommended},
            {QStringLiteral("reasons"), QJsonArray::fromStringList(r.reasons)}};
        std::cout << QJsonDocument(out).toJson(QJsonDocument::Indented).toStdString();
        return 0;
    }
    std::cout << "reference dataset version " << r.referenceVersionId << " (" << r.trainCount
              << " training inputs), " << r.overall.productionCount << " production inputs\n"
              << "token JS divergence " << r.overall.tokenJs << " (threshold "
              << r.thresholds.jsDivergence << ")\n"
              << "novel share " << r.overall.novelShare << " (threshold "
              << r.thresholds.novelShare << ")\n"
              << "length KS distance " << r.overall.lengthKs << ", label JS " << r.overall.labelJs
              << "\n";
    for (const auto& b : r.series)
        std::cout << s(b.startDate) << "  n=" << b.metrics.productionCount << "  js="
                  << b.metrics.tokenJs << "  novel=" << b.metrics.novelShare << "\n";
    std::cout << (r.retrainingRecommended ? "RETRAINING RECOMMENDED: " + s(r.reasons.join(QStringLiteral("; ")))
                                          : std::string("no retraining needed"))
              << "\n";
    return 0;
}

int runQueue(const Args& args) {
    args.allowOnly({"project", "status", "limit"});
    auto store = openProject(args);
    const QString statusName = q(args.getOr("status", "queued"));
    std::optional<ts::LogStatus> status;
    for (auto st : {ts::LogStatus::New, ts::LogStatus::Queued, ts::LogStatus::Approved,
                    ts::LogStatus::Rejected})
        if (ts::logStatusName(st) == statusName) status = st;
    if (!status) throw ts::Error("unknown status '" + s(statusName) + "'", {}, "--status");
    const ts::CorrectionsQueue queue(store->database());
    for (const auto& row : queue.rows(*status, int(args.getInt("limit", 50))))
        std::cout << row.id << "\t" << s(row.sourceFile) << ":" << row.line << "\t"
                  << s(row.inputText.left(60)) << "\t-> "
                  << s(row.approvedOutput().left(60)) << "\n";
    std::cout << queue.count(*status) << " row(s) " << s(statusName) << "\n";
    return 0;
}

int runApprove(const Args& args) {
    args.allowOnly({"project", "dataset", "ids", "all-queued", "note"});
    auto store = openProject(args);
    ts::CorrectionsQueue queue(store->database());
    const QString name = q(args.require("dataset"));
    const auto dataset = ts::DatasetRepository(store->database()).datasetByName(name);
    if (!dataset) throw ts::Error("no dataset named '" + s(name) + "'", {}, "--dataset");
    const ts::ApproveResult r =
        queue.approve(chosenIds(queue, args), dataset->id, q(args.getOr("note", "")));
    if (!r.versionId) {
        std::cout << "nothing to approve (" << r.skipped << " row(s) already decided)\n";
        return 1;
    }
    std::cout << "approved " << r.added << " row(s) into dataset '" << s(name)
              << "' version id " << r.versionId << " (parent " << r.parentVersionId << "); "
              << r.skipped << " skipped\n";
    return 0;
}

int runReject(const Args& args) {
    args.allowOnly({"project", "ids", "all-queued"});
    auto store = openProject(args);
    ts::CorrectionsQueue queue(store->database());
    std::cout << "rejected " << queue.reject(chosenIds(queue, args)) << " row(s)\n";
    return 0;
}

int runReminder(const Args& args) {
    args.allowOnly({"project"});
    auto store = openProject(args);
    const ts::RetrainingReminder r = ts::retrainingReminder(store->database());
    std::cout << (r.due ? s(r.message()) : std::string("no retraining reminder due")) << "\n";
    return r.due ? 1 : 0;
}

int runFeedback(const std::vector<std::string>& argv) {
    if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
        std::cout << kUsage;
        return argv.empty() ? 2 : 0;
    }
    static int argc = 1;
    static char name[] = "tuning-studio-cli";
    static char* args[] = {name, nullptr};
    QCoreApplication app(argc, args);  // finds the SQLite driver plugin
    const std::string verb = argv[0];
    const Args options(std::vector<std::string>(argv.begin() + 1, argv.end()),
                       {"json", "week", "all-queued"});
    if (verb == "import") return runImport(options);
    if (verb == "drift") return runDrift(options);
    if (verb == "queue") return runQueue(options);
    if (verb == "approve") return runApprove(options);
    if (verb == "reject") return runReject(options);
    if (verb == "reminder") return runReminder(options);
    std::cerr << "unknown feedback subcommand '" << verb << "'\n" << kUsage;
    return 2;
}

ts::cli::Registration reg{"feedback",
                          "Import production logs, measure drift, review and approve corrections",
                          &runFeedback};

}  // namespace
