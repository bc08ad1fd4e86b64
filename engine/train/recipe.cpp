// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/recipe.h"

#include "engine/core/error.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace ts {
namespace {

using nlohmann::json;

constexpr int64_t kMaxCount = 1000000000;  // a billion steps/examples: beyond any real run

std::string numberText(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

// Reads one JSON object's keys, refusing the ones it does not know, with dotted field names.
class ObjectReader {
public:
    ObjectReader(const json& object, std::string file, std::string prefix,
                 std::set<std::string> known)
        : object_(object), file_(std::move(file)), prefix_(std::move(prefix)) {
        if (!object_.is_object())
            throw Error("must be a JSON object", file_, prefix_.empty() ? "" : prefix_.substr(0, prefix_.size() - 1));
        for (const auto& item : object_.items()) {
            if (!known.count(item.key())) {
                std::string allowed;
                for (const auto& k : known) allowed += (allowed.empty() ? "" : ", ") + k;
                throw Error("unknown key (allowed here: " + allowed + ")", file_, prefix_ + item.key());
            }
        }
    }

    const json* find(const std::string& key) const {
        auto it = object_.find(key);
        return it == object_.end() ? nullptr : &*it;
    }
    std::string field(const std::string& key) const { return prefix_ + key; }
    const std::string& file() const { return file_; }

    void readInt(const std::string& key, int64_t& out, int64_t lo, int64_t hi) const {
        const json* v = find(key);
        if (!v) return;
        const std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
        if (!v->is_number_integer())
            throw Error("must be an integer in " + range, file_, field(key));
        // Unsigned values above int64's range are out of range too.
        if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(hi))
            throw Error("must be an integer in " + range, file_, field(key));
        const int64_t x = v->get<int64_t>();
        if (x < lo || x > hi)
            throw Error("must be an integer in " + range + ", got " + std::to_string(x), file_, field(key));
        out = x;
    }

    // lo/hi with open or closed ends, described in the message the same way.
    void readNumber(const std::string& key, double& out, double lo, bool loOpen, double hi,
                    bool hiOpen) const {
        const json* v = find(key);
        if (!v) return;
        const std::string range = std::string(loOpen ? "(" : "[") + numberText(lo) + ", " +
                                  numberText(hi) + (hiOpen ? ")" : "]");
        if (!v->is_number()) throw Error("must be a number in " + range, file_, field(key));
        const double x = v->get<double>();
        const bool ok = std::isfinite(x) && (loOpen ? x > lo : x >= lo) && (hiOpen ? x < hi : x <= hi);
        if (!ok) throw Error("must be a number in " + range + ", got " + numberText(x), file_, field(key));
        out = x;
    }

    void readBool(const std::string& key, bool& out) const {
        const json* v = find(key);
        if (!v) return;
        if (!v->is_boolean()) throw Error("must be true or false", file_, field(key));
        out = v->get<bool>();
    }

    // Returns the string if present; `allowed` (when non-empty) lists the accepted values.
    bool readString(const std::string& key, std::string& out, const std::string& allowed = {}) const {
        const json* v = find(key);
        if (!v) return false;
        if (!v->is_string())
            throw Error(allowed.empty() ? "must be a string" : "must be one of: " + allowed, file_, field(key));
        out = v->get<std::string>();
        return true;
    }

private:
    const json& object_;
    std::string file_, prefix_;
};

const std::set<std::string> kPassthroughKeys = {"ui", "name", "description", "base_model",
                                                "dataset_version", "thresholds"};

void readPassthrough(const ObjectReader& r, const json& doc, Recipe& recipe) {
    for (const auto& key : kPassthroughKeys) {
        const json* v = r.find(key);
        if (!v) continue;
        const bool objectKey = key == "ui" || key == "thresholds";
        if (objectKey && !v->is_object())
            throw Error("must be a JSON object (kept for the application, not read by the engine)",
                        r.file(), key);
        if (!objectKey && !v->is_string() && !v->is_null())
            throw Error("must be a string", r.file(), key);
        recipe.passthrough[key] = doc.at(key);
    }
}

void readLora(const json& object, const std::string& file, LoraConfig& lora) {
    ObjectReader r(object, file, "lora.", {"r", "alpha", "dropout", "targets", "rslora", "compute"});
    r.readInt("r", lora.r, 1, kMaxLoraRank);
    std::string compute;
    if (r.readString("compute", compute, "autocast, float32")) {
        if (compute == "autocast")
            lora.compute = LoraConfig::Compute::Autocast;
        else if (compute == "float32")
            lora.compute = LoraConfig::Compute::Float32;
        else
            throw Error("must be one of: autocast, float32 (got '" + compute + "')", file, "lora.compute");
    }
    r.readNumber("alpha", lora.alpha, 0.0, true, 1e6, false);
    r.readNumber("dropout", lora.dropout, 0.0, false, 1.0, true);
    r.readBool("rslora", lora.rsLora);
    if (const json* t = r.find("targets")) {
        if (!t->is_array())
            throw Error("must be an array of module names (q_proj, k_proj, v_proj, o_proj, "
                        "gate_proj, up_proj, down_proj)",
                        file, "lora.targets");
        lora.targets.clear();
        for (const auto& item : *t) {
            if (!item.is_string())
                throw Error("every target must be a module name string", file, "lora.targets");
            lora.targets.push_back(item.get<std::string>());
        }
    }
    lora.validate(file, "lora.");
}

}  // namespace

std::string trainMethodName(TrainMethod m) { return m == TrainMethod::Dpo ? "dpo" : "sft"; }
std::string weightQuantName(WeightQuant q) { return q == WeightQuant::None ? "none" : "nf4"; }

