#include "sendresult.h"

namespace fhw::transport {

std::string_view attemptErrorName(AttemptError error)
{
    switch (error) {
    case AttemptError::None: return "none";
    case AttemptError::Connect: return "connect";
    case AttemptError::Timeout: return "timeout";
    case AttemptError::Tls: return "tls";
    case AttemptError::Cancelled: return "cancelled";
    case AttemptError::Other: return "other";
    }
    return {};
}

std::string_view verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Success: return "success";
    case Verdict::FinalStatus: return "final-status";
    case Verdict::Exhausted: return "exhausted";
    case Verdict::Cancelled: return "cancelled";
    case Verdict::Invalid: return "invalid";
    }
    return {};
}

bool SendResult::accepted() const
{
    return verdict == Verdict::Success && !protocol::hasErrors(findings);
}

} // namespace fhw::transport
