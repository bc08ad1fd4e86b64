// SPDX-License-Identifier: GPL-3.0-or-later
// The training loop: explicit code composed of the parts in this folder (data, batching, LoRA,
// NF4, AdamW, schedule, checkpoints), one loop for SFT and DPO that differ only in the loss of a
// micro-batch.
#include "engine/train/trainer.h"

#include "engine/core/device.h"
#include "engine/core/error.h"
#include "engine/core/memory_stats.h"
#include "engine/model/model_loader.h"
#include "engine/tokenizer/tokenizer.h"
#include "engine/train/adapter_io.h"
#include "engine/train/batching.h"
#include "engine/train/chunked_loss.h"
#include "engine/train/dpo_loss.h"
#include "engine/train/optimizer.h"
#include "engine/train/recipe.h"
#include "engine/train/sft_data.h"
#include "engine/train/training_checkpoint.h"

#include <ATen/Context.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>

namespace ts {

namespace fs = std::filesystem;

namespace {

torch::Device chooseDevice(ComputePreference pref) {
    if (pref == ComputePreference::Cpu) return torch::kCPU;
    const bool cuda = queryComputeDevice().kind == DeviceKind::Cuda;
    if (pref == ComputePreference::Cuda && !cuda)
        throw Error("CUDA was requested but no CUDA device is available");
    return cuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
}

bool isOutOfMemory(const std::exception& e) {
    return std::string(e.what()).find("out of memory") != std::string::npos;
}

// Everything one epoch of training consumes, for SFT and DPO alike.
struct EpochPlan {
    std::vector<Batch> batches;
};

// The loss contributions of one micro-batch.
struct MicroResult {
    double lossSum = 0;  // SFT: summed token loss; DPO: mean pair loss (already a mean)
    std::map<std::string, double> extra;
};

class Loop {
public:
    Loop(const TrainRequest& request, TrainResult& result) : req_(request), result_(result) {}

    void run();

private:
    void log(const std::string& line) const {
        if (req_.onLog) req_.onLog(line);
    }
    bool cancelled() const { return req_.control && req_.control->cancel.load(); }
    void waitWhilePaused() const;
    void prepare();
    std::vector<Batch> epochBatches(std::int64_t epoch) const;
    std::int64_t epochBatchCount(std::int64_t epoch) const;
    MicroResult sftMicro(const Batch& batch, double normalizer);
    MicroResult dpoMicro(const Batch& batch, double normalizer);
    double evalLoss();
    void saveCheckpoint(std::int64_t step, double epoch);
    void finish(TrainStatus status);

