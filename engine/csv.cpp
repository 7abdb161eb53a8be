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
void require_text(std::string_view text, const std::string& source) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence(text, i);
    if (length == 0) {
      throw InputError(source, line, column,
                       fmt::format("not a text file: byte 0x{:02x} is not UTF-8 text", static_cast<unsigned char>(text[i])));
    }
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += length;
  }
}

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
  std::size_t number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number;
    if (!is_blank(line) && line.front() != '#') lines.push_back({line, number});
    start = end + 1;
  }
  return lines;
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

Dataset parse_csv(std::string_view text, const CsvOptions& options, const std::string& source) {
  require_text(text, source);
  const std::vector<Line> lines = split_lines(text);
  if (lines.empty()) throw InputError(source, "file is empty (expected a header row of column names)");

  const Line& header_line = lines.front();
  const char delimiter = detect_delimiter(header_line.text);
  const std::vector<Field> header = split_fields(header_line.text, delimiter);
  std::vector<std::string> names;
  std::unordered_set<std::string> seen;
  for (const Field& field : header) {
    if (field.text.empty()) {
      throw InputError(source, header_line.number, field.column, "empty column name in the header");
    }
    std::string name = column_identifier(field.text);
    if (!seen.insert(name).second) {
      throw InputError(source, header_line.number, field.column,
                       "duplicate column name '" + name + "'");
    }
    names.push_back(std::move(name));
  }
  if (lines.size() == 1) throw InputError(source, "no data rows after the header");

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
    throw InputError(source, header_line.number, 1,
                     names.size() == 1 ? std::string("need at least two columns (inputs and a target), found one")
                                       : "no input column: the columns are the target '" + names[target_col] +
                                             "' and the weights '" + names[weight_col] + "'");
  }

  // Room for every row, but never more cells than the text could hold (each takes at least two
  // bytes): a wide header over a few short lines must not reserve columns × lines doubles.
  const std::size_t rows_at_most = std::min(lines.size() - 1, text.size() / (2 * names.size()) + 1);
  std::vector<std::vector<double>> cells(names.size());
  for (auto& column : cells) column.reserve(rows_at_most);
  for (std::size_t r = 1; r < lines.size(); ++r) {
    const Line& line = lines[r];
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
      const double value = number.value;
      if (j == weight_col && value < 0.0) {
        throw InputError(source, line.number, f.column,
                         "negative weight " + std::string(f.text) + " in column '" + names[j] + "'");
      }
      cells[j].push_back(value);
    }
  }

  std::vector<double> target = std::move(cells[target_col]);
  // With one row there is nothing to be constant against; commands that need more rows say so.
  if (target.size() > 1 &&
      std::all_of(target.begin(), target.end(), [&](double v) { return v == target.front(); })) {
    throw InputError(source, "target column '" + names[target_col] + "' is constant (every row is " +
                                 shortest(target.front()) + ")");
  }
  std::vector<double> weights;
  if (weight_col < names.size()) {
    weights = std::move(cells[weight_col]);
    if (std::all_of(weights.begin(), weights.end(), [](double w) { return w == 0.0; })) {
      throw InputError(source, "weight column '" + names[weight_col] + "' is zero in every row");
    }
  }
  std::vector<std::string> variable_names;
  std::vector<std::vector<double>> columns;
  for (std::size_t j = 0; j < names.size(); ++j) {
    if (j == target_col || j == weight_col) continue;
    variable_names.push_back(names[j]);
    columns.push_back(std::move(cells[j]));
  }
  return Dataset(std::move(variable_names), columns, names[target_col], std::move(target),
                 std::move(weights));
}

Dataset read_csv(const std::filesystem::path& path, const CsvOptions& options) {
  const std::string source = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(source, "is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(source, std::string("cannot open file: ") + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string bytes = std::move(buffer).str();
  if (is_gzip(bytes)) return parse_csv(gunzip(bytes, source), options, source);
  return parse_csv(bytes, options, source);
}

}  // namespace kepler
