// Inflating gzip data in memory (SRBench / PMLB ship their tables as .tsv.gz).
#pragma once

#include <string>
#include <string_view>

namespace kepler {

// True when `bytes` start with the gzip magic number.
[[nodiscard]] bool is_gzip(std::string_view bytes) noexcept;

// The inflated contents of gzip data, every member of a multi-member stream concatenated.
// Throws InputError naming `source` on corrupt or truncated data.
[[nodiscard]] std::string gunzip(std::string_view bytes, const std::string& source);

}  // namespace kepler
