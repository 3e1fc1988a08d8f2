// The install test's consumer: uses rdha's public API through the installed package only.
#include <rdha/error.hpp>
#include <rdha/version.hpp>

#include <iostream>
#include <string>
#include <vector>

int main() {
  const std::vector<std::string> candidates{"primary", "replica", "dr_replica"};
  const std::string suggestion = rdha::closest_match("replcia", candidates);
  std::cout << "rdha " << rdha::version() << ": \"replcia\" -> \"" << suggestion << "\"\n";
  return suggestion == "replica" ? 0 : 1;
}
