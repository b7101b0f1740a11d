#include "ui/window/lazytab.h"

#include <QVBoxLayout>

namespace tw {

LazyTab::LazyTab(Factory factory, QWidget *parent)
    : ProfileTab(parent), m_factory(std::move(factory))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
}

ProfileTab *LazyTab::content()
{
    if (m_content)
        return m_content;
    m_content = m_factory(this);
    connect(m_content, &ProfileTab::statusMessage, this, &ProfileTab::statusMessage);
    layout()->addWidget(m_content);
    // A child added to a page already on screen would only show after the next event loop
    // turn: the tab would paint empty once.
    if (isVisible())
        m_content->show();
    m_content->setProfile(m_profile);
    return m_content;
}

void LazyTab::setProfile(const QUuid &profileId)
{
    m_profile = profileId;
    if (m_content)
        m_content->setProfile(profileId);
}

void LazyTab::tick()
{
    if (m_content)
        m_content->tick();
}

void LazyTab::showEvent(QShowEvent *event)
{
    content();
    QWidget::showEvent(event);
}

} // namespace tw
