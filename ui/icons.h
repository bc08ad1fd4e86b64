// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Icons painted in code. Qt renders SVG only through the optional Qt SVG module; painting the
// few shapes we need keeps that dependency out and the icons crisp at every size and DPI.
#include <QColor>
#include <QIcon>

namespace ts::ui {

enum class IconKind { Datasets, Annotate, Recipes, Runs, Evaluate, NewProject, OpenProject };

// The application icon (same artwork as resources/icons/tuning-studio.svg).
QIcon applicationIcon();

// A line icon drawn in `color` (pass the palette's text colour so it follows the theme), and in
// `selectedColor`, when valid, for the selected state (text on the highlight colour).
QIcon lineIcon(IconKind kind, const QColor& color, const QColor& selectedColor = QColor());

}  // namespace ts::ui
