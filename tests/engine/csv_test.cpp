#include "engine/csv.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

using namespace kepler;

namespace {

std::string error_of(std::string_view text, CsvOptions options = {}) {
  try {
    (void)parse_csv(text, options, "data.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a well-formed CSV becomes a columnar dataset; the target defaults to the last column") {
  const Dataset d = parse_csv("# comment\na, b ,y\n1,2,3\n\n4, 5e-1 ,6\r\n", {}, "data.csv");
  CHECK(d.rows() == 2);
  CHECK(d.variable_names() == std::vector<std::string>{"a", "b"});
  CHECK(d.target_name() == "y");
  CHECK(d.column(1)[1] == 0.5);
  CHECK(d.target()[1] == 6.0);
  CHECK(!d.weighted());
}

TEST_CASE("target and weight columns are chosen by name") {
  const Dataset d = parse_csv("T,a,w\n1,2,1\n3,4,0.5\n", {"T", "w"}, "data.csv");
  CHECK(d.target_name() == "T");
  CHECK(d.variable_names() == std::vector<std::string>{"a"});
  CHECK(d.weights()[1] == 0.5);
}

TEST_CASE("numbers read as strtod reads them, a leading plus and zeros included") {
  const Dataset d = parse_csv("a,y\n+1,0e-400\n+.5e1,-0\n1e-310,2\n", {}, "data.csv");
  CHECK(d.column(0)[0] == 1.0);
  CHECK(d.column(0)[1] == 5.0);
  CHECK(d.column(0)[2] == 1e-310);
  CHECK(d.target()[0] == 0.0);
}

TEST_CASE("wide headers: a duplicate name is found by hashing, short rows reserve no columns") {
  // 50 000 columns, the last a duplicate of the first (a quadratic check took 3.4 s here).
  std::string header;
  for (int j = 0; j < 50'000; ++j) header += fmt::format("c{},", j);
  header += "c0\n";
  const std::string message = error_of(header + "1\n");
  CHECK(message.starts_with("data.csv:1:"));
  CHECK(message.ends_with("duplicate column name 'c0'"));
  // A wide header over short ragged rows fails at the first row, reserving nothing per column.
  std::string wide;
  for (int j = 0; j < 20'000; ++j) wide += fmt::format("c{},", j);
  wide += "y\n";
  for (int r = 0; r < 2'000; ++r) wide += "1\n";
  CHECK(error_of(wide) == "data.csv:2: expected 20001 fields, found 1");
}

TEST_CASE("tabs and semicolons are detected; quoted names and odd names become identifiers") {
  const Dataset d = parse_csv("\"T (days)\"\t2nd\tlambda\n1\t2\t3\n4\t5\t7\n", {}, "data.tsv");
  CHECK(d.variable_names() == std::vector<std::string>{"T__days_", "_2nd"});
  CHECK(d.target_name() == "lambda_");
  const Dataset s = parse_csv("a;b\n1;2\n3;4\n", {}, "data.csv");
  CHECK(s.rows() == 2);
}

TEST_CASE("each kind of bad CSV gets one precise error") {
  CHECK(error_of("") == "data.csv: file is empty (expected a header row of column names)");
  CHECK(error_of("a,b\n") == "data.csv: no data rows after the header");
  CHECK(error_of("a,b\n1,2\n3\n") == "data.csv:3: expected 2 fields, found 1");
  CHECK(error_of("a,b\n1,2\n3,x7\n") == "data.csv:3:3: 'x7' is not a number (column 'b')");
  CHECK(error_of("a,b\n1,2\n3,4abc\n") == "data.csv:3:3: '4abc' is not a number (column 'b')");
  CHECK(error_of("a,b\n1, \n") == "data.csv:2:3: empty cell in column 'b'");
  CHECK(error_of("a,b\nnan,2\n1,3\n") == "data.csv:2:1: non-finite value 'nan' in column 'a'");
  CHECK(error_of("a,b\n1,inf\n1,3\n") == "data.csv:2:3: non-finite value 'inf' in column 'b'");
  CHECK(error_of("a,b\n1,2\n2,3\n", {"z", ""}) == "data.csv: unknown target column 'z' (columns: a, b)");
  CHECK(error_of("a,a\n1,2\n") == "data.csv:1:3: duplicate column name 'a'");
  CHECK(error_of("a,y\n1,2\n3,2\n") == "data.csv: target column 'y' is constant (every row is 2)");
  CHECK(error_of("a,y\n1,2\n") == "no error");  // one row: nothing to be constant against
  CHECK(error_of("a,b\n1,2\n3,1e-400\n") ==
        "data.csv:3:3: '1e-400' is too small for a double (it would read as 0) (column 'b')");
  CHECK(error_of("a,b\n1,2\n3,1e400\n") == "data.csv:3:3: '1e400' is too large for a double (column 'b')");
  CHECK(error_of("a,b\n1,2\n3,+-4\n") == "data.csv:3:3: '+-4' is not a number (column 'b')");
  CHECK(error_of(std::string("a,b\n1,2\n3,\0\n", 12)) == "data.csv:3:3: not a text file: byte 0x00 is not UTF-8 text");
  CHECK(error_of("a,b\n1,2\x89PNG\n") == "data.csv:2:4: not a text file: byte 0x89 is not UTF-8 text");
  CHECK(error_of("\xce\xbb,y\n1,2\n3,4\n") == "no error");  // λ is text
  CHECK(error_of("w,y\n1,2\n3,4\n", {"", "w"}) ==
        "data.csv:1:1: no input column: the columns are the target 'y' and the weights 'w'");
  CHECK(error_of("a,,y\n1,2,3\n") == "data.csv:1:3: empty column name in the header");
  CHECK(error_of("a,w,y\n1,-1,2\n2,1,3\n", {"", "w"}) == "data.csv:2:3: negative weight -1 in column 'w'");
  CHECK(error_of("a,w,y\n1,0,2\n2,0,3\n", {"", "w"}) == "data.csv: weight column 'w' is zero in every row");
  CHECK(error_of("y\n1\n2\n") == "data.csv:1:1: need at least two columns (inputs and a target), found one");
}

TEST_CASE("missing files and directories are named in the error") {
  CHECK_THROWS_WITH((void)read_csv("/nonexistent/data.csv"),
                    "/nonexistent/data.csv: cannot open file: No such file or directory");
  CHECK_THROWS_WITH((void)read_csv(std::filesystem::temp_directory_path()),
                    doctest::Contains("is a directory, not a file"));
}

TEST_CASE("files are streamed from disk and read exactly as the same text in memory") {
  const auto path = std::filesystem::temp_directory_path() / "kepler_csv_test.csv";
  const auto read_file = [&](const std::string& text, CsvOptions options = {}) {
    {
      std::ofstream out(path, std::ios::binary);
      out << text;
    }
    return read_csv(path, options);
  };
  const std::string text = "\xEF\xBB\xBF# units: SI\r\nx, w ,y\r\n1,1,2\r\n\r\n2,0.5,4\n# end\n3,2,7";
  const Dataset from_file = read_file(text, {"", "w"});
  const Dataset from_text = parse_csv(text, {"", "w"}, path.string());
  CHECK(from_file.rows() == 3);
  CHECK(from_file.variable_names() == from_text.variable_names());
  CHECK(std::vector<double>(from_file.column(0).begin(), from_file.column(0).end()) ==
        std::vector<double>{1.0, 2.0, 3.0});
  CHECK(std::vector<double>(from_file.target().begin(), from_file.target().end()) ==
        std::vector<double>(from_text.target().begin(), from_text.target().end()));
  CHECK(std::vector<double>(from_file.weights().begin(), from_file.weights().end()) ==
        std::vector<double>{1.0, 0.5, 2.0});
  // Errors name the same line and column from a file.
  const auto error_from_file = [&](const std::string& bad) {
    try {
      (void)read_file(bad);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string where = path.string();
  CHECK(error_from_file("a,b\n1,2\n# c\n3,x\n4\n") == where + ":4:3: 'x' is not a number (column 'b')");
  CHECK(error_from_file("a,b\n1,2\n3\n4,x\n") == where + ":3: expected 2 fields, found 1");
  CHECK(error_from_file(std::string("a,b\n1,2\n3,\0\n", 12)) == where + ":3:3: not a text file: byte 0x00 is not UTF-8 text");
  CHECK(error_from_file("# only a comment\n") == where + ": file is empty (expected a header row of column names)");
  std::filesystem::remove(path);
}
