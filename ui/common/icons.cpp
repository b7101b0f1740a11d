#include "ui/common/icons.h"

#include <QApplication>
#include <QImageReader>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QStyle>

// resources.qrc is compiled into the static tokenwright_ui library; a static library's
// resource object is only linked when something references it, so its initialiser must be
// called by name (outside any namespace, as Q_INIT_RESOURCE requires).
static void initIconResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace tw::icons {

namespace {
QIcon svgIcon(const QString &path)
{
    static const bool registered = (initIconResources(), true);
    Q_UNUSED(registered);
    return QIcon(path);
}

QIcon themed(const char *svg, const char *themeName, QStyle::StandardPixmap fallback)
{
    if (svgAvailable())
        return svgIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(svg)));
    return QIcon::fromTheme(QLatin1String(themeName),
                            QApplication::style()->standardIcon(fallback));
}

// The logo drawn in code, at a few sizes, for systems without the SVG plugin.
QIcon paintedLogo()
{
    QIcon icon;
    for (int size : {16, 22, 32, 48, 64, 128}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(size / 64.0, size / 64.0);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x1f, 0x5f, 0xa8));
        p.drawRoundedRect(QRectF(2, 2, 60, 60), 14, 14);
        QPen pen(Qt::white, 5, Qt::SolidLine, Qt::RoundCap);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(QPointF(24, 32), 11, 11);
        p.drawLine(QPointF(35, 32), QPointF(55, 32));
        p.drawLine(QPointF(47, 32), QPointF(47, 41));
        p.drawLine(QPointF(54, 32), QPointF(54, 39));
        icon.addPixmap(pixmap);
    }
    return icon;
}
} // namespace

bool svgAvailable()
{
    static const bool available = QImageReader::supportedImageFormats().contains("svg");
    return available;
}

QIcon app()
{
    return svgAvailable() ? svgIcon(QStringLiteral(":/icons/tokenwright.svg")) : paintedLogo();
}
QIcon reveal()
{
    return themed("reveal", "view-visible", QStyle::SP_FileDialogContentsView);
}
QIcon copy()
{
    return themed("copy", "edit-copy", QStyle::SP_DialogSaveButton);
}
QIcon refresh()
{
    return themed("refresh", "view-refresh", QStyle::SP_BrowserReload);
}
// Our own SVGs rather than the style's: Fusion's standard icons are PNG files at several
// sizes, decoded at once, and were the largest icon cost before the first paint.
QIcon add()
{
    return themed("add", "list-add", QStyle::SP_FileIcon);
}
QIcon edit()
{
    return themed("edit", "document-edit", QStyle::SP_FileDialogDetailedView);
}
QIcon remove()
{
    return themed("remove", "list-remove", QStyle::SP_TrashIcon);
}
QIcon command()
{
    return themed("command", "utilities-terminal", QStyle::SP_ComputerIcon);
}

} // namespace tw::icons
