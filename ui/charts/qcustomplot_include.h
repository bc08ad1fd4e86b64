// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// qcustomplot.h uses Qt's `foreach`, which this project switches off (QT_NO_FOREACH). A file
// that includes QCustomPlot includes this header FIRST, before any Qt header, so Qt defines
// `foreach` again for that one file; the project's own code still never uses it.
#ifdef QT_NO_FOREACH
#undef QT_NO_FOREACH
#endif
#include <qcustomplot.h>
