// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/start_page.h"

#include "ui/icons.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

namespace ts::ui {

namespace {
constexpr int kPathRole = Qt::UserRole + 1;

// Draws a recent project as its name in bold over its path in a muted colour, the way welcome
// screens list recent files; a plain item would give both lines the same weight.
class RecentProjectDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QWidget* widget = opt.widget;
        QStyle* style = widget ? widget->style() : QApplication::style();
        opt.text.clear();
        opt.icon = QIcon();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

        const QRect area = option.rect.adjusted(10, 6, -10, -6);
        const int iconSize = 28;
        const QIcon icon = index.data(Qt::DecorationRole).value<QIcon>();
        icon.paint(painter,
                   QRect(area.left(), area.center().y() - iconSize / 2, iconSize, iconSize));

        const bool selected = option.state & QStyle::State_Selected;
        const QRect textRect = area.adjusted(iconSize + 12, 0, 0, 0);
        QFont nameFont = option.font;
        nameFont.setBold(true);
        const QFontMetrics nameMetrics(nameFont);
        painter->save();
        painter->setFont(nameFont);
        painter->setPen(
            option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
        const QRect nameRect(textRect.left(), textRect.top(), textRect.width(),
                             nameMetrics.height());
        painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                          nameMetrics.elidedText(index.data(Qt::DisplayRole).toString(),
                                                 Qt::ElideRight, nameRect.width()));
        painter->setFont(option.font);
        painter->setPen(
            option.palette.color(selected ? QPalette::HighlightedText : QPalette::PlaceholderText));
        const QRect pathRect(textRect.left(), nameRect.bottom() + 2, textRect.width(),
                             option.fontMetrics.height());
        painter->drawText(pathRect, Qt::AlignLeft | Qt::AlignVCenter,
                          option.fontMetrics.elidedText(
                              QDir::toNativeSeparators(index.data(kPathRole).toString()),
                              Qt::ElideMiddle, pathRect.width()));
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const override {
        return QSize(320, qMax(44, option.fontMetrics.height() * 2 + 16));
    }
};

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
    auto* newButton =
        new QPushButton(lineIcon(IconKind::NewProject, iconColor), tr("&New Project…"), this);
    newButton->setObjectName(QStringLiteral("newProjectButton"));
    auto* openButton =
        new QPushButton(lineIcon(IconKind::OpenProject, iconColor), tr("&Open Project…"), this);
    openButton->setObjectName(QStringLiteral("openProjectButton"));
    newButton->setToolTip(tr("Create an empty project file (Ctrl+N)"));
    openButton->setToolTip(tr("Open an existing project file (Ctrl+O)"));
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

    // The demo: a card of its own, so a first-time user sees a way in that needs no data.
    column->addSpacing(12);
    auto* demoCard = new QFrame(this);
    demoCard->setObjectName(QStringLiteral("demoCard"));
    demoCard->setStyleSheet(QStringLiteral(
        "QFrame#demoCard { background: palette(base); border: 1px solid palette(highlight);"
        " border-radius: 8px; }"));
    auto* demoLayout = new QHBoxLayout(demoCard);
    demoLayout->setContentsMargins(16, 12, 16, 12);
    demoLayout->setSpacing(16);
    auto* demoText = new QVBoxLayout;
    demoText->setSpacing(2);
    demoText->addWidget(makeHeading(tr("New here? Start with the demo"), 1.05, true, demoCard));
    auto* demoDescription = new QLabel(
        tr("A support-ticket triage project with sample data, deliberate edge cases and a recipe "
           "that trains on this computer's CPU with a small model. Nothing to download."),
        demoCard);
    demoDescription->setWordWrap(true);
    demoDescription->setForegroundRole(QPalette::PlaceholderText);
    demoText->addWidget(demoDescription);
    demoLayout->addLayout(demoText, 1);
    auto* demoButton = new QPushButton(lineIcon(IconKind::OpenProject, iconColor),
                                       tr("Open &Demo Project"), demoCard);
    demoButton->setObjectName(QStringLiteral("demoProjectButton"));
    demoButton->setToolTip(tr("Create the demo project on first use and open it (the same as "
                              "starting tuning-studio --demo)"));
    demoButton->setIconSize(QSize(20, 20));
    demoButton->setMinimumHeight(40);
    demoButton->setMinimumWidth(190);
    demoLayout->addWidget(demoButton, 0, Qt::AlignVCenter);
    column->addWidget(demoCard);
    connect(demoButton, &QPushButton::clicked, this, &StartPage::demoProjectRequested);

    column->addSpacing(20);
    column->addWidget(makeHeading(tr("Recent projects"), 1.15, true, this));
    recentList_ = new QListWidget(this);
    recentList_->setObjectName(QStringLiteral("recentProjects"));
    recentList_->setMinimumHeight(180);
    recentList_->setIconSize(QSize(28, 28));
    recentList_->setUniformItemSizes(true);
    recentList_->setItemDelegate(new RecentProjectDelegate(recentList_));
    recentList_->setStyleSheet(QStringLiteral(
        "QListWidget#recentProjects { border: 1px solid palette(midlight); border-radius: 8px;"
        " padding: 4px; background: palette(base); }"
        "QListWidget#recentProjects::item { border-radius: 6px; }"));
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
        const QString nativePath = QDir::toNativeSeparators(path);
        auto* item = new QListWidgetItem(icon, QFileInfo(path).completeBaseName(), recentList_);
        item->setData(kPathRole, path);
        item->setToolTip(nativePath);
    }
    recentList_->setVisible(!paths.isEmpty());
    noRecentLabel_->setVisible(paths.isEmpty());
}

void StartPage::activateItem(QListWidgetItem* item) {
    if (item) emit recentProjectRequested(item->data(kPathRole).toString());
}

}  // namespace ts::ui
