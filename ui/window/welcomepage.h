#pragma once

#include "profiles/kinds.h"

#include <QWidget>

namespace tw {

// What a first run shows instead of an empty list: what the app is for, "Add a profile"
// (choosing the kind first) and "Try the demo" (the built-in emulator, nothing saved).
class WelcomePage : public QWidget
{
    Q_OBJECT
public:
    explicit WelcomePage(QWidget *parent = nullptr);

Q_SIGNALS:
    void addProfileRequested(tw::ProviderKind kind);
    void demoRequested();
};

} // namespace tw
