// gzip input: files written by zlib's own gzFile writer (an independent encoder) read back.
#include "engine/gzip.hpp"

#include <doctest/doctest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/csv.hpp"
#include "engine/error.hpp"

using namespace kepler;

namespace {

std::filesystem::path write_gz(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  gzFile file = gzopen(path.c_str(), "wb");
  REQUIRE(file != nullptr);
  REQUIRE(gzwrite(file, text.data(), static_cast<unsigned>(text.size())) == static_cast<int>(text.size()));
  REQUIRE(gzclose(file) == Z_OK);
  return path;
}

std::string bytes_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

TEST_CASE("a PMLB-style .tsv.gz reads like the CSV it contains") {
  std::string text = "x_0\tx_1\ttarget\n";
  for (int i = 0; i < 5000; ++i) text += std::to_string(i) + "\t" + std::to_string(2 * i) + "\t" + std::to_string(3 * i) + "\n";
  const auto path = write_gz("kepler_gzip_test.tsv.gz", text);
  const Dataset d = read_csv(path);
  CHECK(d.rows() == 5000);
  CHECK(d.variable_names() == std::vector<std::string>{"x_0", "x_1"});
  CHECK(d.target_name() == "target");
  CHECK(d.target()[4999] == 3.0 * 4999);
  CHECK(read_csv(path, {.target = "x_1", .weights = ""}).target_name() == "x_1");
  std::filesystem::remove(path);
}

TEST_CASE("gzip members are concatenated; plain text is not mistaken for gzip") {
  const auto a = write_gz("kepler_gzip_a.gz", "x,y\n1,2\n");
  const auto b = write_gz("kepler_gzip_b.gz", "3,4\n");
  const std::string joined = bytes_of(a) + bytes_of(b);
  CHECK(is_gzip(joined));
  CHECK(gunzip(joined, "joined.gz") == "x,y\n1,2\n3,4\n");
  CHECK(!is_gzip("x,y\n"));
  CHECK(!is_gzip(""));
  std::filesystem::remove(a);
  std::filesystem::remove(b);
}

TEST_CASE("truncated or corrupt gzip data is an error naming the file") {
  const auto path = write_gz("kepler_gzip_bad.gz", std::string(10000, 'a') + "\n");
  const std::string bytes = bytes_of(path);
  CHECK_THROWS_WITH((void)gunzip(bytes.substr(0, bytes.size() / 2), "half.gz"), "half.gz: gzip data is truncated");
  std::string flipped = bytes;
  flipped[flipped.size() - 6] = static_cast<char>(flipped[flipped.size() - 6] ^ 0x5a);  // inside the CRC
  CHECK_THROWS_WITH((void)gunzip(flipped, "crc.gz"), doctest::Contains("crc.gz: corrupt gzip data"));
  std::filesystem::remove(path);
}
