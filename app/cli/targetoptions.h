#pragma once

// The target options check, load and export-locust share: one URL for every type, or a URL per
// family (the registration, event, audience and DSR endpoints mParticle lets a partner register).

#include "transport/target.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <expected>
#include <vector>

namespace fhw::cli {

class TargetOptions
{
public:
    // Adds [URL] as the first positional argument and --registration-url, --event-url,
    // --audience-url, --dsr-url.
    void addTo(QCommandLineParser &parser);

    // The target from the parsed options. URLs must be http:// or https://. Errors are ready to
    // print (prefixed with `command`), e.g. "no target: give URL or --event-url …".
    std::expected<transport::Target, QString> target(const QCommandLineParser &parser, const QString &command) const;

private:
    std::vector<std::pair<transport::Family, QCommandLineOption>> m_perFamily;
};

} // namespace fhw::cli
