// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/annotate_page.h"

#include "app/store/project_store.h"
#include "ui/annotation/annotation_view.h"

#include <QBoxLayout>

namespace ts::ui {

AnnotatePage::AnnotatePage(QWidget* parent)
    : ProjectPage(tr("Annotate"), IconKind::Annotate,
                  tr("Example-by-example review: read each prompt and response, label, correct, "
                     "accept or reject it, rank answer pairs, with undo. Press ? for the keys."),
                  {{QStringLiteral("examples"), tr("Examples")},
                   {QStringLiteral("annotations"), tr("Annotations")},
                   {QStringLiteral("labels"), tr("Labels")},
                   {QStringLiteral("annotators"), tr("Annotators")}},
                  parent) {
    view_ = new AnnotationView(this);
    contentLayout()->addWidget(view_, 1);
    // The view, not the spacer the base page ends with, takes the height that is left.
    if (auto* outer = qobject_cast<QBoxLayout*>(layout())) {
        outer->setStretchFactor(contentLayout(), 1);
        const int last = outer->count() - 1;
        if (last >= 0 && outer->itemAt(last)->spacerItem()) outer->setStretch(last, 0);
    }
    setFocusProxy(view_);
    // The overview's counts follow the work, at most twice a second (not per keystroke).
    overviewTimer_.setSingleShot(true);
    overviewTimer_.setInterval(500);
    connect(&overviewTimer_, &QTimer::timeout, this, [this] { ProjectPage::refresh(); });
    connect(view_, &AnnotationView::projectChanged, &overviewTimer_,
            qOverload<>(&QTimer::start));
}

void AnnotatePage::setProject(const ProjectStore* store) {
    view_->setDatabase(store && store->isOpen() ? store->database() : QSqlDatabase());
    ProjectPage::setProject(store);
}

void AnnotatePage::refresh() {
    ProjectPage::refresh();
    view_->reload();
}

}  // namespace ts::ui
