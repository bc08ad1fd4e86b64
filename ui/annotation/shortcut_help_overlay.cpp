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
    // Full width (the table wraps inside it), centred vertically by the stretches.
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 12, 24, 12);
    layout->addStretch(1);
    auto* title = new QLabel(tr("<h2>Keyboard shortcuts</h2>"), this);
    title->setAlignment(Qt::AlignHCenter);
    layout->addWidget(title);
    // Two columns of keys, so the whole list fits a view of modest height.
    const int half = int((entries_.size() + 1) / 2);
    auto cells = [this](int i) {
        if (i >= entries_.size()) return QStringLiteral("<td></td><td></td>");
        return QStringLiteral("<td align='right' width='16%' style='padding:2px 8px;'><b>%1</b></td>"
                              "<td width='34%' style='padding:2px 20px 2px 8px;'>%2</td>")
            .arg(entries_[i].first.toHtmlEscaped(), entries_[i].second.toHtmlEscaped());
    };
    QString rows;
    for (int i = 0; i < half; ++i)
        rows += QStringLiteral("<tr>%1%2</tr>").arg(cells(i), cells(i + half));
    table_ = new QLabel(QStringLiteral("<table width='100%'>%1</table>").arg(rows), this);
    table_->setWordWrap(true);
    table_->setObjectName(QStringLiteral("shortcutTable"));
    table_->setAlignment(Qt::AlignHCenter);
    layout->addWidget(table_);
    auto* hint = new QLabel(tr("Press ? , F1 or Esc to close"), this);
    hint->setAlignment(Qt::AlignHCenter);
    layout->addWidget(hint);
    layout->addStretch(1);
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