    const TrainRequest& req_;
    TrainResult& result_;
    Recipe recipe_;
    torch::Device device_{torch::kCPU};
    std::unique_ptr<Tokenizer> tokenizer_;
    std::shared_ptr<CausalLM> model_;
    std::vector<torch::Tensor> params_;
    std::unique_ptr<torch::optim::AdamW> optimizer_;
    std::vector<TokenizedExample> train_;  // SFT examples, or DPO sequences (chosen, rejected)
    std::vector<TokenizedExample> eval_;
    std::int64_t units_ = 0;  // examples (SFT) or pairs (DPO)
    std::int64_t padId_ = 0;
    bool dpo_ = false;
    double evalRewardAccuracy_ = std::nan("");  // DPO: share of held-out pairs ranked right
};

void Loop::waitWhilePaused() const {
    bool announced = false;
    while (req_.control && req_.control->pause.load() && !cancelled()) {
        if (!announced) log("paused");
        announced = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (announced && !cancelled()) log("resumed");
}

void Loop::prepare() {
    recipe_ = parseRecipeText(req_.recipeJson, "recipe");
    dpo_ = recipe_.method == TrainMethod::Dpo;
    device_ = chooseDevice(req_.device);
    if (device_.is_cpu()) {
        // Debian's libtorch can start with one intra-op thread; use every core we have.
        const int hw = int(std::thread::hardware_concurrency());
        if (hw > at::get_num_threads()) at::set_num_threads(hw);
    }
    auto info = queryComputeDevice();
    result_.deviceDescription = device_.is_cuda() ? info.describe()
                                                  : "CPU, " + std::to_string(at::get_num_threads()) + " threads";
    log("device: " + result_.deviceDescription);

    tokenizer_ = loadTokenizer(req_.modelPath);
    model_ = loadCausalLM(req_.modelPath, device_);
    checkTokenizerFitsModel(tokenizer_->vocabSize(), model_->config(), req_.modelPath);
    padId_ = tokenizer_->padId() >= 0 ? tokenizer_->padId() : std::max(0, tokenizer_->eosId());

    torch::manual_seed(recipe_.seed);
    AttachOptions attach;
    attach.lora = recipe_.lora;
    attach.quant = recipe_.quant == WeightQuant::Nf4 ? BaseQuantization::Nf4 : BaseQuantization::None;
    attach.doubleQuant = recipe_.doubleQuant ? DoubleQuant::On : DoubleQuant::Off;
    params_ = attachLora(*model_, attach);
    if (!req_.initAdapterDir.empty()) {
        loadAdapterWeightsInto(*model_, req_.initAdapterDir);
        log("starting from adapter " + req_.initAdapterDir);
    }
    model_->setGradientCheckpointing(recipe_.gradCkpt);
    model_->train();
    std::int64_t trainable = 0;
    for (auto& p : params_) trainable += p.numel();
    log("LoRA r=" + std::to_string(recipe_.lora.r) + " on " +
        std::to_string(loraProjectionNames(*model_).size()) + " projections, " +
        std::to_string(trainable) + " trainable parameters");

    auto reportSkipped = [&](const std::vector<DataIssue>& skipped, const std::string& file) {
        if (skipped.empty()) return;
        result_.skippedExamples += std::int64_t(skipped.size());
        log("skipped " + std::to_string(skipped.size()) + " lines of " + file);
        for (size_t i = 0; i < skipped.size() && i < 5; ++i)
            log("  line " + std::to_string(skipped[i].line) + ": " + skipped[i].reason);
    };
    if (dpo_) {
        auto data = loadPreferenceData(req_.trainDataPath, *tokenizer_, recipe_.maxSeqLen);
        reportSkipped(data.skipped, req_.trainDataPath);
        for (auto& pair : data.pairs) {
            train_.push_back(std::move(pair.chosen));
            train_.push_back(std::move(pair.rejected));
        }
        units_ = std::int64_t(data.pairs.size());
        if (!req_.evalDataPath.empty()) {
            auto ev = loadPreferenceData(req_.evalDataPath, *tokenizer_, recipe_.maxSeqLen);
            for (auto& pair : ev.pairs) {
                eval_.push_back(std::move(pair.chosen));
                eval_.push_back(std::move(pair.rejected));
            }
        }
    } else {
        auto data = loadSftData(req_.trainDataPath, *tokenizer_, recipe_.maxSeqLen);
        reportSkipped(data.skipped, req_.trainDataPath);
        if (!data.templateWarning.empty()) log(data.templateWarning);
        train_ = std::move(data.examples);
        units_ = std::int64_t(train_.size());
        if (!req_.evalDataPath.empty())
            eval_ = loadSftData(req_.evalDataPath, *tokenizer_, recipe_.maxSeqLen).examples;
    }
    log(std::to_string(units_) + (dpo_ ? " preference pairs" : " training examples") +
        (eval_.empty() ? "" : ", " + std::to_string(dpo_ ? eval_.size() / 2 : eval_.size()) + " held out"));
}

std::vector<std::int64_t> dpoOrder(std::int64_t pairs, std::uint64_t seed, std::int64_t epoch,
                                   std::int64_t batchSize) {
    // Each batch holds B pairs: rows [0, B) chosen, rows [B, 2B) rejected.
    auto pairOrder = epochOrder(pairs, seed, epoch);
    std::vector<std::int64_t> order;
    for (std::int64_t start = 0; start < pairs; start += batchSize) {
        const auto end = std::min(pairs, start + batchSize);
        for (auto i = start; i < end; ++i) order.push_back(2 * pairOrder[size_t(i)]);
        for (auto i = start; i < end; ++i) order.push_back(2 * pairOrder[size_t(i)] + 1);
    }
    return order;
}

std::vector<Batch> Loop::epochBatches(std::int64_t epoch) const {
    if (dpo_) {
        // Padded; the chunking by 2B keeps each pair's chosen and rejected in one batch.
        auto order = dpoOrder(units_, recipe_.seed, epoch, recipe_.batchSize);
        return makeEpochBatches(train_, order, 2 * recipe_.batchSize, recipe_.maxSeqLen,
                                SequenceLayout::Padded, padId_);
    }
    return makeEpochBatches(train_, epochOrder(units_, recipe_.seed, epoch), recipe_.batchSize,
                            recipe_.maxSeqLen,
                            recipe_.packing ? SequenceLayout::Packed : SequenceLayout::Padded, padId_);
}

std::int64_t Loop::epochBatchCount(std::int64_t epoch) const {
    if (dpo_) return (units_ + recipe_.batchSize - 1) / recipe_.batchSize;
    return countEpochBatches(train_, epochOrder(units_, recipe_.seed, epoch), recipe_.batchSize,
                             recipe_.maxSeqLen,
                             recipe_.packing ? SequenceLayout::Packed : SequenceLayout::Padded);
}

torch::Tensor tokenLossSum(CausalLM& model, const Batch& batch, const torch::Device& device) {
    auto hidden = model.hiddenStates(batch.inputIds.to(device), batch.attentionMask.to(device),
                                     batch.positionIds.to(device));
    return nextTokenLossSum(model, hidden, batch.labels.to(device), kIgnoreIndex);
}

MicroResult Loop::sftMicro(const Batch& batch, double normalizer) {
    auto lossSum = tokenLossSum(*model_, batch, device_);
    // Normalized by the supervised tokens of the whole optimizer step, so gradient accumulation
    // gives the same update as one large batch.
    (lossSum / normalizer).backward();
    return {lossSum.item<double>(), {}};
}

MicroResult Loop::dpoMicro(const Batch& batch, double normalizer) {
    const auto rows = batch.inputIds.size(0) / 2;
    auto ids = batch.inputIds.to(device_), mask = batch.attentionMask.to(device_);
    auto pos = batch.positionIds.to(device_);
    torch::Tensor refLogps;
    {
        // The reference: the same base with every adapter switched off.
        torch::NoGradGuard noGrad;
        setAdaptersEnabled(*model_, false);
        refLogps = sequenceLogProbs(model_->forward(ids, mask, pos), batch.labels);
        setAdaptersEnabled(*model_, true);
    }
    auto policyLogps = sequenceLogProbs(model_->forward(ids, mask, pos), batch.labels);
    auto out = dpoLoss(policyLogps.slice(0, 0, rows), policyLogps.slice(0, rows),
                       refLogps.slice(0, 0, rows), refLogps.slice(0, rows), recipe_.dpo.beta,
                       recipe_.dpo.labelSmoothing);
    (out.loss / normalizer).backward();
    return {out.loss.item<double>(),
            {{"rewards/chosen", out.meanRewardChosen},
             {"rewards/rejected", out.meanRewardRejected},
             {"rewards/margin", out.meanMargin},
             {"rewards/accuracy", out.rewardAccuracy}}};
}

double Loop::evalLoss() {
    if (eval_.empty()) return std::nan("");
    torch::NoGradGuard noGrad;
    model_->eval();
    double sum = 0, count = 0, correct = 0;
    if (dpo_) {
        const std::int64_t pairs = std::int64_t(eval_.size() / 2);
        std::vector<std::int64_t> natural;
        for (std::int64_t start = 0; start < pairs; start += recipe_.batchSize) {
            const auto end = std::min(pairs, start + recipe_.batchSize);
            for (auto i = start; i < end; ++i) natural.push_back(2 * i);
            for (auto i = start; i < end; ++i) natural.push_back(2 * i + 1);
        }
        for (const auto& batch : makeEpochBatches(eval_, natural, 2 * recipe_.batchSize,
                                                  recipe_.maxSeqLen, SequenceLayout::Padded, padId_)) {
            const auto rows = batch.inputIds.size(0) / 2;
            auto ids = batch.inputIds.to(device_), mask = batch.attentionMask.to(device_);
            auto pos = batch.positionIds.to(device_);
            setAdaptersEnabled(*model_, false);
            auto ref = sequenceLogProbs(model_->forward(ids, mask, pos), batch.labels);
            setAdaptersEnabled(*model_, true);
            auto pol = sequenceLogProbs(model_->forward(ids, mask, pos), batch.labels);
            auto out = dpoLoss(pol.slice(0, 0, rows), pol.slice(0, rows), ref.slice(0, 0, rows),
                               ref.slice(0, rows), recipe_.dpo.beta, recipe_.dpo.labelSmoothing);
            sum += out.loss.item<double>() * double(rows);
            correct += out.rewardAccuracy * double(rows);
            count += double(rows);
        }
        evalRewardAccuracy_ = count > 0 ? correct / count : std::nan("");
    } else {
        std::vector<std::int64_t> natural(eval_.size());
        for (size_t i = 0; i < natural.size(); ++i) natural[i] = std::int64_t(i);
        for (const auto& batch : makeEpochBatches(eval_, natural, recipe_.batchSize, recipe_.maxSeqLen,
                                                  SequenceLayout::Padded, padId_)) {
            sum += tokenLossSum(*model_, batch, device_).item<double>();
            count += double(batch.supervisedTokens);
        }
    }
    model_->train();
    return count > 0 ? sum / count : std::nan("");
}

void Loop::saveCheckpoint(std::int64_t step, double epoch) {
    TrainingState state;
    state.step = step;
    state.epoch = epoch;
    state.recipeJson = recipe_.toJson().dump();
    auto path = writeTrainingCheckpoint(req_.outDir, state, *model_, recipe_.lora, req_.modelPath,
                                        *optimizer_, device_);
    result_.lastCheckpoint = path;
    log("checkpoint " + path);
    if (req_.onCheckpoint) req_.onCheckpoint(path);
}

void Loop::finish(TrainStatus status) {
    result_.status = status;
    if (!model_ || !optimizer_) return;
    result_.adapterDir = (fs::path(req_.outDir) / "adapter").string();
    saveAdapter(*model_, recipe_.lora, req_.modelPath, result_.adapterDir);
    log("adapter written to " + result_.adapterDir);
}

void Loop::run() {
    prepare();
    const std::int64_t accum = recipe_.gradAccum;
    // Optimizer steps per epoch: a partial accumulation at the end of an epoch still steps.
    std::vector<std::int64_t> stepsPerEpoch;
    std::int64_t planned = 0;
    for (std::int64_t e = 0; e < recipe_.epochs; ++e) {
        stepsPerEpoch.push_back((epochBatchCount(e) + accum - 1) / accum);
        planned += stepsPerEpoch.back();
    }
    std::int64_t totalSteps = planned;
    if (recipe_.maxSteps > 0) {
        totalSteps = recipe_.maxSteps;
        // max_steps may run past the epochs: keep cycling through epochs.
        while (planned < totalSteps) {
            stepsPerEpoch.push_back((epochBatchCount(std::int64_t(stepsPerEpoch.size())) + accum - 1) / accum);
            planned += stepsPerEpoch.back();
        }
    }
    optimizer_ = makeAdamW(params_, recipe_);
    const auto schedule = recipe_.lrSchedule(totalSteps);

    std::int64_t step = 0;
    if (req_.resume) {
        if (auto ckpt = latestTrainingCheckpoint(req_.outDir)) {
            auto state = readTrainingCheckpoint(*ckpt, *model_, *optimizer_, device_);
            step = state.step;
            result_.lastCheckpoint = *ckpt;
            log("resumed from " + *ckpt + " at step " + std::to_string(step));
        } else {
            log("no checkpoint in " + req_.outDir + ": starting from the beginning");
        }
    }
    // Where `step` falls: the epoch and the optimizer step within it.
    std::int64_t epoch = 0, stepInEpoch = step;
    while (epoch < std::int64_t(stepsPerEpoch.size()) && stepInEpoch >= stepsPerEpoch[size_t(epoch)]) {
        stepInEpoch -= stepsPerEpoch[size_t(epoch)];
        ++epoch;
    }
    resetPeakMemory(device_);
    double lastLoss = 0;
    for (; epoch < std::int64_t(stepsPerEpoch.size()) && step < totalSteps; ++epoch, stepInEpoch = 0) {
        auto batches = epochBatches(epoch);
        const auto epochSteps = stepsPerEpoch[size_t(epoch)];
        for (; stepInEpoch < epochSteps && step < totalSteps; ++stepInEpoch) {
            waitWhilePaused();
            if (cancelled()) {
                log("cancelled at step " + std::to_string(step));
                result_.steps = step;
                result_.finalLoss = lastLoss;
                finish(TrainStatus::Cancelled);
                return;
            }
            const auto t0 = std::chrono::steady_clock::now();
            const double lr = schedule.learningRate(step);
            setLearningRate(*optimizer_, lr);
            optimizer_->zero_grad();
            const auto first = size_t(stepInEpoch * accum);
            const auto last = std::min(batches.size(), first + size_t(accum));
            double normalizer = 0;
            std::int64_t realTokens = 0;
            for (auto i = first; i < last; ++i) {
                normalizer += dpo_ ? 1.0 : double(batches[i].supervisedTokens);
                realTokens += batches[i].realTokens;
            }
            double lossSum = 0;
            std::map<std::string, double> extra;
            for (auto i = first; i < last; ++i) {
                auto micro = dpo_ ? dpoMicro(batches[i], normalizer) : sftMicro(batches[i], normalizer);
                lossSum += micro.lossSum;
                for (const auto& [k, v] : micro.extra) extra[k] += v / double(last - first);
            }
            const double loss = dpo_ ? lossSum / double(last - first) : lossSum / std::max(1.0, normalizer);
            if (!std::isfinite(loss)) {
                result_.error = "the loss became " + std::string(std::isnan(loss) ? "NaN" : "infinite") +
                                " at step " + std::to_string(step + 1);
                result_.hint = "Lower the learning rate (lr), keep max_grad_norm on, and check the "
                               "data for empty or garbled examples.";
                result_.steps = step;
                result_.status = TrainStatus::Failed;
                return;
            }
            const double maxNorm = recipe_.maxGradNorm > 0 ? recipe_.maxGradNorm
                                                           : std::numeric_limits<double>::infinity();
            const double gradNorm = torch::nn::utils::clip_grad_norm_(params_, maxNorm);
            optimizer_->step();
            ++step;
            lastLoss = loss;
            if (device_.is_cuda()) torch::cuda::synchronize();
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

            TrainMetrics m;
            m.step = step;
            m.totalSteps = totalSteps;
            m.epoch = double(epoch) + double(stepInEpoch + 1) / double(epochSteps);
            m.loss = loss;
            m.learningRate = lr;
            m.gradNorm = gradNorm;
            m.tokensPerSecond = seconds > 0 ? double(realTokens) / seconds : 0;
            m.peakMemoryGiB = double(peakMemoryBytes(device_)) / double(1ull << 30);
            m.extra = extra;
            const bool lastStep = step == totalSteps;
            if (!eval_.empty() && ((recipe_.evalEvery > 0 && step % recipe_.evalEvery == 0) || lastStep))
            {
                m.evalLoss = evalLoss();
                if (dpo_ && std::isfinite(evalRewardAccuracy_))
                    m.extra["eval_rewards/accuracy"] = evalRewardAccuracy_;
            }
            if (req_.onStep && !req_.onStep(m)) {
                if (req_.control) req_.control->cancel = true;
            }
            if (recipe_.saveEvery > 0 && step % recipe_.saveEvery == 0 && !lastStep)
                saveCheckpoint(step, m.epoch);
        }
    }
    result_.steps = step;
    result_.finalLoss = lastLoss;
    finish(TrainStatus::Completed);
}

}  // namespace

TrainResult runTraining(const TrainRequest& request) {
    TrainResult result;
    try {
        if (request.outDir.empty()) throw Error("no output folder given", {}, "--out");
        fs::create_directories(request.outDir);
        Loop loop(request, result);
        loop.run();
    } catch (const c10::Error& e) {
        result.status = TrainStatus::Failed;
        if (isOutOfMemory(e)) {
            result.error = "the GPU ran out of memory";
            result.hint = "Lower batch_size (raise grad_accum to keep the effective batch), shorten "
                          "max_seq_len, turn on grad_ckpt, or use quant \"nf4\".";
        } else {
            result.error = e.what_without_backtrace();
        }
    } catch (const std::exception& e) {
        result.status = TrainStatus::Failed;
        result.error = e.what();
        if (isOutOfMemory(e))
            result.hint = "Lower batch_size, shorten max_seq_len, or turn on grad_ckpt.";
    }
    if (result.status == TrainStatus::Failed && request.onLog)
        request.onLog("failed: " + result.error + (result.hint.empty() ? "" : " — " + result.hint));
    return result;
}

}  // namespace ts
