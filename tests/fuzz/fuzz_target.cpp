// libFuzzer target over one check of checks.hpp, chosen at build time: KEPLER_FUZZ_CHECK names
// it (check_csv, check_simplify, ...). A Finding aborts, so libFuzzer keeps the input.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "tests/fuzz/checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    kepler::fuzz::KEPLER_FUZZ_CHECK(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const kepler::fuzz::Finding& finding) {
    std::fprintf(stderr, "finding: %s\n", finding.what());
    std::abort();
  }
  return 0;
}
