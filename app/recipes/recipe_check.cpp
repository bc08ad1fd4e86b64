// SPDX-License-Identifier: GPL-3.0-or-later
// The one file of the app library that includes a torch-reaching engine header: no Qt here.
#include "app/recipes/recipe_check.h"

#include "engine/core/error.h"
#include "engine/train/recipe.h"

#include <exception>

namespace ts {

RecipeCheckResult checkRecipeJson(const std::string& jsonText, const std::string& file) {
    RecipeCheckResult result;
    try {
        const Recipe recipe = parseRecipeText(jsonText, file);
        result.ok = true;
        result.normalizedJson = recipe.toJson().dump();
    } catch (const Error& e) {
        result.message = e.what();
        result.reason = e.message();
        result.field = e.field();
    } catch (const std::exception& e) {
        result.message = e.what();
        result.reason = e.what();
    }
    return result;
}

}  // namespace ts
