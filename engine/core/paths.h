// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Well-known locations, shared by the CLI, the app and the tests. Torch-free.
#include <string>

namespace ts {

// $TS_CACHE_DIR, else $XDG_CACHE_HOME/tuning-studio, else ~/.cache/tuning-studio.
std::string cacheDir();

// The demo model (SmolLM2-135M-Instruct, Q4_1 GGUF) fetched by scripts/fetch-demo-model.sh:
// $TS_DEMO_MODEL when set, else cacheDir()/models/SmolLM2-135M-Instruct.Q4_1.gguf.
// The file may not exist; callers check.
std::string demoModelPath();

bool fileExists(const std::string& path);

}  // namespace ts
