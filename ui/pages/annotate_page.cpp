// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/annotate_page.h"

namespace ts::ui {

AnnotatePage::AnnotatePage(QWidget* parent)
    : ProjectPage(tr("Annotate"), IconKind::Annotate,
                  tr("Example-by-example review: read each prompt and response, correct it, rate "
                     "it and tag it, with undo. Reviewed examples are what the recipes train on."),
                  {{QStringLiteral("examples"), tr("Examples")},
                   {QStringLiteral("annotations"), tr("Annotations")},
                   {QStringLiteral("tags"), tr("Tags")}},
                  parent) {}

}  // namespace ts::ui
