#include "targetoptions.h"

#include <QUrl>

namespace fhw::cli {

namespace {

std::expected<std::string, QString> checkedUrl(const QString &text, const QString &what)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) || url.host().isEmpty())
        return std::unexpected(QStringLiteral("%1 \"%2\" is not an http:// or https:// URL").arg(what, text));
    return text.toStdString();
}

} // namespace

void TargetOptions::addTo(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("URL"),
                                 QStringLiteral("The endpoint for every request type (http:// or https://)."),
                                 QStringLiteral("[URL]"));
    m_perFamily.clear();
    for (transport::Family family : {transport::Family::Registration, transport::Family::Event,
                                     transport::Family::Audience, transport::Family::Dsr}) {
        const QString name = QString::fromUtf8(transport::familyName(family).data());
        m_perFamily.emplace_back(family, QCommandLineOption(name + QStringLiteral("-url"),
                                                            QStringLiteral("The endpoint for %1 requests (instead of URL).").arg(name),
                                                            QStringLiteral("URL")));
        parser.addOption(m_perFamily.back().second);
    }
}

std::expected<transport::Target, QString> TargetOptions::target(const QCommandLineParser &parser,
                                                                 const QString &command) const
{
    transport::Target target;
    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty()) {
        auto url = checkedUrl(positional.first(), QStringLiteral("URL"));
        if (!url)
            return std::unexpected(QStringLiteral("%1: %2").arg(command, url.error()));
        target.url = *url;
    }
    for (const auto &[family, option] : m_perFamily) {
        if (!parser.isSet(option))
            continue;
        auto url = checkedUrl(parser.value(option), QLatin1String("--") + option.names().first());
        if (!url)
            return std::unexpected(QStringLiteral("%1: %2").arg(command, url.error()));
        target.perFamily[family] = *url;
    }
    if (target.url.empty() && target.perFamily.empty())
        return std::unexpected(QStringLiteral("%1: no target: give URL, or a URL per type (--event-url …)").arg(command));
    return target;
}

} // namespace fhw::cli
