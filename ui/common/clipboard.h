#pragma once

#include <QDeadlineTimer>
#include <QObject>
#include <QString>
#include <QTimer>

namespace tw {

// Copies secrets (tokens, headers) so that clipboard managers skip them, and clears them
// again after a timeout — only if the clipboard still holds what we put there, so text the
// user copied meanwhile survives. Modelled on KeePassXC's gui/Clipboard.
class Clipboard : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultClearSeconds = 30;

    explicit Clipboard(QObject *parent = nullptr);

    // 0 = never clear.
    void setClearSeconds(int seconds) { m_clearSeconds = seconds; }
    int clearSeconds() const { return m_clearSeconds; }

    void setText(const QString &text);
    // Seconds until the copied text is cleared; -1 when nothing is pending.
    int remainingSeconds() const;
    // Whether the clipboard (or the X11 selection) still holds the text we copied.
    bool holdsCopiedText() const;

public Q_SLOTS:
    // Clears the clipboard if it still holds our text; forgets it either way.
    void clearCopiedText();

Q_SIGNALS:
    void copied(int clearSeconds);
    // `wasOurs`: the clipboard still held our text and was emptied.
    void cleared(bool wasOurs);

private:
    void forgetIfReplaced();

    QTimer m_timer;
    QDeadlineTimer m_deadline;
    QString m_lastCopied;
    int m_clearSeconds = DefaultClearSeconds;
    bool m_ownChange = false;
};

} // namespace tw
