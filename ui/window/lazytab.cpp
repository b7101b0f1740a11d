#include "ui/window/lazytab.h"

#include <QVBoxLayout>

namespace tw {

LazyTab::LazyTab(Factory factory, QWidget *parent) : QWidget(parent), m_factory(std::move(factory))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
}

QWidget *LazyTab::content()
{
    if (m_content)
        return m_content;
    m_content = m_factory(this);
    m_tab = dynamic_cast<ProfileTab *>(m_content);
    Q_ASSERT_X(m_tab, "LazyTab::content", "the content must implement tw::ProfileTab");
    layout()->addWidget(m_content);
    // A child added to a page already on screen would only show after the next event loop
    // turn: the tab would paint empty once.
    if (isVisible())
        m_content->show();
    if (m_tab)
        m_tab->setProfile(m_profile);
    Q_EMIT built(m_content);
    return m_content;
}

void LazyTab::setProfile(const QUuid &profileId)
{
    m_profile = profileId;
    if (m_tab)
        m_tab->setProfile(profileId);
}

void LazyTab::tick()
{
    if (m_tab)
        m_tab->tick();
}

void LazyTab::showEvent(QShowEvent *event)
{
    content();
    QWidget::showEvent(event);
}

} // namespace tw
