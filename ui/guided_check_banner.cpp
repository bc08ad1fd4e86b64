// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/guided_check_banner.h"

#include "app/guidance/guided_check.h"
#include "app/store/project_store.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

namespace ts::ui {

GuidedCheckBanner::GuidedCheckBanner(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("guidedCheckBanner"));
    setStyleSheet(QStringLiteral(
        "QFrame#guidedCheckBanner { background: palette(base); border: 1px solid "
        "palette(midlight); border-left: 4px solid palette(highlight); border-radius: 4px; }"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 6, 12, 6);
    label_ = new QLabel(this);
    label_->setObjectName(QStringLiteral("guidedCheckSummary"));
    label_->setWordWrap(true);
    label_->setTextFormat(Qt::RichText);
    layout->addWidget(label_, 1);
    hide();
}

void GuidedCheckBanner::showFor(const ProjectStore* store) {
    if (!store || !store->isOpen()) {
        hide();
        return;
    }
    const std::optional<GuidedCheckRecord> record = loadGuidedCheck(*store);
    if (!record) {
        label_->setText(
            tr("<b>Is fine-tuning the right tool?</b> Not checked yet for this "
               "project: File ▸ Fine-Tuning Check."));
        setToolTip(QString());
    } else {
        const GuidedCheckAdvice advice = guidedCheckAdvice(record->verdict);
        const QDateTime when = QDateTime::fromString(record->completedAt, Qt::ISODateWithMs);
        // Rich text knows no palette roles: the muted colour goes in as a value.
        const QString muted = palette().color(QPalette::PlaceholderText).name();
        label_->setText(
            tr("<b>Fine-tuning check:</b> %1 <span style='color:%2'>(answered %3; File ▸ "
               "Fine-Tuning Check to change)</span>")
                .arg(advice.headline.toHtmlEscaped(), muted,
                     QLocale().toString(when.toLocalTime().date(), QLocale::ShortFormat)));
        setToolTip(advice.explanation);
    }
    show();
}

QString GuidedCheckBanner::text() const {
    return label_->text();
}

}  // namespace ts::ui
