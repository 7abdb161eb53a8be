#include "engine/csv.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "engine/batch.hpp"
#include "engine/gzip.hpp"
#include "engine/identifier.hpp"
#include "engine/number.hpp"

namespace kepler {
namespace {

struct Field {
  std::string_view text;
  std::size_t column;  // 1-based position of the field's first character in its line
};

struct Line {
  std::string_view text;
  std::size_t number;  // 1-based
};

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

// Trims spaces and tabs; `offset` moves to the first kept character (it stays at the field's
// start when nothing is kept, so errors about empty cells point at the cell).
std::string_view trim(std::string_view s, std::size_t& offset) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
    ++offset;
  }
  return s;
}

std::vector<Field> split_fields(std::string_view line, char delimiter) {
  std::vector<Field> fields;
  std::size_t start = 0;
  while (true) {
    std::size_t end = start;
    bool quoted = false;
    while (end < line.size() && (quoted || line[end] != delimiter)) {
      if (line[end] == '"') quoted = !quoted;
      ++end;
    }
    std::size_t offset = start;
    std::string_view text = trim(line.substr(start, end - start), offset);
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
      text = text.substr(1, text.size() - 2);
      ++offset;
    }
    fields.push_back({text, offset + 1});
    if (end >= line.size()) break;
    start = end + 1;
  }
  return fields;
}

char detect_delimiter(std::string_view header) {
  for (char c : {',', '\t', ';'}) {
    if (header.find(c) != std::string_view::npos) return c;
  }
  return ',';
}

// The lines of a table, one at a time, so that a file is read without holding its text: every
// line with its 1-based number, carriage returns and a leading byte order mark removed. A line's
// text stays valid until the next call. Two passes read it: one to count rows, one to parse.
class LineSource {
 public:
  virtual ~LineSource() = default;
  virtual bool next(Line& line) = 0;
  virtual void rewind() = 0;
};

std::string_view tidy_line(std::string_view line, std::size_t number) {
  if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // UTF-8 byte order mark
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

class TextLines final : public LineSource {
 public:
  explicit TextLines(std::string_view text) : text_(text) {}
  bool next(Line& line) override {
    if (at_ >= text_.size()) return false;
    std::size_t end = text_.find('\n', at_);
    if (end == std::string_view::npos) end = text_.size();
    ++number_;
    line = {tidy_line(text_.substr(at_, end - at_), number_), number_};
    at_ = end + 1;
    return true;
  }
  void rewind() override { at_ = number_ = 0; }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
  std::size_t number_ = 0;
};

class StreamLines final : public LineSource {
 public:
  explicit StreamLines(std::istream& in) : in_(in) {}
  bool next(Line& line) override {
    if (!std::getline(in_, buffer_)) return false;
    ++number_;
    line = {tidy_line(buffer_, number_), number_};
    return true;
  }
  void rewind() override {
    in_.clear();
    in_.seekg(0);
    number_ = 0;
  }

 private:
  std::istream& in_;
  std::string buffer_;
  std::size_t number_ = 0;
};

bool is_content(const Line& line) { return !is_blank(line.text) && line.text.front() != '#'; }

// Length of the UTF-8 sequence starting at text[i], or 0 if it is not valid UTF-8 (or a NUL).
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead == 0) return 0;
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  if ((lead & 0xE0) == 0xC0 && lead >= 0xC2) length = 2;
  else if ((lead & 0xF0) == 0xE0) length = 3;
  else if ((lead & 0xF8) == 0xF0 && lead <= 0xF4) length = 4;
  if (length == 0 || i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

// A table is text: binary data (a NUL byte, bytes that are not UTF-8) is named where it starts,
// rather than surfacing later as a confusing "no data rows".
void require_text(const Line& line, const std::string& source) {
  std::size_t column = 1;
  for (std::size_t i = 0; i < line.text.size(); ++column) {
    const std::size_t length = utf8_sequence(line.text, i);
    if (length == 0) {
      throw InputError(source, line.number, column,
                       fmt::format("not a text file: byte 0x{:02x} is not UTF-8 text",
                                   static_cast<unsigned char>(line.text[i])));
    }
    i += length;
  }
}

std::string shortest(double v) { return fmt::format("{}", v); }

std::string list_names(const std::vector<std::string>& names) { return fmt::format("{}", fmt::join(names, ", ")); }

}  // namespace

