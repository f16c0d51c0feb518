#pragma once

// Value parsing for the logo scan (logoscan.cpp): lengths, viewBox, references. Pure functions.

#include "submission/logoreport.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace fhw::submission::detail {

// "64", "64px", "12.5mm", "1e2" → px (CSS units: 96 px per inch). Nothing for %, em, ex and anything
// unparsable, whose size depends on where the logo is placed. `parsed` tells garbage from relative units.
std::optional<double> lengthInPixels(QStringView text, bool *parsed = nullptr);

// "0 0 64 64" or "0,0,64,64" → four numbers; nothing unless exactly four finite numbers.
std::optional<LogoViewBox> parseViewBox(QStringView text);

// The targets of every url(...) in a CSS or attribute value, quotes removed.
QStringList urlTargets(QStringView text);

// What a reference points at, as the scan judges it.
enum class ReferenceKind {
    Fragment,     // "#id": inside the document
    RasterData,   // data:image/png;base64,… (and jpeg, gif, webp, bmp)
    SvgData,      // data:image/svg+xml… : a second document the scan cannot see
    OtherData,    // data:text/html… and other non-image data
    Script,       // javascript:, vbscript:
    Self,         // empty, or the file's own name (QtSvg 6.4 crashed on an <image> pointing at itself)
    External,     // anything else: a file path or a URL
};
ReferenceKind classifyReference(QStringView reference, const QString &ownFileName);

// The reference shortened for a message (data: URIs are long).
QString shortReference(QStringView reference);

} // namespace fhw::submission::detail
