// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/icons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <functional>

namespace ts::ui {

namespace {

// Paints the application artwork into a 256×256 logical square (the SVG's viewBox).
void paintApplicationArtwork(QPainter& p) {
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x1f, 0x3a, 0x5f));
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 48, 48);

    // "M40 180 C 80 60, 120 200, 160 110 S 210 70, 220 72": the S segment's first control point
    // is the reflection of (120,200) about (160,110), i.e. (200,20).
    QPainterPath curve(QPointF(40, 180));
    curve.cubicTo(QPointF(80, 60), QPointF(120, 200), QPointF(160, 110));
    curve.cubicTo(QPointF(200, 20), QPointF(210, 70), QPointF(220, 72));
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(0x7f, 0xd1, 0xff), 14, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPath(curve);

    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0xff, 0xcc, 0x4d));
    p.drawEllipse(QPointF(160, 110), 14, 14);
    p.setBrush(QColor(0x3d, 0x6a, 0x99));
    p.drawRoundedRect(QRectF(40, 200, 176, 12), 6, 6);
}

// Line icons are drawn on a 24×24 grid, the usual design grid for toolbar icons.
void paintLineIcon(QPainter& p, IconKind kind) {
    switch (kind) {
    case IconKind::Datasets:  // a stack of three discs: a database
        p.drawEllipse(QRectF(5, 3, 14, 5));
        p.drawArc(QRectF(5, 8.5, 14, 5), 180 * 16, 180 * 16);
        p.drawArc(QRectF(5, 14, 14, 5), 180 * 16, 180 * 16);
        p.drawLine(QPointF(5, 5.5), QPointF(5, 16.5));
        p.drawLine(QPointF(19, 5.5), QPointF(19, 16.5));
        break;
    case IconKind::Annotate: {  // a pencil over a line
        QPainterPath pencil(QPointF(5, 16));
        pencil.lineTo(QPointF(15, 6));
        pencil.lineTo(QPointF(18, 9));
        pencil.lineTo(QPointF(8, 19));
        pencil.lineTo(QPointF(4.5, 19.5));
        pencil.closeSubpath();
        p.drawPath(pencil);
        p.drawLine(QPointF(13, 8), QPointF(16, 11));
        p.drawLine(QPointF(12, 20), QPointF(20, 20));
        break;
    }
    case IconKind::Recipes:  // three sliders: settings of a training recipe
        for (int i = 0; i < 3; ++i) {
            const qreal y = 6 + i * 6;
            const qreal knob = i == 1 ? 15 : (i == 0 ? 8 : 11);
            p.drawLine(QPointF(4, y), QPointF(knob - 2, y));
            p.drawLine(QPointF(knob + 2, y), QPointF(20, y));
            p.drawEllipse(QPointF(knob, y), 2, 2);
        }
        break;
    case IconKind::Runs: {  // a falling loss curve on axes
        p.drawLine(QPointF(4, 4), QPointF(4, 20));
        p.drawLine(QPointF(4, 20), QPointF(20, 20));
        QPainterPath loss(QPointF(6, 6));
        loss.cubicTo(QPointF(9, 14), QPointF(12, 15), QPointF(19, 16));
        p.drawPath(loss);
        break;
    }
    case IconKind::Evaluate: {  // a check mark in a rounded box
        p.drawRoundedRect(QRectF(4, 4, 16, 16), 3, 3);
        QPainterPath check(QPointF(8, 12));
        check.lineTo(QPointF(11, 15));
        check.lineTo(QPointF(16, 9));
        p.drawPath(check);
        break;
    }
    case IconKind::NewProject: {  // a page with a plus
        QPainterPath page(QPointF(6, 3));
        page.lineTo(QPointF(14, 3));
        page.lineTo(QPointF(19, 8));
        page.lineTo(QPointF(19, 21));
        page.lineTo(QPointF(6, 21));
        page.closeSubpath();
        p.drawPath(page);
        p.drawLine(QPointF(12.5, 10), QPointF(12.5, 17));
        p.drawLine(QPointF(9, 13.5), QPointF(16, 13.5));
        break;
    }
    case IconKind::OpenProject: {  // a folder
        QPainterPath folder(QPointF(3, 6));
        folder.lineTo(QPointF(9, 6));
        folder.lineTo(QPointF(11, 8));
        folder.lineTo(QPointF(21, 8));
        folder.lineTo(QPointF(21, 19));
        folder.lineTo(QPointF(3, 19));
        folder.closeSubpath();
        p.drawPath(folder);
        p.drawLine(QPointF(3, 11), QPointF(21, 11));
        break;
    }
    }
}

QPixmap renderPixmap(int sizePx, qreal logicalSize, const std::function<void(QPainter&)>& paint) {
    QPixmap pixmap(sizePx, sizePx);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(sizePx / logicalSize, sizePx / logicalSize);
    paint(p);
    return pixmap;
}

}  // namespace

QIcon applicationIcon() {
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64, 128, 256})
        icon.addPixmap(renderPixmap(size, 256, paintApplicationArtwork));
    return icon;
}

QIcon lineIcon(IconKind kind, const QColor& color, const QColor& selectedColor) {
    QIcon icon;
    const auto addSizes = [&](const QColor& penColor, QIcon::Mode mode) {
        for (int size : {16, 20, 24, 32, 40, 48, 64}) {
            icon.addPixmap(renderPixmap(size, 24,
                                        [&](QPainter& p) {
                                            p.setPen(QPen(penColor, 1.6, Qt::SolidLine,
                                                          Qt::RoundCap, Qt::RoundJoin));
                                            p.setBrush(Qt::NoBrush);
                                            paintLineIcon(p, kind);
                                        }),
                           mode);
        }
    };
    addSizes(color, QIcon::Normal);
    if (selectedColor.isValid()) addSizes(selectedColor, QIcon::Selected);
    return icon;
}

}  // namespace ts::ui
