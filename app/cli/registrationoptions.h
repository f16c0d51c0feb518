#pragma once

// The registration options bundle and registration-export share: --registration FILE or --from URL (the
// partner's endpoint asked like mParticle asks: a module_registration_request without authentication).

#include "protocol/json.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <expected>

namespace fhw::cli {

class RegistrationOptions
{
public:
    void addTo(QCommandLineParser &parser);

    // The registration; the error is ready to print (prefixed with `command`) with its exit code: usage
    // (neither or both given, unreadable file, not a registration) or problems (the endpoint failed).
    std::expected<protocol::Json, std::pair<QString, int>> registration(const QCommandLineParser &parser,
                                                                        const QString &command) const;

private:
    QCommandLineOption m_file{QStringLiteral("registration"),
                              QStringLiteral("The module_registration_response, from a file."), QStringLiteral("FILE")};
    QCommandLineOption m_url{QStringLiteral("from"),
                             QStringLiteral("Ask the partner's endpoint for it: POST a module_registration_request to "
                                            "URL (no authentication, like mParticle)."),
                             QStringLiteral("URL")};
    QCommandLineOption m_cacert{QStringLiteral("cacert"),
                                QStringLiteral("With --from: trust this CA certificate too (PEM)."), QStringLiteral("FILE")};
};

} // namespace fhw::cli
