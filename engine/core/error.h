// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <stdexcept>
#include <string>

namespace ts {

// Every error the engine reports names what went wrong and where: the file, and where it makes
// sense the line/offset and the field. The message is complete on its own (what()), the parts
// stay available for UIs that want to lay them out.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message, std::string file = {}, std::string field = {},
                   long long line = -1)
        : std::runtime_error(compose(message, file, field, line)),
          message_(message), file_(std::move(file)), field_(std::move(field)), line_(line) {}

    const std::string& message() const { return message_; }
    const std::string& file() const { return file_; }
    const std::string& field() const { return field_; }
    long long line() const { return line_; }

private:
    static std::string compose(const std::string& message, const std::string& file,
                               const std::string& field, long long line) {
        std::string where;
        if (!file.empty()) where += file;
        if (line >= 0) where += (where.empty() ? "line " : ":") + std::to_string(line);
        if (!field.empty()) where += (where.empty() ? "field '" : ", field '") + field + "'";
        return where.empty() ? message : where + ": " + message;
    }
    std::string message_, file_, field_;
    long long line_;
};

}  // namespace ts
