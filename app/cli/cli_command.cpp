// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli_command.h"

#include "engine/core/error.h"

#include <algorithm>

namespace ts::cli {

Args::Args(const std::vector<std::string>& argv, const std::vector<std::string>& flagNames) {
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.rfind("--", 0) == 0 && a.size() > 2) {
            std::string name = a.substr(2);
            auto eq = name.find('=');
            if (eq != std::string::npos) {
                values_[name.substr(0, eq)] = name.substr(eq + 1);
                order_.push_back(name.substr(0, eq));
                continue;
            }
            order_.push_back(name);
            if (std::find(flagNames.begin(), flagNames.end(), name) != flagNames.end()) {
                values_[name] = "1";
            } else {
                if (i + 1 >= argv.size())
                    throw Error("option --" + name + " needs a value", {}, "--" + name);
                values_[name] = argv[++i];
            }
        } else {
            positional_.push_back(a);
        }
    }
}

bool Args::has(const std::string& name) const { return values_.count(name) > 0; }

std::optional<std::string> Args::get(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::string Args::require(const std::string& name) const {
    auto v = get(name);
    if (!v) throw Error("missing required option --" + name, {}, "--" + name);
    return *v;
}

std::string Args::getOr(const std::string& name, const std::string& fallback) const {
    return get(name).value_or(fallback);
}

double Args::getDouble(const std::string& name, double fallback) const {
    auto v = get(name);
    if (!v) return fallback;
    try {
        size_t used = 0;
        double d = std::stod(*v, &used);
        if (used != v->size()) throw std::invalid_argument("trailing");
        return d;
    } catch (const std::exception&) {
        throw Error("option --" + name + " expects a number, got '" + *v + "'", {}, "--" + name);
    }
}

long long Args::getInt(const std::string& name, long long fallback) const {
    auto v = get(name);
    if (!v) return fallback;
    try {
        size_t used = 0;
        long long n = std::stoll(*v, &used);
        if (used != v->size()) throw std::invalid_argument("trailing");
        return n;
    } catch (const std::exception&) {
        throw Error("option --" + name + " expects an integer, got '" + *v + "'", {},
                    "--" + name);
    }
}

void Args::allowOnly(const std::vector<std::string>& known) const {
    for (const auto& name : order_)
        if (std::find(known.begin(), known.end(), name) == known.end())
            throw Error("unknown option --" + name, {}, "--" + name);
}

std::map<std::string, Command>& registry() {
    static std::map<std::string, Command> commands;
    return commands;
}

Registration::Registration(std::string name, std::string summary, CommandFn fn) {
    registry()[name] = Command{name, std::move(summary), std::move(fn)};
}

}  // namespace ts::cli
