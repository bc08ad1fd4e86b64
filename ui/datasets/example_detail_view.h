// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The detail pane of the dataset browser: one example rendered for reading. A chat shows one
// bubble per turn, coloured by role (system, user, assistant); other kinds show their fields the
// same way (prompt / completion, text / label, prompt / chosen / rejected).
#include "app/datasets/example_record.h"

#include <QTextBrowser>

namespace ts::ui {

class ExampleDetailView : public QTextBrowser {
    Q_OBJECT
public:
    explicit ExampleDetailView(QWidget* parent = nullptr);

    // `tags` and `flags` are shown above the conversation, comma separated.
    void showExample(const ExampleRecord& record, const QString& tags, const QString& flags);
    void showPlaceholder(const QString& text);

    // The HTML for `record` (public for tests).
    static QString exampleHtml(const ExampleRecord& record, const QString& tags,
                               const QString& flags);
};

}  // namespace ts::ui
