// Writing output files all at once: the content goes to a temporary file beside the target,
// which is renamed over it only when complete, so a crash or Ctrl-C never leaves a half file.
#pragma once

#include <filesystem>
#include <string_view>

namespace kepler {

// Throws InputError naming the path if the file cannot be written.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace kepler
