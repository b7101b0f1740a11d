#include "ui/common/clipboard.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QMimeData>
#include <QProcess>
#include <QStandardPaths>

namespace tw {

namespace {
QMimeData *secretMimeData(const QString &text)
{
    auto *mime = new QMimeData;
    mime->setText(text);
    // KDE Klipper, GNOME clipboard managers and KeePassXC's own convention.
    mime->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
#if defined(Q_OS_MACOS)
    mime->setData(QStringLiteral("application/x-nspasteboard-concealed-type"), text.toUtf8());
#elif defined(Q_OS_WIN)
    // Clipboard history, cloud clipboard and monitoring tools honour these registered formats.
    const QByteArray dwordZero(4, '\0');
    mime->setData(
        QStringLiteral(
            "application/x-qt-windows-mime;value=\"ExcludeClipboardContentFromMonitorProcessing\""),
        QByteArray(1, '\1'));
    mime->setData(
        QStringLiteral("application/x-qt-windows-mime;value=\"CanIncludeInClipboardHistory\""),
        dwordZero);
    mime->setData(
        QStringLiteral("application/x-qt-windows-mime;value=\"CanUploadToCloudClipboard\""),
        dwordZero);
#endif
    return mime;
}
} // namespace

Clipboard::Clipboard(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Clipboard::clearCopiedText);
    connect(qApp, &QCoreApplication::aboutToQuit, this, &Clipboard::clearCopiedText);
    if (QClipboard *clipboard = QGuiApplication::clipboard()) {
        // Something else took the clipboard: nothing of ours is left to clear, so the
        // countdown ("clears in N s") must stop rather than run on to a no-op.
        connect(clipboard, &QClipboard::dataChanged, this, &Clipboard::forgetIfReplaced);
        connect(clipboard, &QClipboard::selectionChanged, this, &Clipboard::forgetIfReplaced);
    }
}

void Clipboard::forgetIfReplaced()
{
    if (m_ownChange || m_lastCopied.isEmpty() || holdsCopiedText())
        return;
    m_timer.stop();
    m_lastCopied.clear();
    Q_EMIT cleared(false);
}

void Clipboard::setText(const QString &text)
{
    QClipboard *clipboard = QGuiApplication::clipboard();
    if (!clipboard)
        return;
    m_ownChange = true; // our own change notifications are not "replaced by someone else"
    clipboard->setMimeData(secretMimeData(text), QClipboard::Clipboard);
    // The selection takes ownership of its own QMimeData: sharing one object between the
    // two modes deletes it twice.
    if (clipboard->supportsSelection())
        clipboard->setMimeData(secretMimeData(text), QClipboard::Selection);
    m_ownChange = false;
    m_lastCopied = text;
    if (m_clearSeconds > 0) {
        m_timer.start(m_clearSeconds * 1000);
        m_deadline.setRemainingTime(m_clearSeconds * 1000);
    } else {
        m_timer.stop();
    }
    Q_EMIT copied(m_clearSeconds);
}

int Clipboard::remainingSeconds() const
{
    if (!m_timer.isActive())
        return -1;
    return int((m_deadline.remainingTime() + 999) / 1000);
}

bool Clipboard::holdsCopiedText() const
{
    QClipboard *clipboard = QGuiApplication::clipboard();
    if (!clipboard || m_lastCopied.isEmpty())
        return false;
    if (clipboard->text(QClipboard::Clipboard) == m_lastCopied)
        return true;
    return clipboard->supportsSelection() && clipboard->text(QClipboard::Selection) == m_lastCopied;
}

void Clipboard::clearCopiedText()
{
    m_timer.stop();
    if (m_lastCopied.isEmpty())
        return;
    bool wasOurs = false;
    m_ownChange = true; // clearing notifies too
    if (QClipboard *clipboard = QGuiApplication::clipboard()) {
        if (clipboard->text(QClipboard::Clipboard) == m_lastCopied) {
            clipboard->clear(QClipboard::Clipboard);
            wasOurs = true;
            // GNOME on Wayland ignores an unfocused client's clear; wl-copy can still do it.
            if (QGuiApplication::platformName() == QLatin1String("wayland") &&
                !QStandardPaths::findExecutable(QStringLiteral("wl-copy")).isEmpty())
                QProcess::startDetached(QStringLiteral("wl-copy"), {QStringLiteral("--clear")});
        }
        if (clipboard->supportsSelection() &&
            clipboard->text(QClipboard::Selection) == m_lastCopied) {
            clipboard->clear(QClipboard::Selection);
            wasOurs = true;
        }
    }
    m_ownChange = false;
    m_lastCopied.clear();
    Q_EMIT cleared(wasOurs);
}

} // namespace tw
