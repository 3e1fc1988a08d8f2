// FailureDomain (rdha/analysis/drill.hpp): "az:NAME" / "region:NAME" parsed, printed, and
// the region an AZ belongs to.
#include <algorithm>
#include <cctype>

#include "rdha/analysis/drill.hpp"
#include "rdha/error.hpp"

namespace rdha::analysis {

FailureDomain FailureDomain::parse(std::string_view text) {
  const auto colon = text.find(':');
  const std::string kind(text.substr(0, colon == std::string_view::npos ? 0 : colon));
  const std::string name(colon == std::string_view::npos ? "" : text.substr(colon + 1));
  const bool valid_name = !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '-';
  });
  if ((kind == "az" || kind == "region") && valid_name) {
    const bool ends_in_letter = std::islower(static_cast<unsigned char>(name.back())) != 0;
    if (kind == "az" && !ends_in_letter)
      throw SpecError::invalid({{"fail", "\"" + std::string(text) + "\" names a region, not an availability zone: "
                                         "use az:<region><letter> (e.g. az:us-east-1a) or region:" + name + "."}});
    return FailureDomain{kind == "az" ? Kind::availability_zone : Kind::region, name};
  }
  throw SpecError::invalid({{"fail", "\"" + std::string(text) +
                                         "\" is not a failure domain: use az:NAME (e.g. az:us-east-1a) or "
                                         "region:NAME (e.g. region:us-east-1)."}});
}

std::string FailureDomain::str() const { return (kind == Kind::region ? "region:" : "az:") + name; }

std::string FailureDomain::region() const {
  if (kind == Kind::region) return name;
  std::string out = name;
  while (!out.empty() && std::isalpha(static_cast<unsigned char>(out.back()))) out.pop_back();
  return out;
}

}  // namespace rdha::analysis
