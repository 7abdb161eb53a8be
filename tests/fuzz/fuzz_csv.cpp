// libFuzzer target: kepler::fuzz::check_csv (see checks.hpp). A Finding aborts, so libFuzzer keeps
// the input that caused it.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "tests/fuzz/checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    kepler::fuzz::check_csv(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const kepler::fuzz::Finding& finding) {
    std::fprintf(stderr, "finding: %s\n", finding.what());
    std::abort();
  }
  return 0;
}
