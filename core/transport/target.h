#pragma once

#include "protocol/messagetype.h"

#include <map>
#include <optional>
#include <string>

namespace fhw::transport {

// The families mParticle may route to separate URLs (DOCS-OUT: endpoints "for registration, event
// and/or audience"; DSR is the fifth kind).
enum class Family { Registration, Event, Audience, Dsr };

Family familyOf(protocol::MessageType type);
std::string_view familyName(Family family); // "registration", "event", "audience", "dsr"

// Where requests go: one URL for every type, or a URL per family (falling back to `url`).
// An AWS Lambda function, invoked synchronously as mParticle does (the Invoke API,
// POST /2015-03-31/functions/{function}/invocations), with the same JSON as an HTTP endpoint gets.
struct LambdaTarget
{
    std::string function;  // a name, or a function ARN (alias ARNs included: …:function:name:production)
    std::string region;    // taken from the ARN when it has one; else required for AWS
    std::string qualifier; // alias or version: from the ARN, or given; empty = $LATEST
    // Empty: https://lambda.{region}.amazonaws.com. Otherwise a local emulator (the Runtime Interface
    // Emulator, `sam local start-lambda`, the embedded endpoint's Invoke mode): http://127.0.0.1:PORT.
    std::string endpoint;
    bool sign = true;      // SigV4-sign the request; local emulators take it unsigned
    std::string profile;   // AWS profile for credentials (default chain when empty)
    std::string keychainCredentials; // name of credentials stored in the keychain; empty = AWS's files/environment

    friend bool operator==(const LambdaTarget &, const LambdaTarget &) = default;
};

struct Target
{
    std::string url;
    std::map<Family, std::string> perFamily;
    std::optional<LambdaTarget> lambda; // set: every type is invoked on this function; url/perFamily unused

    bool isLambda() const { return lambda.has_value(); }
    // For a Lambda target: the Invoke URL (endpoint + /2015-03-31/functions/{function}/invocations
    // [?Qualifier=…]), the same for every type, as mParticle sends every type to the one function.

    // The URL for this message type; empty when none is configured.
    std::string urlFor(protocol::MessageType type) const;
};

} // namespace fhw::transport