Recipe parseRecipe(const json& doc, const std::string& file) {
    std::set<std::string> known = {"method", "quant", "double_quant", "lora", "lr", "schedule",
                                   "warmup_steps", "weight_decay", "max_grad_norm", "epochs",
                                   "max_steps", "batch_size", "grad_accum", "max_seq_len",
                                   "packing", "grad_ckpt", "eval_every", "save_every", "seed", "dpo"};
    known.insert(kPassthroughKeys.begin(), kPassthroughKeys.end());
    ObjectReader r(doc, file, "", known);
    Recipe recipe;

    std::string text;
    if (r.readString("method", text, "sft, dpo")) {
        if (text == "sft") recipe.method = TrainMethod::Sft;
        else if (text == "dpo") recipe.method = TrainMethod::Dpo;
        else throw Error("unknown method '" + text + "' (allowed: sft, dpo)", file, "method");
    }
    if (r.readString("quant", text, "nf4, none")) {
        if (text == "nf4") recipe.quant = WeightQuant::Nf4;
        else if (text == "none") recipe.quant = WeightQuant::None;
        else throw Error("unknown quant '" + text + "' (allowed: nf4, none)", file, "quant");
    }
    r.readBool("double_quant", recipe.doubleQuant);
    if (const json* lora = r.find("lora")) readLora(*lora, file, recipe.lora);
    r.readNumber("lr", recipe.lr, 0.0, true, 1.0, false);
    if (r.readString("schedule", text, "cosine, linear, constant"))
        recipe.schedule = parseLrScheduleKind(text, file, "schedule");
    r.readInt("warmup_steps", recipe.warmupSteps, 0, kMaxCount);
    r.readNumber("weight_decay", recipe.weightDecay, 0.0, false, 1.0, false);
    r.readNumber("max_grad_norm", recipe.maxGradNorm, 0.0, false, 1e6, false);
    r.readInt("epochs", recipe.epochs, 1, 1000);
    r.readInt("max_steps", recipe.maxSteps, 0, kMaxCount);
    r.readInt("batch_size", recipe.batchSize, 1, 4096);
    r.readInt("grad_accum", recipe.gradAccum, 1, 4096);
    r.readInt("max_seq_len", recipe.maxSeqLen, 16, 131072);
    r.readBool("packing", recipe.packing);
    r.readBool("grad_ckpt", recipe.gradCkpt);
    r.readInt("eval_every", recipe.evalEvery, 0, kMaxCount);
    r.readInt("save_every", recipe.saveEvery, 0, kMaxCount);
    int64_t seed = static_cast<int64_t>(recipe.seed);
    r.readInt("seed", seed, 0, static_cast<int64_t>(std::numeric_limits<uint32_t>::max()));
    recipe.seed = static_cast<uint64_t>(seed);
    if (const json* dpo = r.find("dpo")) {
        ObjectReader d(*dpo, file, "dpo.", {"beta", "label_smoothing"});
        d.readNumber("beta", recipe.dpo.beta, 0.0, true, 100.0, false);
        d.readNumber("label_smoothing", recipe.dpo.labelSmoothing, 0.0, false, 0.5, true);
    }
    readPassthrough(r, doc, recipe);
    return recipe;
}

Recipe parseRecipeText(const std::string& text, const std::string& file) {
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        // nlohmann reports a byte offset; name it so the user can find the spot.
        throw Error(std::string("not valid JSON: ") + e.what(), file, {}, -1);
    }
    return parseRecipe(doc, file);
}

Recipe loadRecipeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open the recipe file", path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return parseRecipeText(buffer.str(), path);
}

int64_t Recipe::totalOptimizerSteps(int64_t examples) const {
    if (maxSteps > 0) return maxSteps;
    const int64_t batches = (std::max<int64_t>(examples, 0) + batchSize - 1) / batchSize;
    return epochs * ((batches + gradAccum - 1) / gradAccum);
}

LrSchedule Recipe::lrSchedule(int64_t totalSteps) const {
    LrSchedule s;
    s.kind = schedule;
    s.baseLr = lr;
    s.warmupSteps = warmupSteps;
    s.totalSteps = totalSteps;
    return s;
}

nlohmann::json Recipe::toJson() const {
    json j = {
        {"method", trainMethodName(method)},
        {"quant", weightQuantName(quant)},
        {"double_quant", doubleQuant},
        {"lora", {{"r", lora.r}, {"alpha", lora.alpha}, {"dropout", lora.dropout},
                  {"targets", lora.targets}, {"rslora", lora.rsLora},
                  {"compute", lora.compute == LoraConfig::Compute::Autocast ? "autocast" : "float32"}}},
        {"lr", lr},
        {"schedule", lrScheduleName(schedule)},
        {"warmup_steps", warmupSteps},
        {"weight_decay", weightDecay},
        {"max_grad_norm", maxGradNorm},
        {"epochs", epochs},
        {"max_steps", maxSteps},
        {"batch_size", batchSize},
        {"grad_accum", gradAccum},
        {"max_seq_len", maxSeqLen},
        {"packing", packing},
        {"grad_ckpt", gradCkpt},
        {"eval_every", evalEvery},
        {"save_every", saveEvery},
        {"seed", seed},
        {"dpo", {{"beta", dpo.beta}, {"label_smoothing", dpo.labelSmoothing}}},
    };
    for (const auto& item : passthrough.items()) j[item.key()] = item.value();
    return j;
}

}  // namespace ts
