#pragma once

#include <QJsonValue>
#include <cmath>
#include <optional>

namespace tw {

// A JSON number as a whole qint64 (truncated toward zero), or nullopt when it is not a
// number or does not fit. Casting such a double straight to qint64 is undefined behaviour,
// and JSON from a server or a damaged file may hold 1e308.
inline std::optional<qint64> jsonInt64(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = std::trunc(value.toDouble());
    // 2^63 is exactly representable; every double below it (and >= -2^63) fits.
    if (!std::isfinite(number) || number < -9223372036854775808.0 ||
        number >= 9223372036854775808.0)
        return std::nullopt;
    return qint64(number);
}

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
