// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/paths.h"

#include <cstdlib>
#include <sys/stat.h>

namespace ts {

namespace {
std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}
}  // namespace

std::string cacheDir() {
    if (auto d = env("TS_CACHE_DIR"); !d.empty()) return d;
    if (auto x = env("XDG_CACHE_HOME"); !x.empty()) return x + "/tuning-studio";
    return env("HOME") + "/.cache/tuning-studio";
}

std::string demoModelPath() {
    if (auto p = env("TS_DEMO_MODEL"); !p.empty()) return p;
    return cacheDir() + "/models/SmolLM2-135M-Instruct.Q4_1.gguf";
}

bool fileExists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace ts
