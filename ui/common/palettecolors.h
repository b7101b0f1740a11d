#pragma once

#include <QColor>

class QPalette;

namespace tw::colors {

// Text colours derived from the palette in use, so that light and dark themes both read
// well: each role has a hue, and its lightness is moved until the text reaches WCAG AA
// contrast (4.5:1) on the palette's background.
enum class Role {
    JsonKey,
    JsonString,
    JsonNumber,
    JsonLiteral,
    Success,
    Failure,
    Muted, // group headers, secondary text
};

// On the palette's Base (text fields, lists) unless `background` is given.
QColor forRole(Role role, const QPalette &palette);
QColor forRole(Role role, const QPalette &palette, const QColor &background);

// WCAG 2.x relative luminance and contrast ratio (1 … 21).
double relativeLuminance(const QColor &color);
double contrastRatio(const QColor &a, const QColor &b);
// `wanted` with its lightness moved towards black or white (whichever the background is
// further from) until it reaches `ratio` against `background`.
QColor readable(const QColor &wanted, const QColor &background, double ratio = 4.5);

} // namespace tw::colors
