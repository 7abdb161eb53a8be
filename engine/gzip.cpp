#include "engine/gzip.hpp"

#include <zlib.h>

#include <array>
#include <limits>

#include "engine/error.hpp"

namespace kepler {

bool is_gzip(std::string_view bytes) noexcept {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string gunzip(std::string_view bytes, const std::string& source) {
  // zlib counts input in uInt; tables that large are not a use case worth chunking for.
  if (bytes.size() > std::numeric_limits<uInt>::max()) throw InputError(source, "compressed file larger than 4 GiB");
  z_stream stream{};
  // 16 + MAX_WBITS: expect a gzip header and trailer (checked by zlib's CRC).
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) throw InputError(source, "cannot start gzip decompression");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  std::array<char, 1 << 16> chunk{};
  int status = Z_OK;
  while (true) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
    stream.avail_out = static_cast<uInt>(chunk.size());
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(chunk.data(), chunk.size() - stream.avail_out);
    if (status == Z_STREAM_END) {
      if (stream.avail_in == 0) break;
      inflateReset(&stream);  // another gzip member follows
      continue;
    }
    if (status != Z_OK) break;
    if (stream.avail_in == 0 && stream.avail_out != 0) {
      status = Z_BUF_ERROR;  // input ended inside a member
      break;
    }
  }
  const std::string message = stream.msg != nullptr ? stream.msg : "";
  inflateEnd(&stream);
  if (status == Z_STREAM_END) return out;
  if (status == Z_BUF_ERROR) throw InputError(source, "gzip data is truncated");
  throw InputError(source, "corrupt gzip data" + (message.empty() ? std::string() : ": " + message));
}

}  // namespace kepler
