#include "registrationoptions.h"

#include "command.h"

#include "submission/registrationsource.h"

namespace fhw::cli {

void RegistrationOptions::addTo(QCommandLineParser &parser)
{
    parser.addOptions({m_file, m_url, m_cacert});
}

std::expected<protocol::Json, std::pair<QString, int>> RegistrationOptions::registration(const QCommandLineParser &parser,
                                                                                         const QString &command) const
{
    const auto fail = [&](const QString &message, int exit) {
        return std::unexpected(std::pair{QStringLiteral("%1: %2\n").arg(command, message), exit});
    };
    if (parser.isSet(m_file) == parser.isSet(m_url))
        return fail(QStringLiteral("give --registration FILE or --from URL (one of them)"), ExitUsage);
    if (parser.isSet(m_file)) {
        auto registration = submission::loadRegistrationFile(parser.value(m_file).toStdString());
        if (!registration)
            return fail(QString::fromStdString(registration.error().message), ExitUsage);
        return std::move(*registration);
    }
    submission::RegistrationFetchOptions options;
    options.caFile = parser.value(m_cacert).toStdString();
    auto registration = submission::fetchRegistration(parser.value(m_url).toStdString(), options);
    if (!registration)
        return fail(QString::fromStdString(registration.error().message), ExitFindings);
    return std::move(*registration);
}

} // namespace fhw::cli
