// The install test's consumer: uses rdha's public API through the installed package only.
// It builds the default HA stack, checks it and renders it to memory.
#include <rdha/rdha.hpp>

#include <iostream>

int main() {
  const rdha::Stack stack = rdha::stack::build_ha_stack(rdha::stack::HaStackSpec{});
  const auto files = rdha::to_tf_json(stack);
  std::cout << "rdha " << rdha::version() << ": " << stack.size() << " blocks in " << files.size() << " files\n";
  return files.contains("database.tf.json") && stack.size() > 100 ? 0 : 1;
}
