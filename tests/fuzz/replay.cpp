// Replays a fuzz corpus through its check, for the default test run: `kepler_fuzz_replay TARGET
// DIR...` runs every file under each DIR and reports each finding. The corpora hold the inputs
// that found past bugs (wrong printed or simplified functions, reader crashes) and seeds.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>

#include "tests/fuzz/checks.hpp"

int main(int argc, char** argv) {
  using Check = std::function<void(std::string_view)>;
  const std::map<std::string, Check> checks = {{"print_round_trip", kepler::fuzz::check_print_round_trip},
                                               {"parse", kepler::fuzz::check_parse},
                                               {"simplify", kepler::fuzz::check_simplify},
                                               {"csv", kepler::fuzz::check_csv},
                                               {"suite_json", kepler::fuzz::check_suite_json}};
  if (argc < 3 || !checks.contains(argv[1])) {
    fmt::print(stderr, "usage: kepler_fuzz_replay print_round_trip|parse|simplify|csv|suite_json DIR...\n");
    return 2;
  }
  const Check& check = checks.at(argv[1]);
  int passed = 0;
  int failed = 0;
  for (int a = 2; a < argc; ++a) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[a])) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      try {
        check(bytes.str());
        ++passed;
      } catch (const std::exception& error) {  // a Finding, or an exception a check let escape
        fmt::print("FAIL {}: {}\n", entry.path().filename().string(), error.what());
        ++failed;
      }
    }
  }
  fmt::print("{} passed, {} failed\n", passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}
