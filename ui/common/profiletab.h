#pragma once

#include <QUuid>

namespace tw {

// A tab on the right of the main window that shows one profile at a time (Token, Console,
// Customers). MainWindow::addProfileTab() takes any QWidget that also implements this;
// MainWindow calls setProfile() whenever the selection changes (a null id: none selected).
class ProfileTab
{
public:
    virtual ~ProfileTab() = default;
    virtual void setProfile(const QUuid &profileId) = 0;
    // Called once a second by the window's single timer; countdowns redraw here.
    virtual void tick() {}
};

} // namespace tw
