// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A translucent panel over the annotation view listing every shortcut (? or F1 shows it, any of
// ?, F1 or Esc hides it). It follows its parent's size.
#include <QFrame>
#include <QList>
#include <QPair>
#include <QString>

class QLabel;

namespace ts::ui {

class ShortcutHelpOverlay : public QFrame {
    Q_OBJECT
public:
    // Each entry: the keys as shown ("1 … 9") and what they do.
    using Entry = QPair<QString, QString>;
    ShortcutHelpOverlay(const QList<Entry>& entries, QWidget* parent);
    void toggle();
    const QList<Entry>& entries() const { return entries_; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QList<Entry> entries_;
    QLabel* table_ = nullptr;
};

}  // namespace ts::ui
