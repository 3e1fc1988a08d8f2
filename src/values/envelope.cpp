// The JSON envelope of rdha's outputs (rdha/values/envelope.hpp).
#include "rdha/values/envelope.hpp"

#include "rdha/version.hpp"

namespace rdha {

nlohmann::json tool_json() { return {{"name", "rdha"}, {"version", std::string(version())}}; }

nlohmann::json with_envelope(nlohmann::json document, const std::optional<std::string>& spec_hash) {
  document["tool"] = tool_json();
  document["spec_hash"] = spec_hash ? nlohmann::json(*spec_hash) : nlohmann::json(nullptr);
  return document;
}

}  // namespace rdha
