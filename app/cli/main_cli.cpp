// SPDX-License-Identifier: GPL-3.0-or-later
// tuning-studio-cli: dispatches to the self-registered commands (cmd_*.cpp, project_cmd_*.cpp).
#include "cli_command.h"

#include "engine/core/error.h"

#include <cstdio>
#include <iostream>

namespace {
void printUsage() {
    std::cerr << "usage: tuning-studio-cli COMMAND [OPTIONS]\n\ncommands:\n";
    for (const auto& [name, cmd] : ts::cli::registry())
        std::cerr << "  " << name << std::string(name.size() < 14 ? 14 - name.size() : 1, ' ')
                  << cmd.summary << "\n";
    std::cerr << "\nRun 'tuning-studio-cli COMMAND --help' for a command's options.\n";
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" ||
        std::string(argv[1]) == "help") {
        printUsage();
        return argc < 2 ? 2 : 0;
    }
    const std::string name = argv[1];
    auto& commands = ts::cli::registry();
    auto it = commands.find(name);
    if (it == commands.end()) {
        std::cerr << "tuning-studio-cli: unknown command '" << name << "'\n";
        printUsage();
        return 2;
    }
    std::vector<std::string> args(argv + 2, argv + argc);
    try {
        return it->second.run(args);
    } catch (const ts::Error& e) {
        std::cerr << "tuning-studio-cli " << name << ": error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "tuning-studio-cli " << name << ": error: " << e.what() << "\n";
        return 1;
    }
}
