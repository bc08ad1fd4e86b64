// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/run_errors.h"

#include <QCoreApplication>

namespace ts {
namespace {
QString tr(const char* text) { return QCoreApplication::translate("ts::RunErrors", text); }
}  // namespace

QString hintForTrainingError(const QString& error) {
    const QString e = error.toLower();
    if (e.contains(QLatin1String("out of memory")) || e.contains(QLatin1String("bad_alloc")) ||
        e.contains(QLatin1String("cannot allocate")))
        return tr("The model, its activations and the optimizer state did not fit in memory. "
                  "Lower batch_size (raise grad_accum to keep the same effective batch), lower "
                  "max_seq_len, turn on grad_ckpt, or use quant nf4; a smaller LoRA rank helps "
                  "a little.");
    if (e.contains(QLatin1String("no such file")) || e.contains(QLatin1String("not found")) ||
        e.contains(QLatin1String("cannot open")))
        return tr("Check the base model path in the recipe: it must be a Hugging Face folder "
                  "(config.json and safetensors) or a .gguf file that still exists.");
    if (e.contains(QLatin1String("empty")))
        return tr("Assign examples to the split the recipe trains on (Datasets page) or pick "
                  "another split in the recipe.");
    if (e.contains(QLatin1String("nan")) || e.contains(QLatin1String("diverge")))
        return tr("The loss diverged: lower the learning rate, add warmup steps, or keep "
                  "max_grad_norm at 1.0.");
    if (e.contains(QLatin1String("not available")))
        return tr("This build of Tuning Studio has no training loop; use a release build.");
    return {};
}

QString composeRunError(const QString& error, const QString& hint) {
    const QString useHint = hint.isEmpty() ? hintForTrainingError(error) : hint;
    return useHint.isEmpty() ? error : error + QLatin1Char('\n') + useHint;
}

RunErrorParts splitRunError(const QString& stored) {
    const qsizetype newline = stored.indexOf(QLatin1Char('\n'));
    if (newline < 0) return {stored, {}};
    return {stored.left(newline), stored.mid(newline + 1)};
}

}  // namespace ts
