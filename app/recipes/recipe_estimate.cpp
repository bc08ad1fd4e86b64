// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/recipes/recipe_estimate.h"

#include "engine/formats/gguf.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>
#include <exception>

namespace ts {
namespace {

// in/out features of one projection.
std::pair<qint64, qint64> projectionShape(const ModelShape& m, const QString& name) {
    const qint64 headDim = m.headDim > 0 ? m.headDim : (m.heads > 0 ? m.hiddenSize / m.heads : 0);
    const qint64 kvDim = m.kvHeads * headDim;
    if (name == QLatin1String("q_proj")) return {m.hiddenSize, m.heads * headDim};
    if (name == QLatin1String("o_proj")) return {m.heads * headDim, m.hiddenSize};
    if (name == QLatin1String("k_proj") || name == QLatin1String("v_proj"))
        return {m.hiddenSize, kvDim};
    if (name == QLatin1String("gate_proj") || name == QLatin1String("up_proj"))
        return {m.hiddenSize, m.intermediateSize};
    if (name == QLatin1String("down_proj")) return {m.intermediateSize, m.hiddenSize};
    return {0, 0};
}

const QStringList kProjections = {QStringLiteral("q_proj"),    QStringLiteral("k_proj"),
                                  QStringLiteral("v_proj"),    QStringLiteral("o_proj"),
                                  QStringLiteral("gate_proj"), QStringLiteral("up_proj"),
                                  QStringLiteral("down_proj")};

}  // namespace

namespace {

// The parameter counts follow from the sizes alone, the same way for both file kinds.
void completeShape(ModelShape& m) {
    for (const QString& p : kProjections) {
        const auto [in, out] = projectionShape(m, p);
        m.linearParameters += in * out * m.layers;
    }
    const qint64 embeddings = m.vocabSize * m.hiddenSize * (m.tiedEmbeddings ? 1 : 2);
    const qint64 norms = m.hiddenSize * (2 * m.layers + 1);
    m.totalParameters = m.linearParameters + embeddings + norms;
}

// A GGUF file's metadata (llama.cpp's keys: <arch>.embedding_length, <arch>.block_count, ...).
std::optional<ModelShape> readGgufShape(const QString& path, QString* error) {
    try {
        const GgufFile gguf = GgufFile::open(path.toStdString());
        const std::string arch = gguf.getString("general.architecture");
        ModelShape m;
        m.modelType = QString::fromStdString(arch);
        m.architecture = QStringLiteral("GGUF");  // shown as "GGUF (llama)"
        m.hiddenSize = gguf.getInt(arch + ".embedding_length", 0);
        m.intermediateSize = gguf.getInt(arch + ".feed_forward_length", 0);
        m.layers = gguf.getInt(arch + ".block_count", 0);
        m.heads = gguf.getInt(arch + ".attention.head_count", 0);
        m.kvHeads = gguf.getInt(arch + ".attention.head_count_kv", m.heads);
        m.headDim = gguf.getInt(arch + ".attention.key_length", 0);
        m.vocabSize = gguf.getInt(arch + ".vocab_size", 0);
        if (m.vocabSize <= 0 && gguf.has("tokenizer.ggml.tokens"))
            m.vocabSize = qint64(gguf.value("tokenizer.ggml.tokens").items.size());
        m.tiedEmbeddings = !gguf.hasTensor("output.weight");
        m.hasChatTemplate = gguf.has("tokenizer.chat_template");
        if (m.hiddenSize <= 0 || m.layers <= 0 || m.heads <= 0 || m.intermediateSize <= 0 || m.vocabSize <= 0) {
            if (error)
                *error = QCoreApplication::translate("ts::RecipeEstimate",
                                                     "%1 lacks the model sizes (%2.embedding_length, %2.block_count, …)")
                             .arg(path, m.modelType);
            return std::nullopt;
        }
        completeShape(m);
        return m;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return std::nullopt;
    }
}

}  // namespace

std::optional<ModelShape> readModelShape(const QString& path, QString* error) {
    const QFileInfo info(path);
    if (info.isFile() && info.suffix().compare(QLatin1String("gguf"), Qt::CaseInsensitive) == 0)
        return readGgufShape(path, error);
    const QDir folder = info.isDir() ? QDir(path) : info.absoluteDir();
    QFile file(folder.filePath(QStringLiteral("config.json")));
    if (!info.exists()) {
        if (error) *error = QCoreApplication::translate("ts::RecipeEstimate", "%1 does not exist").arg(path);
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) *error = QCoreApplication::translate("ts::RecipeEstimate", "no config.json in %1").arg(folder.path());
        return std::nullopt;
    }
    const QJsonObject c = QJsonDocument::fromJson(file.readAll()).object();
    ModelShape m;
    m.architecture = c.value(QStringLiteral("architectures")).toArray().first().toString();
    m.modelType = c.value(QStringLiteral("model_type")).toString();
    m.hiddenSize = c.value(QStringLiteral("hidden_size")).toInteger();
    m.intermediateSize = c.value(QStringLiteral("intermediate_size")).toInteger();
    m.layers = c.value(QStringLiteral("num_hidden_layers")).toInteger();
    m.heads = c.value(QStringLiteral("num_attention_heads")).toInteger();
    m.kvHeads = c.value(QStringLiteral("num_key_value_heads")).toInteger(m.heads);
    m.vocabSize = c.value(QStringLiteral("vocab_size")).toInteger();
    m.headDim = c.value(QStringLiteral("head_dim")).toInteger(0);
    m.tiedEmbeddings = c.value(QStringLiteral("tie_word_embeddings")).toBool(false);
    if (m.hiddenSize <= 0 || m.layers <= 0 || m.heads <= 0 || m.intermediateSize <= 0 ||
        m.vocabSize <= 0) {
        if (error) *error = QCoreApplication::translate("ts::RecipeEstimate", "%1 lacks the model sizes (hidden_size, num_hidden_layers, …)")
                                .arg(file.fileName());
        return std::nullopt;
    }
    QFile tokenizerConfig(folder.filePath(QStringLiteral("tokenizer_config.json")));
    if (tokenizerConfig.open(QIODevice::ReadOnly))
        m.hasChatTemplate = QJsonDocument::fromJson(tokenizerConfig.readAll())
                                .object()
                                .contains(QStringLiteral("chat_template"));
    completeShape(m);
    return m;
}

