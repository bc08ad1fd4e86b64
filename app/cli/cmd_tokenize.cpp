// SPDX-License-Identifier: GPL-3.0-or-later
// `tuning-studio-cli tokenize`: stdin text -> token ids, or (--decode) ids -> text.
#include "cli_command.h"

#include "engine/core/error.h"
#include "engine/tokenizer/tokenizer.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <sstream>

namespace {

const char* kUsage =
    "usage: tuning-studio-cli tokenize --tokenizer PATH [--add-special]   (text on stdin)\n"
    "       tuning-studio-cli tokenize --tokenizer PATH --decode [--skip-special] (ids on stdin)\n"
    "PATH: tokenizer.json, tokenizer.model, a model folder or a .gguf file.\n";

std::vector<int32_t> parseIds(const std::string& input) {
    std::vector<int32_t> ids;
    std::istringstream words(input);
    std::string word;
    for (size_t index = 0; words >> word; ++index) {
        errno = 0;
        char* end = nullptr;
        const long long value = std::strtoll(word.c_str(), &end, 10);
        if (*end != '\0' || errno == ERANGE || value < INT32_MIN || value > INT32_MAX)
            throw ts::Error("'" + word + "' is not a token id", "stdin", "id #" + std::to_string(index));
        ids.push_back(int32_t(value));
    }
    return ids;
}

int runTokenize(const std::vector<std::string>& argv) {
    ts::cli::Args args(argv, {"add-special", "decode", "skip-special", "help"});
    args.allowOnly({"tokenizer", "add-special", "decode", "skip-special", "help"});
    if (args.has("help")) {
        std::cout << kUsage;
        return 0;
    }
    auto tokenizer = ts::loadTokenizer(args.require("tokenizer"));
    std::ios::sync_with_stdio(false);
    const std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    if (args.has("decode")) {
        const auto skip = args.has("skip-special") ? ts::SkipSpecial::Yes : ts::SkipSpecial::No;
        std::cout << tokenizer->decode(parseIds(input), skip);
        return 0;
    }
    const auto ids = tokenizer->encode(input, args.has("add-special") ? ts::AddSpecial::Yes : ts::AddSpecial::No);
    std::string line;
    line.reserve(ids.size() * 6);
    for (size_t i = 0; i < ids.size(); ++i) {
        if (i) line += ' ';
        line += std::to_string(ids[i]);
    }
    std::cout << line << '\n';
    return 0;
}

ts::cli::Registration reg{"tokenize", "Encode stdin to token ids, or decode ids to text", &runTokenize};

}  // namespace
