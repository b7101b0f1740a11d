#include "ui/window/welcomepage.h"

#include "ui/common/icons.h"

#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace tw {

WelcomePage::WelcomePage(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("welcomePage"));
    auto *logo = new QLabel(this);
    logo->setPixmap(icons::app().pixmap(64, 64));
    logo->setAlignment(Qt::AlignCenter);
    auto *title = new QLabel(tr("<h2>Welcome to Tokenwright</h2>"), this);
    title->setAlignment(Qt::AlignCenter);
    auto *text = new QLabel(
        tr("Keep the API credentials of your backup and MSP platforms here: Tokenwright "
           "fetches their tokens, renews them before they expire and lets you call the APIs."),
        this);
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    // A fixed width: a wrapped label centred by the layout gets too little height otherwise.
    text->setFixedWidth(std::min(520, text->fontMetrics().averageCharWidth() * 70));
    text->setMinimumHeight(text->heightForWidth(text->width()));

    // The kind first: it decides which fields the editor asks for.
    auto *add = new QPushButton(icons::add(), tr("&Add a profile…"), this);
    add->setObjectName(QStringLiteral("welcomeAddButton"));
    auto *kinds = new QMenu(add);
    kinds->setObjectName(QStringLiteral("welcomeKindMenu"));
    for (ProviderKind kind : {ProviderKind::DruvaMsp, ProviderKind::Druva, ProviderKind::Oidc,
                              ProviderKind::Commvault, ProviderKind::OAuth2}) {
        QAction *action = kinds->addAction(kindDisplayName(kind));
        action->setData(int(kind));
        connect(action, &QAction::triggered, this,
                [this, kind] { Q_EMIT addProfileRequested(kind); });
    }
    add->setMenu(kinds);
    auto *demo = new QPushButton(tr("Try the &demo"), this);
    demo->setObjectName(QStringLiteral("welcomeDemoButton"));
    demo->setToolTip(tr("Opens a second window against the built-in emulator of every "
                        "provider, with sample profiles; nothing is saved."));
    connect(demo, &QPushButton::clicked, this, &WelcomePage::demoRequested);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(add);
    buttons->addWidget(demo);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(logo);
    layout->addWidget(title);
    layout->addWidget(text, 0, Qt::AlignHCenter);
    layout->addSpacing(12);
    layout->addLayout(buttons);
    layout->addStretch(2);
}

} // namespace tw
