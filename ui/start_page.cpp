// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/start_page.h"

#include "ui/icons.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace ts::ui {

namespace {
constexpr int kPathRole = Qt::UserRole + 1;

QLabel* makeHeading(const QString& text, qreal scale, bool bold, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * scale);
    font.setBold(bold);
    label->setFont(font);
    return label;
}
}  // namespace

StartPage::StartPage(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("startPage"));
    const QColor iconColor = palette().color(QPalette::ButtonText);

    // A centred column of fixed maximum width, like the welcome screens of IDEs.
    auto* outer = new QHBoxLayout(this);
    outer->addStretch(1);
    auto* column = new QVBoxLayout;
    column->setSpacing(10);
    outer->addLayout(column, 4);
    outer->addStretch(1);

    column->addStretch(1);
    auto* brand = new QHBoxLayout;
    brand->setSpacing(16);
    auto* logo = new QLabel(this);
    logo->setPixmap(applicationIcon().pixmap(72, 72));
    brand->addWidget(logo, 0, Qt::AlignTop);
    auto* brandText = new QVBoxLayout;
    brandText->setSpacing(4);
    brandText->addWidget(makeHeading(tr("Tuning Studio"), 2.2, true, this));
    auto* tagline = new QLabel(
        tr("Fine-tune small language models on your own data, on your own computer: "
           "datasets, annotation, QLoRA training runs and evaluation in one project file."),
        this);
    tagline->setWordWrap(true);
    tagline->setForegroundRole(QPalette::PlaceholderText);
    brandText->addWidget(tagline);
    brand->addLayout(brandText, 1);
    column->addLayout(brand);
    column->addSpacing(16);

    auto* buttons = new QHBoxLayout;
    auto* newButton = new QPushButton(lineIcon(IconKind::NewProject, iconColor),
                                      tr("&New Project…"), this);
    newButton->setObjectName(QStringLiteral("newProjectButton"));
    auto* openButton = new QPushButton(lineIcon(IconKind::OpenProject, iconColor),
                                       tr("&Open Project…"), this);
    openButton->setObjectName(QStringLiteral("openProjectButton"));
    for (QPushButton* button : {newButton, openButton}) {
        button->setIconSize(QSize(20, 20));
        button->setMinimumHeight(40);
        button->setMinimumWidth(170);
        buttons->addWidget(button);
    }
    newButton->setDefault(true);
    buttons->addStretch(1);
    column->addLayout(buttons);
    connect(newButton, &QPushButton::clicked, this, &StartPage::newProjectRequested);
    connect(openButton, &QPushButton::clicked, this, &StartPage::openProjectRequested);

    column->addSpacing(20);
    column->addWidget(makeHeading(tr("Recent projects"), 1.15, true, this));
    recentList_ = new QListWidget(this);
    recentList_->setObjectName(QStringLiteral("recentProjects"));
    recentList_->setMinimumHeight(180);
    recentList_->setIconSize(QSize(28, 28));
    recentList_->setUniformItemSizes(true);
    recentList_->setStyleSheet(QStringLiteral(
        "QListWidget#recentProjects { border: 1px solid palette(midlight); border-radius: 8px;"
        " padding: 4px; background: palette(base); }"
        "QListWidget#recentProjects::item { padding: 6px; border-radius: 6px; }"));
    column->addWidget(recentList_, 3);
    noRecentLabel_ = new QLabel(
        tr("No recent projects yet. Projects you create or open are listed here."), this);
    noRecentLabel_->setForegroundRole(QPalette::PlaceholderText);
    column->addWidget(noRecentLabel_);
    column->addStretch(2);

    // One click opens, like a welcome screen's list; Enter on the keyboard does the same.
    connect(recentList_, &QListWidget::itemClicked, this, &StartPage::activateItem);
    connect(recentList_, &QListWidget::itemActivated, this, &StartPage::activateItem);

    setRecentProjects({});
}

void StartPage::setRecentProjects(const QStringList& paths) {
    recentList_->clear();
    const QIcon icon = applicationIcon();
    for (const QString& path : paths) {
        const QFileInfo info(path);
        const bool exists = info.exists();
        QString text = info.completeBaseName() + QLatin1Char('\n') + QDir::toNativeSeparators(path);
        if (!exists) text += QLatin1Char(' ') + tr("(missing)");
        auto* item = new QListWidgetItem(icon, text, recentList_);
        item->setData(kPathRole, path);
        item->setToolTip(exists ? QDir::toNativeSeparators(path)
                                : tr("%1 no longer exists.").arg(QDir::toNativeSeparators(path)));
        if (!exists) item->setForeground(palette().brush(QPalette::PlaceholderText));
    }
    recentList_->setVisible(!paths.isEmpty());
    noRecentLabel_->setVisible(paths.isEmpty());
}

void StartPage::activateItem(QListWidgetItem* item) {
    if (item) emit recentProjectRequested(item->data(kPathRole).toString());
}

}  // namespace ts::ui
