// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/datasets/example_detail_view.h"

#include <QCoreApplication>

namespace ts::ui {

namespace {

struct BubbleStyle {
    const char* background;
    const char* accent;
    const char* align;
};

BubbleStyle styleFor(const QString& role) {
    if (role == QLatin1String("system")) return {"#f1f1f4", "#6b6b7b", "left"};
    if (role == QLatin1String("assistant")) return {"#e7f3ea", "#2e7d46", "left"};
    if (role == QLatin1String("rejected")) return {"#fbeaea", "#b3261e", "left"};
    return {"#e6effb", "#1f5fbf", "left"};  // user, prompt, text
}

// One turn: a small caps role line, then the text with its line breaks kept. Qt's rich text has
// no border-radius, so a table cell with padding stands in for the bubble.
QString bubble(const QString& role, const QString& caption, const QString& text) {
    const BubbleStyle style = styleFor(role);
    QString body = text.toHtmlEscaped();
    body.replace(QLatin1Char('\n'), QStringLiteral("<br/>"));
    if (body.isEmpty()) body = QStringLiteral("<i>%1</i>").arg(QCoreApplication::translate("ExampleDetailView", "(empty)"));
    return QStringLiteral(
               "<table width=\"100%\" cellspacing=\"0\" cellpadding=\"8\" "
               "style=\"margin-bottom:8px; background-color:%1;\">"
               "<tr><td><span style=\"color:%2; font-weight:600; font-size:small;\">%3</span><br/>"
               "%4</td></tr></table>")
        .arg(QLatin1String(style.background), QLatin1String(style.accent),
             caption.toHtmlEscaped().toUpper(), body);
}

}  // namespace

ExampleDetailView::ExampleDetailView(QWidget* parent) : QTextBrowser(parent) {
    setObjectName(QStringLiteral("exampleDetail"));
    setOpenLinks(false);
    showPlaceholder(tr("Select an example to read it here."));
}

void ExampleDetailView::showPlaceholder(const QString& text) {
    setHtml(QStringLiteral("<p style=\"color:#777;\">%1</p>").arg(text.toHtmlEscaped()));
}

void ExampleDetailView::showExample(const ExampleRecord& record, const QString& tags,
                                    const QString& flags) {
    setHtml(exampleHtml(record, tags, flags));
}

QString ExampleDetailView::exampleHtml(const ExampleRecord& record, const QString& tags,
                                       const QString& flags) {
    QString html;
    QStringList facts;
    facts << exampleKindName(record.kind);
    if (record.sourceLine > 0) facts << tr("line %1").arg(record.sourceLine);
    if (!tags.isEmpty()) facts << tr("tags: %1").arg(tags);
    if (!flags.isEmpty()) facts << tr("flags: %1").arg(flags);
    html += QStringLiteral("<p style=\"color:#666;\">%1</p>")
                .arg(facts.join(QStringLiteral(" · ")).toHtmlEscaped());
    switch (record.kind) {
    case ExampleKind::Chat:
        for (const ChatMessage& m : record.messages) html += bubble(m.role, m.role, m.content);
        break;
    case ExampleKind::PromptCompletion:
        if (!record.systemPrompt.isEmpty())
            html += bubble(QStringLiteral("system"), tr("system"), record.systemPrompt);
        html += bubble(QStringLiteral("user"), tr("prompt"), record.prompt);
        html += bubble(QStringLiteral("assistant"), tr("completion"), record.completion);
        break;
    case ExampleKind::Classification:
        html += bubble(QStringLiteral("user"), tr("text"), record.text);
        html += bubble(QStringLiteral("assistant"), tr("label"), record.label);
        break;
    case ExampleKind::Preference:
        if (!record.messages.isEmpty()) {
            for (const ChatMessage& m : record.messages) html += bubble(m.role, m.role, m.content);
        } else {
            html += bubble(QStringLiteral("user"), tr("prompt"), record.prompt);
        }
        html += bubble(QStringLiteral("assistant"), tr("chosen"), record.chosen);
        html += bubble(QStringLiteral("rejected"), tr("rejected"), record.rejected);
        break;
    }
    return html;
}

}  // namespace ts::ui
