// SPDX-License-Identifier: GPL-3.0-or-later
// The recipe document (dotted paths, undo with merged typing), the engine validation behind it,
// saved recipes, the shipped presets, the model-shape reader and the estimate formula.
#include "store_test_support.h"

#include "app/recipes/recipe_document.h"
#include "app/recipes/recipe_estimate.h"
#include "app/recipes/recipe_store.h"
#include "app/store/project_store.h"
#include "engine/core/error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

namespace ts::test {
namespace {

TEST(RecipeDocument, DottedPathsCreateAndRemoveNestedObjects) {
    RecipeDocument doc;
    doc.setValue(QStringLiteral("lora.r"), 8);
    EXPECT_EQ(doc.json().value(QStringLiteral("lora")).toObject().value(QStringLiteral("r")).toInt(), 8);
    EXPECT_EQ(doc.value(QStringLiteral("lora.r")).toInt(), 8);
    EXPECT_TRUE(doc.value(QStringLiteral("lora.alpha")).isUndefined());
    doc.undoStack()->undo();
    EXPECT_FALSE(doc.json().contains(QStringLiteral("lora")));  // no empty object left behind
}

TEST(RecipeDocument, EditsOfOneFieldInOneGroupMergeIntoOneUndoStep) {
    RecipeDocument doc;
    doc.setValue(QStringLiteral("lr"), 1e-4);
    doc.endEditGroup();
    // Typing "3e-4" character by character: several values, one step.
    for (const QJsonValue& v : {QJsonValue(3), QJsonValue(QStringLiteral("3e")), QJsonValue(3e-4)})
        doc.setValue(QStringLiteral("lr"), v);
    EXPECT_EQ(doc.undoStack()->count(), 2);
    doc.setValue(QStringLiteral("seed"), 7);  // another field: its own step
    EXPECT_EQ(doc.undoStack()->count(), 3);
    doc.endEditGroup();
    doc.setValue(QStringLiteral("seed"), 8);  // same field, new group: its own step
    EXPECT_EQ(doc.undoStack()->count(), 4);
    doc.undoStack()->undo();
    doc.undoStack()->undo();
    EXPECT_DOUBLE_EQ(doc.value(QStringLiteral("lr")).toDouble(), 3e-4);
    doc.undoStack()->undo();
    EXPECT_DOUBLE_EQ(doc.value(QStringLiteral("lr")).toDouble(), 1e-4);
}

TEST(RecipeDocument, ValidationNamesTheFieldAndFillsDefaults) {
    RecipeDocument doc;
    doc.setValue(QStringLiteral("lora.r"), 0);
    RecipeCheckResult check = doc.check();
    EXPECT_FALSE(check.ok);
    EXPECT_EQ(check.field, "lora.r");
    EXPECT_NE(check.reason.find("[1, 1024]"), std::string::npos) << check.reason;
    doc.setValue(QStringLiteral("lora.r"), 16);
    doc.setValue(QStringLiteral("thresholds"), QJsonObject{{QStringLiteral("min_task_score"), 0.8}});
    doc.setValue(QStringLiteral("base_model"), QStringLiteral("/m"));
    check = doc.check();
    ASSERT_TRUE(check.ok) << check.message;
    const QJsonObject normalized =
        QJsonDocument::fromJson(QByteArray::fromStdString(check.normalizedJson)).object();
    EXPECT_EQ(normalized.value(QStringLiteral("batch_size")).toInt(), 4);  // docs/recipes.md default
    EXPECT_EQ(normalized.value(QStringLiteral("base_model")).toString(), QStringLiteral("/m"));
    doc.setValue(QStringLiteral("lroo"), 1);
    EXPECT_EQ(doc.check().field, "lroo");
}

TEST(RecipeDocument, JsonTextErrorsSayLineAndColumn) {
    QString error;
    EXPECT_FALSE(recipeFromJsonText("{\n \"lr\": }", &error));
    EXPECT_TRUE(error.startsWith(QStringLiteral("2:"))) << error.toStdString();
    EXPECT_FALSE(recipeFromJsonText("[1]", &error));
    const auto ok = recipeFromJsonText(recipeToJsonText(QJsonObject{{QStringLiteral("lr"), 0.001}}), &error);
    ASSERT_TRUE(ok);
    EXPECT_DOUBLE_EQ(ok->value(QStringLiteral("lr")).toDouble(), 0.001);
}

TEST(RecipeStore, SaveUpdateListDelete) {
    QTemporaryDir dir;
    ProjectStore store;
    ASSERT_TRUE(store.open(dir.filePath(QStringLiteral("p.tsproj")), OpenMode::CreateNew).ok);
    const qint64 id = saveRecipe(store.database(), QStringLiteral("a"), {{QStringLiteral("lr"), 0.1}});
    EXPECT_EQ(saveRecipe(store.database(), QStringLiteral("a"), {{QStringLiteral("lr"), 0.2}}), id);
    saveRecipe(store.database(), QStringLiteral("b"), {});
    const QList<SavedRecipe> all = listSavedRecipes(store.database());
    ASSERT_EQ(all.size(), 2);
    EXPECT_DOUBLE_EQ(all[0].json.value(QStringLiteral("lr")).toDouble(), 0.2);
    EXPECT_THROW(saveRecipe(store.database(), QStringLiteral("  "), {}), Error);
    deleteSavedRecipe(store.database(), QStringLiteral("a"));
    EXPECT_FALSE(loadSavedRecipe(store.database(), QStringLiteral("a")));
}

TEST(RecipePresets, EveryShippedPresetLoadsAndValidates) {
    const QList<RecipePreset> presets =
        loadRecipePresets(QStringLiteral(TS_TEST_DATA_DIR "/../../resources/recipes"));
    ASSERT_GE(presets.size(), 4);
    bool baseline = false;
    for (const RecipePreset& p : presets) {
        const RecipeCheckResult check = checkRecipeJson(recipeToJsonText(p.json).toStdString());
        EXPECT_TRUE(check.ok) << p.fileName.toStdString() << ": " << check.message;
        EXPECT_FALSE(p.title.isEmpty());
        const int r = p.json.value(QStringLiteral("lora")).toObject().value(QStringLiteral("r")).toInt();
        if (p.json.value(QStringLiteral("quant")).toString() == QLatin1String("none") && r >= 8 && r <= 16)
            baseline = true;
    }
    EXPECT_TRUE(baseline) << "no plain LoRA r8-16 baseline preset";
}

TEST(RecipeEstimate, ModelShapeFromConfigJson) {
    QString error;
    const auto shape = readModelShape(QStringLiteral(TS_TEST_DATA_DIR "/reference_models/llama"), &error);
    ASSERT_TRUE(shape) << error.toStdString();
    EXPECT_EQ(shape->modelType, QStringLiteral("llama"));
    EXPECT_GT(shape->hiddenSize, 0);
    // The seven projections per layer, from the config's sizes.
    const qint64 h = shape->hiddenSize, i = shape->intermediateSize;
    const qint64 kv = shape->kvHeads * (h / shape->heads);
    EXPECT_EQ(shape->linearParameters, shape->layers * (2 * h * h + 2 * h * kv + 3 * h * i));
    EXPECT_FALSE(readModelShape(QStringLiteral("/nonexistent/model"), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("/nonexistent/model")));
}

TEST(RecipeEstimate, FormulaByHand) {
    ModelShape m;
    m.hiddenSize = 64;
    m.intermediateSize = 128;
    m.layers = 2;
    m.heads = 4;
    m.kvHeads = 2;
    m.vocabSize = 1000;
    m.linearParameters = 2 * (2 * 64 * 64 + 2 * 64 * 32 + 3 * 64 * 128);
    m.totalParameters = m.linearParameters + 2 * 1000 * 64;
    const QJsonObject recipe{{QStringLiteral("quant"), QStringLiteral("nf4")},
                             {QStringLiteral("lora"), QJsonObject{{QStringLiteral("r"), 4},
                                                                  {QStringLiteral("targets"),
                                                                   QJsonArray{QStringLiteral("q_proj"),
                                                                              QStringLiteral("v_proj")}}}},
                             {QStringLiteral("batch_size"), 2},
                             {QStringLiteral("max_seq_len"), 32},
                             {QStringLiteral("grad_ckpt"), false},
                             {QStringLiteral("grad_accum"), 1},
                             {QStringLiteral("max_steps"), 0}};
    const RecipeEstimate e = estimateRecipe(m, recipe, 10, false);
    // LoRA: q (64 -> 64) and v (64 -> 32) with r 4, in 2 layers.
    EXPECT_EQ(e.loraParameters, 2 * (4 * (64 + 64) + 4 * (64 + 32)));
    EXPECT_DOUBLE_EQ(e.baseBytes, double(m.linearParameters) * 0.5625 + 2.0 * 1000 * 64 * 2.0);
    EXPECT_DOUBLE_EQ(e.activationBytes, 2.0 * 32 * 64 * 2 * 34 * 2);
    EXPECT_DOUBLE_EQ(e.logitBytes, 2.0 * 32 * 1000 * 8);
    EXPECT_EQ(e.optimizerStepsPerEpoch, 5);  // ceil(10 / 2)
    EXPECT_DOUBLE_EQ(e.totalBytes, (e.baseBytes + e.loraBytes + e.activationBytes + e.logitBytes) * 1.1);
}

}  // namespace
}  // namespace ts::test
