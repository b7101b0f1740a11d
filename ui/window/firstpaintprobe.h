#pragma once

#include <QObject>

namespace tw {

// `tokenwright --measure-startup`: quits the application right after the window's first
// paint, so tests/bench/run can time start-up to first paint from outside the process.
class FirstPaintProbe : public QObject
{
    Q_OBJECT
public:
    // Watches `window`; both must outlive the event loop.
    explicit FirstPaintProbe(QObject *window);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool m_painted = false;
};

} // namespace tw
