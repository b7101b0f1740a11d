#pragma once

#include "ui/common/profiletab.h"

#include <QWidget>
#include <functional>

namespace tw {

// A tab page that builds its real content the first time it is shown or asked for. The
// Console and Customers tabs cost about a fifth of start-up (tests/bench/run) and most
// sessions begin on the Token tab; the window paints sooner when they wait.
// The page passes its content the current profile when it is built and every change after,
// and passes the content's status messages on.
class LazyTab : public ProfileTab
{
    Q_OBJECT
public:
    using Factory = std::function<ProfileTab *(QWidget *parent)>;

    explicit LazyTab(Factory factory, QWidget *parent = nullptr);

    bool isBuilt() const { return m_content != nullptr; }
    // The content, built now if it was not yet.
    ProfileTab *content();
    template <typename T> T *contentAs() { return qobject_cast<T *>(content()); }

    void setProfile(const QUuid &profileId) override;
    void tick() override;

protected:
    void showEvent(QShowEvent *event) override;

private:
    Factory m_factory;
    ProfileTab *m_content = nullptr;
    QUuid m_profile;
};

} // namespace tw
