#pragma once

#include <nlohmann/json.hpp>

namespace fhw::protocol {

// Messages keep their key order: people read them, and the SDK writes `type` first.
using Json = nlohmann::ordered_json;

} // namespace fhw::protocol
