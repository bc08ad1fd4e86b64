// SPDX-License-Identifier: GPL-3.0-or-later
// `tuning-studio-cli dataset SUBCOMMAND`: import, list, export, dedup, split and stats on a
// project's datasets, the same code the Datasets view runs.
#include "cli_command.h"

#include "app/datasets/curation.h"
#include "app/datasets/dataset_exporter.h"
#include "app/datasets/dataset_importer.h"
#include "app/datasets/dataset_repository.h"
#include "app/datasets/dataset_split.h"
#include "app/datasets/dataset_stats.h"
#include "app/datasets/token_lengths.h"
#include "app/store/project_store.h"
#include "engine/core/error.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>

#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>

namespace {

using ts::cli::Args;

const char* kUsage =
    "usage: tuning-studio-cli dataset SUBCOMMAND --project FILE.tsproj [OPTIONS]\n"
    "\n"
    "  import --file F [--name N] [--create] [--append | --replace] [--format FMT]\n"
    "         [--map target=source,...] [--batch 5000] [--issues 20]\n"
    "         FMT: chat sharegpt prompt_completion alpaca classification preference;\n"
    "         map targets: messages conversations prompt completion instruction input output\n"
    "         text label chosen rejected system\n"
    "  list\n"
    "  export (--name N | --version ID) --out F [--csv] [--split train|eval|general]\n"
    "         [--with-split]\n"
    "  dedup  (--name N | --version ID) [--near] [--threshold 0.8] [--shingle 3]\n"
    "         [--permutations 128] [--keep-all] [--max-tokens N] [--require-json]\n"
    "         [--threads N] [--apply] [--show 20]\n"
    "  split  (--name N | --version ID) [--eval-fraction 0.1] [--edge-share 1.0] [--seed 42]\n"
    "  stats  (--name N | --version ID)\n"
    "  tokens [--model PATH | --follow-recipe] [--threads N]\n"
    "         count example lengths in the model's tokens (default: the recipe's base model);\n"
    "         --model remembers PATH for the project, --follow-recipe forgets it\n"
    "  general --name N [--off]   mark (or unmark) N as the general-capability set\n";

QString q(const std::string& s) { return QString::fromStdString(s); }
std::string s(const QString& text) { return text.toStdString(); }

// Opens (or with --create makes) the project and cleans up interrupted imports.
std::unique_ptr<ts::ProjectStore> openProject(const Args& args) {
    const QString path = q(args.require("project"));
    auto store = std::make_unique<ts::ProjectStore>();
    const bool create = args.has("create") && !QFileInfo::exists(path);
    const ts::OpenResult result =
        store->open(path, create ? ts::OpenMode::CreateNew : ts::OpenMode::OpenExisting);
    if (!result.ok) throw ts::Error(s(result.error), s(path));
    if (const int recovered = ts::DatasetImporter::recoverInterruptedImports(store->database()))
        std::cerr << "cleaned up " << recovered << " interrupted import(s)\n";
    return store;
}

// --version ID, or the latest version of --name N.
qint64 resolveVersion(const ts::DatasetRepository& repo, const Args& args) {
    if (args.has("version")) return args.getInt("version", 0);
    const QString name = q(args.require("name"));
    const auto dataset = repo.datasetByName(name);
    if (!dataset) throw ts::Error("no dataset named '" + s(name) + "'", {}, "--name");
    if (!dataset->latestVersionId)
        throw ts::Error("dataset '" + s(name) + "' has no version yet", {}, "--name");
    return dataset->latestVersionId;
}

ts::ColumnMapping applyMapOption(ts::ColumnMapping mapping, const std::string& spec) {
    for (const QString& pair : q(spec).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        if (eq <= 0) throw ts::Error("expected target=source, got '" + s(pair) + "'", {}, "--map");
        const QString target = pair.left(eq).trimmed(), source = pair.mid(eq + 1).trimmed();
        QString* field = nullptr;
        const std::pair<const char*, QString*> fields[] = {
            {"messages", &mapping.messages}, {"conversations", &mapping.conversations},
            {"prompt", &mapping.prompt},     {"completion", &mapping.completion},
            {"instruction", &mapping.instruction}, {"input", &mapping.input},
            {"output", &mapping.output},     {"text", &mapping.text},
            {"label", &mapping.label},       {"chosen", &mapping.chosen},
            {"rejected", &mapping.rejected}, {"system", &mapping.system}};
        for (const auto& [name, member] : fields)
            if (target == QLatin1String(name)) field = member;
        if (!field) throw ts::Error("unknown map target '" + s(target) + "'", {}, "--map");
        *field = source;
    }
    return mapping;
}

int runImport(const Args& args) {
    args.allowOnly({"project", "file", "name", "create", "append", "replace", "format", "map",
                    "batch", "issues"});
    const QString file = q(args.require("file"));
    auto store = openProject(args);
    ts::ImportOptions options;
    options.datasetName = q(args.getOr("name", s(QFileInfo(file).completeBaseName())));
    options.target = args.has("append")    ? ts::ImportTarget::AppendToDataset
                     : args.has("replace") ? ts::ImportTarget::ReplaceDataset
                                           : ts::ImportTarget::NewDataset;
    options.batchSize = int(args.getInt("batch", 5000));
    if (args.has("format") || args.has("map")) {
        ts::ColumnMapping mapping = ts::detectFile(file).mapping;
        if (args.has("format")) {
            const auto format = ts::sourceFormatFromName(q(*args.get("format")));
            if (!format) throw ts::Error("unknown format '" + *args.get("format") + "'", {}, "--format");
            if (*format != mapping.format) {
                mapping = ts::ColumnMapping();
                mapping.format = *format;
            }
        }
        if (args.has("map")) mapping = applyMapOption(mapping, *args.get("map"));
        options.mapping = mapping;
    }
    int lastPercent = -1;
    options.progress = [&](qint64 read, qint64 total) {
        const int percent = total > 0 ? int(100 * read / total) : 100;
        if (percent != lastPercent) {
            std::fprintf(stderr, "\rimporting... %3d%%", percent);
            lastPercent = percent;
        }
        return true;
    };
    ts::DatasetImporter importer(store->database());
    const ts::ImportResult r = importer.importFile(file, options);
    std::fprintf(stderr, "\n");
    const long long shown = args.getInt("issues", 20);
    for (qsizetype i = 0; i < r.issues.size() && i < shown; ++i)
        std::cout << s(file) << ":" << r.issues[i].line << ": " << s(r.issues[i].reason) << "\n";
    std::cout << "imported " << r.importedCount << " examples ("
              << s(ts::sourceFormatName(r.mapping.format)) << ", "
              << s(ts::fileFormatName(r.fileFormat)) << ") into dataset '"
              << s(options.datasetName) << "' version id " << r.versionId << "; "
              << r.badRecordCount << " bad records skipped; " << r.elapsedSeconds << " s\n"
              << "content hash " << s(r.contentHash) << "\n";
    return 0;
}

int runList(const Args& args) {
    args.allowOnly({"project"});
    auto store = openProject(args);
    ts::DatasetRepository repo(store->database());
    for (const auto& d : repo.datasets()) {
        std::cout << s(d.name) << " (id " << d.id << ")"
                  << (d.generalCapability ? "  general-capability set" : "") << "\n";
        for (const auto& v : repo.versions(d.id))
            std::cout << "  v" << v.versionNumber << "  id " << v.id << "  " << v.exampleCount
                      << " examples  " << s(v.source) << (v.isFrozen() ? "  frozen" : "")
                      << "  " << s(v.contentHash.left(12)) << "  " << s(v.note) << "\n";
    }
    return 0;
}

int runExport(const Args& args) {
    args.allowOnly({"project", "name", "version", "out", "csv", "split", "with-split"});
    auto store = openProject(args);
    ts::DatasetRepository repo(store->database());
    ts::ExportOptions options;
    options.format = args.has("csv") ? ts::FileFormat::Csv : ts::FileFormat::Jsonl;
    options.includeSplitField = args.has("with-split");
    if (args.has("split")) {
        options.onlySplit = ts::splitFromName(q(*args.get("split")));
        if (!options.onlySplit) throw ts::Error("unknown split '" + *args.get("split") + "'", {}, "--split");
    }
    const QString out = q(args.require("out"));
    const qint64 n = ts::exportVersion(repo, resolveVersion(repo, args), out, options);
    std::cout << "wrote " << n << " examples to " << s(out) << "\n";
    return 0;
}

int runDedup(const Args& args) {
    args.allowOnly({"project", "name", "version", "near", "threshold", "shingle", "permutations",
                    "keep-all", "max-tokens", "require-json", "threads", "apply", "show"});
    auto store = openProject(args);
    ts::DatasetRepository repo(store->database());
    const qint64 versionId = resolveVersion(repo, args);
    ts::CurationParams params;
    params.findNearDuplicates = args.has("near");
    params.nearDuplicate.jaccardThreshold = args.getDouble("threshold", 0.8);
    params.nearDuplicate.shingleWords = int(args.getInt("shingle", 3));
    params.nearDuplicate.permutations = int(args.getInt("permutations", 128));
    params.nearDuplicateDecision =
        args.has("keep-all") ? ts::ClusterDecision::KeepAll : ts::ClusterDecision::KeepOne;
    params.maxSequenceTokens = int(args.getInt("max-tokens", 0));
    params.requireJsonOutput = args.has("require-json");
    params.threads = int(args.getInt("threads", std::max(1u, std::thread::hardware_concurrency())));
    QElapsedTimer load;
    load.start();
    const auto members = repo.loadMembers(versionId);
    const double loadSeconds = load.elapsed() / 1000.0;
    QElapsedTimer plan;
    plan.start();
    ts::CurationReport report = ts::planCuration(members, params);
    report.sourceVersionId = versionId;
    const double planSeconds = plan.elapsed() / 1000.0;
    const long long shown = args.getInt("show", 20);
    for (size_t i = 0; i < report.removals.size() && (long long)i < shown; ++i) {
        const auto& r = report.removals[i];
        std::cout << "position " << r.position << " (example " << r.exampleId << "): "
                  << s(ts::removalReasonName(r.reason)) << ": " << s(r.detail) << "\n";
    }
    std::cout << s(report.summary()) << "\n"
              << "loaded in " << loadSeconds << " s, planned in " << planSeconds << " s\n";
    if (args.has("apply")) {
        const qint64 id = ts::applyCuration(repo, report);
        std::cout << "new version id " << id << " with " << report.survivorIds.size()
                  << " examples\n";
    } else {
        std::cout << "(dry run: add --apply to write a new version)\n";
    }
    return 0;
}

int runSplit(const Args& args) {
    args.allowOnly({"project", "name", "version", "eval-fraction", "edge-share", "seed"});
    auto store = openProject(args);
    ts::DatasetRepository repo(store->database());
    ts::SplitParams params;
    params.evalFraction = args.getDouble("eval-fraction", 0.1);
    params.edgeCaseEvalShare = args.getDouble("edge-share", 1.0);
    params.seed = std::uint64_t(args.getInt("seed", 42));
    ts::SplitPlan plan;
    const qint64 id = ts::createSplitVersion(repo, resolveVersion(repo, args), params, &plan);
    std::cout << "new version id " << id << ": train " << plan.trainCount << ", eval "
              << plan.evalCount << ", general " << plan.generalCount << "\n";
    return 0;
}

int runStats(const Args& args) {
    args.allowOnly({"project", "name", "version"});
    auto store = openProject(args);
    ts::DatasetRepository repo(store->database());
    const auto st = ts::computeStatistics(repo.loadMembers(resolveVersion(repo, args)));
    std::cout << "examples " << st.exampleCount << "\n"
              << "splits: train " << st.trainCount << ", eval " << st.evalCount << ", general "
              << st.generalCount << ", unassigned " << st.unassignedCount << "\n"
              << "duplicate rate " << st.duplicateRate << ", edge-case share "
              << st.edgeCaseShare << ", general-capability share " << st.generalCapabilityShare
              << "\n"
              << "characters: mean " << st.charLengths.mean << ", max " << st.charLengths.maxValue
              << "\n";
    if (st.tokenCountedExamples)
        std::cout << "tokens: mean " << st.tokenLengths.mean << ", max "
                  << st.tokenLengths.maxValue << "\n";
    for (const auto& [label, n] : st.labelCounts) std::cout << "label " << s(label) << ": " << n << "\n";
    return 0;
}

int runTokens(const Args& args) {
    args.allowOnly({"project", "model", "follow-recipe", "threads"});
    auto store = openProject(args);
    if (args.has("model")) ts::setTokenLengthModel(store->database(), q(*args.get("model")));
    if (args.has("follow-recipe")) ts::setTokenLengthModel(store->database(), QString());
    const ts::TokenLengthModel model = ts::tokenLengthModel(store->database());
    if (model.path.isEmpty())
        throw ts::Error("no model for token lengths: set a base model in a recipe or pass --model",
                        s(store->path()), "--model");
    std::cout << "counting in the tokens of " << s(model.path) << " (" << s(model.origin) << ")\n";
    ts::TokenCountOptions options;
    options.threads = int(args.getInt("threads", 0));
    QElapsedTimer timer;
    timer.start();
    const ts::TokenCountResult r = ts::countExampleTokens(store->database(), model.path, options);
    if (r.cleared) std::cout << "cleared the lengths counted with another tokenizer\n";
    std::cout << "counted " << r.counted << " examples in " << timer.elapsed() / 1000.0 << " s\n";
    if (r.unreadable > 0)
        std::cout << r.unreadable << " examples could not be counted; first: " << s(r.firstProblem) << "\n";
    return r.unreadable > 0 ? 1 : 0;
}

int runGeneral(const Args& args) {
    args.allowOnly({"project", "name", "off"});
    auto store = openProject(args);
    ts::DatasetRepository repo(store->database());
    const auto dataset = repo.datasetByName(q(args.require("name")));
    if (!dataset) throw ts::Error("no dataset named '" + args.require("name") + "'", s(store->path()), "--name");
    repo.setGeneralCapabilitySet(dataset->id, !args.has("off"));
    std::cout << s(dataset->name) << (args.has("off") ? " is task data again\n" : " is now the general-capability set\n");
    return 0;
}

int runDataset(const std::vector<std::string>& argv) {
    if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
        std::cout << kUsage;
        return argv.empty() ? 2 : 0;
    }
    // The SQLite driver is a Qt plugin, found through the application object.
    static int argc = 1;
    static char name[] = "tuning-studio-cli";
    static char* args[] = {name, nullptr};
    QCoreApplication app(argc, args);
    const std::string verb = argv[0];
    const Args options(std::vector<std::string>(argv.begin() + 1, argv.end()),
                       {"create", "append", "replace", "csv", "with-split", "near", "keep-all",
                        "require-json", "apply", "follow-recipe", "off"});
    if (verb == "import") return runImport(options);
    if (verb == "list") return runList(options);
    if (verb == "export") return runExport(options);
    if (verb == "dedup") return runDedup(options);
    if (verb == "split") return runSplit(options);
    if (verb == "stats") return runStats(options);
    if (verb == "tokens") return runTokens(options);
    if (verb == "general") return runGeneral(options);
    std::cerr << "unknown dataset subcommand '" << verb << "'\n" << kUsage;
    return 2;
}

ts::cli::Registration reg{"dataset", "Import, list, export, curate and split datasets",
                          &runDataset};

}  // namespace
