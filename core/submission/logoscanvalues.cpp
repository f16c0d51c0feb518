#include "submission/logoscan_p.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <cmath>

namespace fhw::submission::detail {

namespace {

struct Unit
{
    QLatin1StringView suffix;
    double pixels; // 0: relative, no absolute size
};

constexpr Unit units[] = {
    {QLatin1StringView("px"), 1.0},         {QLatin1StringView("pt"), 96.0 / 72.0},
    {QLatin1StringView("pc"), 16.0},        {QLatin1StringView("mm"), 96.0 / 25.4},
    {QLatin1StringView("cm"), 96.0 / 2.54}, {QLatin1StringView("in"), 96.0},
    {QLatin1StringView("em"), 0.0},         {QLatin1StringView("ex"), 0.0},
    {QLatin1StringView("%"), 0.0},
};

// Strips ASCII whitespace and control characters, which browsers ignore inside URL schemes
// ("java\tscript:" is still javascript:).
QString withoutControls(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c.unicode() > 0x20)
            out.append(c);
    }
    return out;
}

} // namespace

std::optional<double> lengthInPixels(QStringView text, bool *parsed)
{
    if (parsed)
        *parsed = false;
    const QStringView trimmed = text.trimmed();
    double factor = 1.0;
    QStringView number = trimmed;
    for (const Unit &unit : units) {
        if (trimmed.endsWith(unit.suffix, Qt::CaseInsensitive)) {
            number = trimmed.chopped(unit.suffix.size()).trimmed();
            factor = unit.pixels;
            break;
        }
    }
    bool ok = false;
    const double value = number.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    if (parsed)
        *parsed = true;
    if (factor == 0.0)
        return std::nullopt;
    return value * factor;
}

std::optional<LogoViewBox> parseViewBox(QStringView text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    const QStringList parts = text.trimmed().toString().split(separators, Qt::SkipEmptyParts);
    if (parts.size() != 4)
        return std::nullopt;
    double values[4];
    for (int i = 0; i < 4; ++i) {
        bool ok = false;
        values[i] = parts[i].toDouble(&ok);
        if (!ok || !std::isfinite(values[i]))
            return std::nullopt;
    }
    return LogoViewBox{values[0], values[1], values[2], values[3]};
}

QStringList urlTargets(QStringView text)
{
    // url( "x" ) / url('x') / url(x); CSS escapes are rare enough in logos to be judged as written.
    static const QRegularExpression url(QStringLiteral("url\\(\\s*(?:\"([^\"]*)\"|'([^']*)'|([^)]*?))\\s*\\)"),
                                        QRegularExpression::CaseInsensitiveOption);
    QStringList targets;
    auto it = url.globalMatch(text.toString());
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        for (int group = 1; group <= 3; ++group) {
            if (match.hasCaptured(group)) {
                targets << match.captured(group);
                break;
            }
        }
    }
    return targets;
}

ReferenceKind classifyReference(QStringView reference, const QString &ownFileName)
{
    const QString compact = withoutControls(reference);
    if (compact.isEmpty())
        return ReferenceKind::Self; // an empty reference is the document itself
    if (compact.startsWith(QLatin1Char('#')))
        return compact.size() == 1 ? ReferenceKind::Self : ReferenceKind::Fragment;
    const QString lower = compact.toLower();
    if (lower.startsWith(QLatin1StringView("javascript:")) || lower.startsWith(QLatin1StringView("vbscript:")))
        return ReferenceKind::Script;
    if (lower.startsWith(QLatin1StringView("data:"))) {
        if (lower.startsWith(QLatin1StringView("data:image/svg")))
            return ReferenceKind::SvgData;
        for (const char *type : {"png", "jpeg", "jpg", "gif", "webp", "bmp"}) {
            const QString prefix = QStringLiteral("data:image/") + QLatin1StringView(type);
            if (lower.startsWith(prefix) && lower.size() > prefix.size()
                && (lower.at(prefix.size()) == QLatin1Char(';') || lower.at(prefix.size()) == QLatin1Char(',')))
                return ReferenceKind::RasterData;
        }
        return ReferenceKind::OtherData;
    }
    if (!ownFileName.isEmpty()) {
        // "logo.svg", "./logo.svg", "logo.svg#frag", "file:///abs/logo.svg": all lead back to this file.
        QString path = compact.section(QLatin1Char('#'), 0, 0);
        if (path.startsWith(QLatin1StringView("file://"), Qt::CaseInsensitive))
            path = path.mid(7);
        const QFileInfo own(ownFileName);
        const QFileInfo target(path);
        if (target.fileName() == own.fileName())
            return ReferenceKind::Self;
    }
    return ReferenceKind::External;
}

QString shortReference(QStringView reference)
{
    const QString text = reference.trimmed().toString();
    return text.size() <= 60 ? text : text.left(57) + QStringLiteral("...");
}

} // namespace fhw::submission::detail
