// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/project_page.h"

#include "app/store/project_store.h"
#include "ui/pages/table_counts.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace ts::ui {

namespace {

QLabel* makeLabel(const QString& text, qreal pointScale, bool bold, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * pointScale);
    font.setBold(bold);
    label->setFont(font);
    return label;
}

// A card with one big number and its caption.
QFrame* makeStatCard(const QString& table, const QString& value, const QString& caption,
                     const QString& toolTip, QWidget* parent) {
    auto* card = new QFrame(parent);
    card->setObjectName(QStringLiteral("statCard"));
    card->setToolTip(toolTip);
    card->setMinimumWidth(150);
    auto* layout = new QVBoxLayout(card);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(2);
    QLabel* number = makeLabel(value, 2.0, true, card);
    // Tests and later features find a count by its table name.
    number->setObjectName(QStringLiteral("count_") + table);
    layout->addWidget(number);
    QLabel* captionLabel = new QLabel(caption, card);
    captionLabel->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(captionLabel);
    return card;
}

}  // namespace

ProjectPage::ProjectPage(const QString& title, IconKind iconKind, const QString& description,
                         QList<Fact> facts, QWidget* parent)
    : QWidget(parent), title_(title), iconKind_(iconKind), facts_(std::move(facts)) {
    setStyleSheet(QStringLiteral(
        "QFrame#statCard { background: palette(base); border: 1px solid palette(midlight);"
        " border-radius: 8px; }"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 24, 32, 24);
    layout->setSpacing(8);

    projectNameLabel_ = makeLabel(QString(), 0.95, false, this);
    projectNameLabel_->setObjectName(QStringLiteral("projectName"));
    projectNameLabel_->setForegroundRole(QPalette::PlaceholderText);
    projectNameLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(projectNameLabel_);

    QLabel* titleLabel = makeLabel(title_, 1.9, true, this);
    titleLabel->setObjectName(QStringLiteral("pageTitle"));
    layout->addWidget(titleLabel);

    QLabel* descriptionLabel = new QLabel(description, this);
    descriptionLabel->setObjectName(QStringLiteral("pageDescription"));
    descriptionLabel->setWordWrap(true);
    descriptionLabel->setMaximumWidth(760);
    descriptionLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    layout->addWidget(descriptionLabel);

    layout->addSpacing(16);
    layout->addWidget(makeLabel(tr("In this project"), 1.1, true, this));
    overviewLayout_ = new QGridLayout;
    overviewLayout_->setHorizontalSpacing(12);
    overviewLayout_->setVerticalSpacing(12);
    layout->addLayout(overviewLayout_);

    contentLayout_ = new QVBoxLayout;
    layout->addLayout(contentLayout_);
    layout->addStretch(1);
}

void ProjectPage::setProject(const ProjectStore* store) {
    project_ = store;
    refresh();
}

void ProjectPage::refresh() {
    projectNameLabel_->setText(project_ ? project_->projectName().toUpper() : QString());
    rebuildOverview();
}

void ProjectPage::rebuildOverview() {
    while (QLayoutItem* item = overviewLayout_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    if (!project_) return;
    const QSqlDatabase db = project_->database();
    const QLocale locale;
    int column = 0;
    for (const Fact& fact : facts_) {
        const std::optional<qint64> rows = countTableRows(db, fact.table);
        const QString value = rows ? locale.toString(*rows) : QStringLiteral("—");
        const QString toolTip =
            rows ? QString()
                 : tr("This project's schema (version %1) has no \"%2\" table yet.")
                       .arg(project_->schemaVersion())
                       .arg(fact.table);
        overviewLayout_->addWidget(makeStatCard(fact.table, value, fact.label, toolTip, this), 0,
                                   column++);
    }
    overviewLayout_->setColumnStretch(column, 1);
}

}  // namespace ts::ui