std::string column_identifier(std::string_view name) {
  std::string id;
  for (char c : name) {
    id += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  }
  if (id.empty() || std::isdigit(static_cast<unsigned char>(id.front()))) id.insert(0, "_");
  if (is_python_keyword(id)) id += '_';
  return id;
}

namespace {

// Fields in a line as split_fields counts them, without building them.
std::size_t count_fields(std::string_view line, char delimiter) {
  std::size_t count = 1;
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') quoted = !quoted;
    if (c == delimiter && !quoted) ++count;
  }
  return count;
}

Dataset read_table(LineSource& lines, const CsvOptions& options, const std::string& source) {
  // Pass 1: the header, the number of rows, and where the first row with the wrong number of
  // fields is (parsing fails there at the latest, so no storage is needed beyond it).
  std::string header_text;
  std::size_t header_number = 0;
  char delimiter = ',';
  std::size_t header_fields = 0;
  std::size_t rows = 0;
  std::size_t complete_rows = 0;  // rows before the first one with the wrong field count
  bool ragged = false;
  Line line;
  while (lines.next(line)) {
    require_text(line, source);
    if (!is_content(line)) continue;
    if (header_number == 0) {
      header_text = line.text;
      header_number = line.number;
      delimiter = detect_delimiter(header_text);
      header_fields = count_fields(header_text, delimiter);
      continue;
    }
    ++rows;
    ragged = ragged || count_fields(line.text, delimiter) != header_fields;
    if (!ragged) ++complete_rows;
  }
  if (header_number == 0) throw InputError(source, "file is empty (expected a header row of column names)");

  const std::vector<Field> header = split_fields(header_text, delimiter);
  std::vector<std::string> names;
  std::unordered_set<std::string> seen;
  for (const Field& field : header) {
    if (field.text.empty()) throw InputError(source, header_number, field.column, "empty column name in the header");
    std::string name = column_identifier(field.text);
    if (!seen.insert(name).second) {
      throw InputError(source, header_number, field.column, "duplicate column name '" + name + "'");
    }
    names.push_back(std::move(name));
  }
  if (rows == 0) throw InputError(source, "no data rows after the header");

  const auto find_column = [&](const std::string& wanted, const char* role) -> std::size_t {
    const std::string id = column_identifier(wanted);
    const auto it = std::find(names.begin(), names.end(), id);
    if (it == names.end()) {
      throw InputError(source, std::string("unknown ") + role + " column '" + wanted +
                                   "' (columns: " + list_names(names) + ")");
    }
    return static_cast<std::size_t>(it - names.begin());
  };
  const std::size_t target_col = options.target.empty() ? names.size() - 1
                                                        : find_column(options.target, "target");
  const std::size_t weight_col = options.weights.empty() ? names.size()
                                                         : find_column(options.weights, "weight");
  if (weight_col == target_col) {
    throw InputError(source, "column '" + names[target_col] + "' cannot be both target and weight");
  }
  const std::size_t inputs = names.size() - 1 - (weight_col < names.size() ? 1 : 0);
  if (inputs == 0) {
    throw InputError(source, header_number, 1,
                     names.size() == 1 ? std::string("need at least two columns (inputs and a target), found one")
                                       : "no input column: the columns are the target '" + names[target_col] +
                                             "' and the weights '" + names[weight_col] + "'");
  }

  // Pass 2: every cell straight into the dataset's own layout. Storage for the complete rows only:
  // a wide header over short ragged lines reserves nothing it will not fill.
  const std::size_t stride = padded_rows(complete_rows);
  detail::AlignedVector columns(inputs * stride, 1.0);
  std::vector<double> target(complete_rows);
  std::vector<double> weights(weight_col < names.size() ? complete_rows : 0);
  std::vector<double*> destination(names.size());  // where column j's row 0 goes
  for (std::size_t j = 0, input = 0; j < names.size(); ++j) {
    if (j == target_col) {
      destination[j] = target.data();
    } else if (j == weight_col) {
      destination[j] = weights.data();
    } else {
      destination[j] = columns.data() + input++ * stride;
    }
  }
  lines.rewind();
  std::size_t r = 0;
  bool past_header = false;
  while (lines.next(line)) {
    if (!is_content(line)) continue;
    if (!past_header) {
      past_header = true;
      continue;
    }
    const std::vector<Field> fields = split_fields(line.text, delimiter);
    if (fields.size() != names.size()) {
      throw InputError(source, line.number, 0,
                       "expected " + std::to_string(names.size()) + " fields, found " +
                           std::to_string(fields.size()));
    }
    for (std::size_t j = 0; j < fields.size(); ++j) {
      const Field& f = fields[j];
      if (f.text.empty()) {
        throw InputError(source, line.number, f.column, "empty cell in column '" + names[j] + "'");
      }
      const NumberRead number = read_number(f.text);
      if (number.status == NumberStatus::NotFinite) {
        throw InputError(source, line.number, f.column,
                         "non-finite value '" + std::string(f.text) + "' in column '" + names[j] + "'");
      }
      if (number.status != NumberStatus::Ok) {
        throw InputError(source, line.number, f.column,
                         "'" + std::string(f.text) + "' " + std::string(describe(number.status)) + " (column '" +
                             names[j] + "')");
      }
      if (j == weight_col && number.value < 0.0) {
        throw InputError(source, line.number, f.column,
                         "negative weight " + std::string(f.text) + " in column '" + names[j] + "'");
      }
      destination[j][r] = number.value;
    }
    ++r;
  }

  // With one row there is nothing to be constant against; commands that need more rows say so.
  if (target.size() > 1 &&
      std::all_of(target.begin(), target.end(), [&](double v) { return v == target.front(); })) {
    throw InputError(source, "target column '" + names[target_col] + "' is constant (every row is " +
                                 shortest(target.front()) + ")");
  }
  if (weight_col < names.size() && std::all_of(weights.begin(), weights.end(), [](double w) { return w == 0.0; })) {
    throw InputError(source, "weight column '" + names[weight_col] + "' is zero in every row");
  }
  std::vector<std::string> variable_names;
  for (std::size_t j = 0; j < names.size(); ++j) {
    if (j != target_col && j != weight_col) variable_names.push_back(names[j]);
  }
  return Dataset::from_padded_columns(std::move(variable_names), std::move(columns), names[target_col],
                                      std::move(target), std::move(weights));
}

}  // namespace

Dataset parse_csv(std::string_view text, const CsvOptions& options, const std::string& source) {
  TextLines lines(text);
  return read_table(lines, options, source);
}

Dataset read_csv(const std::filesystem::path& path, const CsvOptions& options) {
  const std::string source = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(source, "is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(source, std::string("cannot open file: ") + std::strerror(errno));
  std::array<char, 2> magic{};
  in.read(magic.data(), magic.size());
  const bool compressed = in.gcount() == 2 && is_gzip(std::string_view(magic.data(), 2));
  in.clear();
  in.seekg(0);
  if (compressed) {
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = gunzip(std::move(buffer).str(), source);
    return parse_csv(text, options, source);
  }
  // Streamed twice, never held whole: memory is the table's numbers and one line.
  StreamLines lines(in);
  return read_table(lines, options, source);
}

}  // namespace kepler
