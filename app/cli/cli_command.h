// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Self-registering CLI commands and a small argument parser. Each command lives in its own file:
//   static ts::cli::Registration reg{"tokenize", "Encode stdin to token ids", &runTokenize};
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ts::cli {

// "--key value" options, "--flag" switches and positional words, in the order given.
class Args {
public:
    // flagNames: options that take no value (everything else starting with -- takes one).
    Args(const std::vector<std::string>& argv, const std::vector<std::string>& flagNames);
    bool has(const std::string& name) const;
    std::optional<std::string> get(const std::string& name) const;
    std::string require(const std::string& name) const;  // throws ts::Error naming the option
    std::string getOr(const std::string& name, const std::string& fallback) const;
    double getDouble(const std::string& name, double fallback) const;
    long long getInt(const std::string& name, long long fallback) const;
    const std::vector<std::string>& positional() const { return positional_; }
    // Throws when an option not in `known` was given, so typos do not pass silently.
    void allowOnly(const std::vector<std::string>& known) const;

private:
    std::map<std::string, std::string> values_;
    std::vector<std::string> order_;
    std::vector<std::string> positional_;
};

using CommandFn = std::function<int(const std::vector<std::string>& args)>;

struct Command {
    std::string name;
    std::string summary;
    CommandFn run;
};

std::map<std::string, Command>& registry();

struct Registration {
    Registration(std::string name, std::string summary, CommandFn fn);
};

}  // namespace ts::cli
