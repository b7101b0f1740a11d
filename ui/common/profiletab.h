#pragma once

#include <QUuid>
#include <QWidget>

namespace tw {

// A tab on the right of the main window that shows one profile at a time (Token, Console,
// Customers). MainWindow::addProfileTab() calls setProfile() whenever the selection changes
// (a null id: none selected) and shows every tab's statusMessage in the status bar, so a tab
// never needs to know the window.
class ProfileTab : public QWidget
{
    Q_OBJECT
public:
    using QWidget::QWidget;

    virtual void setProfile(const QUuid &profileId) = 0;
    // Called once a second by the window's single timer; countdowns redraw here.
    virtual void tick() {}

Q_SIGNALS:
    void statusMessage(const QString &text);
};

} // namespace tw