RecipeEstimate estimateRecipe(const ModelShape& m, const QJsonObject& recipe, qint64 trainExamples,
                              bool cuda) {
    RecipeEstimate e;
    const QJsonObject lora = recipe.value(QStringLiteral("lora")).toObject();
    const qint64 r = lora.value(QStringLiteral("r")).toInteger(16);
    QStringList targets;
    for (const QJsonValue& t : lora.value(QStringLiteral("targets")).toArray())
        targets.push_back(t.toString());
    if (targets.isEmpty()) targets = kProjections;
    for (const QString& t : targets) {
        const auto [in, out] = projectionShape(m, t);
        e.loraParameters += r * (in + out) * m.layers;
    }
    const bool nf4 = recipe.value(QStringLiteral("quant")).toString(QStringLiteral("nf4")) ==
                     QLatin1String("nf4");
    const double embeddingParameters = double(m.totalParameters - m.linearParameters);
    e.baseBytes = double(m.linearParameters) * (nf4 ? 0.5625 : 2.0) + embeddingParameters * 2.0;
    e.loraBytes = double(e.loraParameters) * 16.0;
    const double batch = recipe.value(QStringLiteral("batch_size")).toDouble(4);
    const double seq = recipe.value(QStringLiteral("max_seq_len")).toDouble(1024);
    const bool gradCkpt = recipe.value(QStringLiteral("grad_ckpt")).toBool(false);
    const double k = gradCkpt ? 2.0 : 34.0;
    e.activationBytes = batch * seq * double(m.hiddenSize) * double(m.layers) * k * 2.0;
    e.logitBytes = batch * seq * double(m.vocabSize) * 4.0 * 2.0;
    e.totalBytes = (e.baseBytes + e.loraBytes + e.activationBytes + e.logitBytes) * 1.1;

    const qint64 maxSteps = recipe.value(QStringLiteral("max_steps")).toInteger(0);
    const qint64 accum = recipe.value(QStringLiteral("grad_accum")).toInteger(1);
    const qint64 microBatches = (trainExamples + qint64(batch) - 1) / std::max<qint64>(1, qint64(batch));
    e.optimizerStepsPerEpoch = (microBatches + accum - 1) / std::max<qint64>(1, accum);
    double tokens = double(trainExamples) * seq;
    if (maxSteps > 0 && maxSteps < e.optimizerStepsPerEpoch) {
        // The run stops before the epoch ends: time the steps it runs.
        tokens = double(maxSteps) * double(accum) * batch * seq;
        e.optimizerStepsPerEpoch = maxSteps;
    }
    const double throughput = (cuda ? 400e12 : 0.2e12) * 0.4;
    e.secondsPerEpoch = 4.0 * double(m.totalParameters) * tokens / throughput;
    return e;
}

QString formatBytes(double bytes) {
    const double gib = bytes / double(1ull << 30);
    if (gib >= 1.0) return QCoreApplication::translate("ts::RecipeEstimate", "%1 GiB").arg(gib, 0, 'f', 1);
    return QCoreApplication::translate("ts::RecipeEstimate", "%1 MiB").arg(bytes / double(1ull << 20), 0, 'f', 0);
}

QString formatDuration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return QCoreApplication::translate("ts::RecipeEstimate", "unknown");
    if (seconds < 90) return QCoreApplication::translate("ts::RecipeEstimate", "%1 s").arg(std::lround(seconds));
    const long minutes = std::lround(seconds / 60);
    if (minutes < 90) return QCoreApplication::translate("ts::RecipeEstimate", "%1 min").arg(minutes);
    return QCoreApplication::translate("ts::RecipeEstimate", "%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

}  // namespace ts

#include "engine/core/device.h"

namespace ts {
const EstimateDevice& estimateDevice() {
    static const EstimateDevice device = [] {
        const DeviceInfo info = queryComputeDevice();
        return EstimateDevice{info.kind == DeviceKind::Cuda, double(info.totalBytes)};
    }();
    return device;
}
}  // namespace ts
