#pragma once

#include "protocol/finding.h"
#include "protocol/json.h"
#include "protocol/messagetype.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

// What the composer runs off the GUI thread for a document: parse, validate, locate the findings in
// the text. Plain functions over copies, so they can run on any thread.
namespace fhw::gui {

struct LocatedFinding
{
    protocol::Finding finding;
    int line = 0;      // 0-based line (the editor's block number)
    int column = 0;    // UTF-16 column in that line
    int length = 0;    // UTF-16 length of the token found there
    bool exact = false; // false when only an ancestor of the pointer is in the text
};

struct ValidationOutcome
{
    quint64 generation = 0;
    // The parsed message when the text parses (shared: handing it to the GUI thread copies nothing).
    std::shared_ptr<protocol::Json> message;
    QString parseError; // when it does not parse: "line 3, column 7: …"
    QList<LocatedFinding> findings;
    int errors = 0;
    int warnings = 0;
};

// Parses `text`, validates it (a message of another type than `expected` gets a finding) and finds
// each finding's place in the text. A parse error is one finding at its line and column.
ValidationOutcome validateDocument(const QString &text, protocol::Profile profile,
                                   std::optional<protocol::MessageType> expected, quint64 generation);

struct FormatOutcome
{
    quint64 generation = 0;
    QString text;  // the formatted text; empty when it does not parse
    QString error; // why it was not formatted
};

// Pretty-prints a document that parses (jsontext::reindent); refuses one that does not.
FormatOutcome formatDocumentText(const QString &text, quint64 generation);

} // namespace fhw::gui
