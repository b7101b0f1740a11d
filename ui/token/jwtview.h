#pragma once

#include <QJsonValue>
#include <QTreeWidget>

namespace tw {

// The decoded header and claims of a JWT as a tree (exp/iat/nbf also as local times), or a
// note that the token is opaque. For display only: nothing here is verified.
class JwtView : public QTreeWidget
{
    Q_OBJECT
public:
    explicit JwtView(QWidget *parent = nullptr);

    void setToken(const QString &token);
    // True when the last token given decoded as a JWT.
    bool showsJwt() const { return m_isJwt; }

private:
    void addValue(QTreeWidgetItem *parent, const QString &key, const QJsonValue &value,
                  bool timeAware);

    bool m_isJwt = false;
};

} // namespace tw
