// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/annotation/shortcut_help_overlay.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace ts::ui {

ShortcutHelpOverlay::ShortcutHelpOverlay(const QList<Entry>& entries, QWidget* parent)
    : QFrame(parent), entries_(entries) {
    setObjectName(QStringLiteral("shortcutHelp"));
    setAutoFillBackground(false);
    setStyleSheet(QStringLiteral(
        "QFrame#shortcutHelp { background: rgba(20, 24, 32, 225); }"
        "QLabel { color: #f0f0f0; background: transparent; }"));
    auto* layout = new QVBoxLayout(this);
    layout->setAlignment(Qt::AlignCenter);
    auto* title = new QLabel(tr("<h2>Keyboard shortcuts</h2>"), this);
    title->setAlignment(Qt::AlignHCenter);
    layout->addWidget(title);
    QString rows;
    for (const Entry& e : entries_)
        rows += QStringLiteral("<tr><td align='right' style='padding:3px 14px;'><b>%1</b></td>"
                               "<td style='padding:3px 14px;'>%2</td></tr>")
                    .arg(e.first.toHtmlEscaped(), e.second.toHtmlEscaped());
    table_ = new QLabel(QStringLiteral("<table>%1</table>").arg(rows), this);
    table_->setObjectName(QStringLiteral("shortcutTable"));
    table_->setAlignment(Qt::AlignHCenter);
    layout->addWidget(table_);
    auto* hint = new QLabel(tr("Press ? , F1 or Esc to close"), this);
    hint->setAlignment(Qt::AlignHCenter);
    layout->addWidget(hint);
    hide();
    parent->installEventFilter(this);
}

void ShortcutHelpOverlay::toggle() {
    if (isVisible()) {
        hide();
        return;
    }
    setGeometry(parentWidget()->rect());
    raise();
    show();
}

bool ShortcutHelpOverlay::eventFilter(QObject* watched, QEvent* event) {
    if (watched == parentWidget() && event->type() == QEvent::Resize)
        setGeometry(parentWidget()->rect());
    return QFrame::eventFilter(watched, event);
}

}  // namespace ts::ui
