#pragma once

#include "protocol/finding.h"

#include <QString>

namespace fhw::gui {

// The result of checking one message file: done off the GUI thread by checkMessageFile().
struct MessageCheck
{
    QString path;
    QString error;       // set when the file could not be read; nothing else is then
    QString messageType; // the detected wire type, empty when unknown
    QString text;        // the message pretty-printed, or the raw text when it does not parse
    protocol::Findings findings;
};

// Reads (size-capped), parses, validates and pretty-prints. Blocking: run it on a worker thread.
MessageCheck checkMessageFile(const QString &path, protocol::Profile profile);

} // namespace fhw::gui
