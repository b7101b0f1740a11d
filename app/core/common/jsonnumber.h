#pragma once

#include <QJsonValue>
#include <optional>

namespace tw {

// A JSON number, or a string holding one (surrounding spaces allowed): servers send
// expires_in and JWT time claims either way. nullopt for anything else. Not range-checked:
// each caller knows what it trusts (NaN and infinities come through as such).
inline std::optional<double> numberOrNumericString(const QJsonValue &value)
{
    if (value.isDouble())
        return value.toDouble();
    if (!value.isString())
        return std::nullopt;
    bool ok = false;
    const double number = value.toString().trimmed().toDouble(&ok);
    if (!ok)
        return std::nullopt;
    return number;
}

} // namespace tw
