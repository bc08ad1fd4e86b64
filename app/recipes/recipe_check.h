// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The engine's recipe validation (engine/train/recipe.h) behind a header with neither torch nor
// Qt in it: the recipe parser's header pulls in torch (through the LoRA config), and the app's
// Qt files must never see torch. Only recipe_check.cpp includes the engine header.
#include <string>

namespace ts {

struct RecipeCheckResult {
    bool ok = false;
    std::string message;         // complete error text (file, field, reason), empty when ok
    std::string reason;          // the reason alone ("must be an integer in [1, 1024], got 0")
    std::string field;           // dotted key of the offending field ("lora.r"), may be empty
    std::string normalizedJson;  // when ok: every key with its default filled in
};

// Parses and validates a recipe document given as JSON text. Never throws.
RecipeCheckResult checkRecipeJson(const std::string& jsonText, const std::string& file = {});

}  // namespace ts
