#include "ui/common/palettecolors.h"

#include <QPalette>
#include <QtMath>

namespace tw::colors {

namespace {
double channel(double c)
{
    return c <= 0.04045 ? c / 12.92 : qPow((c + 0.055) / 1.055, 2.4);
}

// Hues picked for light backgrounds; readable() moves them for dark ones.
QColor seed(Role role)
{
    switch (role) {
    case Role::JsonKey:
        return QColor(0x8b, 0x1a, 0x1a);
    case Role::JsonString:
        return QColor(0x0a, 0x7a, 0x28);
    case Role::JsonNumber:
        return QColor(0x1f, 0x4f, 0xc0);
    case Role::JsonLiteral:
        return QColor(0xa0, 0x30, 0x90);
    case Role::Success:
        return QColor(0x1b, 0x7f, 0x3a);
    case Role::Failure:
        return QColor(0xb3, 0x26, 0x1e);
    case Role::Muted:
        break;
    }
    return {};
}
} // namespace

double relativeLuminance(const QColor &color)
{
    const QColor rgb = color.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF()) +
           0.0722 * channel(rgb.blueF());
}

double contrastRatio(const QColor &a, const QColor &b)
{
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor readable(const QColor &wanted, const QColor &background, double ratio)
{
    if (contrastRatio(wanted, background) >= ratio)
        return wanted;
    const bool darkBackground = relativeLuminance(background) < 0.18;
    QColor color = wanted.toHsl();
    const float hue = color.hslHueF();
    const float saturation = color.hslSaturationF();
    float lightness = color.lightnessF();
    // Small steps keep the hue recognisable; black or white always reach 4.5:1 on the
    // other end of the scale.
    for (int i = 0; i < 100 && contrastRatio(color, background) < ratio; ++i) {
        lightness = std::clamp(lightness + (darkBackground ? 0.02f : -0.02f), 0.0f, 1.0f);
        color = QColor::fromHslF(hue, saturation, lightness);
    }
    return color.toRgb();
}

QColor forRole(Role role, const QPalette &palette, const QColor &background)
{
    if (role == Role::Muted) {
        // Halfway between text and background, then as close to it as AA allows.
        const QColor text = palette.color(QPalette::Text);
        const QColor mixed((text.red() + background.red()) / 2,
                           (text.green() + background.green()) / 2,
                           (text.blue() + background.blue()) / 2);
        return readable(mixed, background);
    }
    return readable(seed(role), background);
}

QColor forRole(Role role, const QPalette &palette)
{
    return forRole(role, palette, palette.color(QPalette::Base));
}

} // namespace tw::colors
