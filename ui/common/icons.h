#pragma once

#include <QIcon>

namespace tw::icons {

// SVG icons from resources/icons when Qt's SVG plugin (Debian: libqt6svg6) is installed;
// otherwise the desktop theme's icon or a QStyle standard icon, so nothing is ever blank.
bool svgAvailable();
QIcon app();
QIcon reveal();
QIcon copy();
QIcon refresh();
QIcon add();
QIcon edit();
QIcon remove();
QIcon command(); // a secret that comes from a command

} // namespace tw::icons
