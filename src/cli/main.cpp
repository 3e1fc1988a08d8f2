// Placeholder, replaced by the CLI task: the `rdha` entry point until the real CLI lands.
#include <iostream>

int main() {
  std::cerr << "usage: rdha <synth|defaults|schema|check|graph|drill> [options]\n"
               "(placeholder CLI: no subcommands are implemented yet)\n";
  return 2;
}
