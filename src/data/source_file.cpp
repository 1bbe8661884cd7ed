#include "data/source_file.h"

#include <fmt/format.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.h"

namespace quantloop {

namespace {

std::string gunzip(const std::string& compressed, const std::string& path) {
  z_stream stream{};
  // 16 + MAX_WBITS: expect a gzip header; concatenated gzip members are handled below.
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
    throw Error(fmt::format("{}: cannot initialise gzip decoder", path));
  }
  std::string out;
  out.resize(compressed.size() * 4 + 1024);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = uInt(compressed.size());
  while (true) {
    if (stream.total_out >= out.size()) out.resize(out.size() * 2);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + stream.total_out);
    stream.avail_out = uInt(out.size() - stream.total_out);
    const int rc = inflate(&stream, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      if (stream.avail_in == 0) break;
      inflateReset(&stream);  // another gzip member follows
      continue;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      const std::string reason = stream.msg ? stream.msg : "corrupt data";
      inflateEnd(&stream);
      throw Error(fmt::format("{}: not a valid gzip file ({})", path, reason));
    }
    if (rc == Z_BUF_ERROR && stream.avail_in == 0) {
      inflateEnd(&stream);
      throw Error(fmt::format("{}: gzip data is truncated", path));
    }
  }
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

}  // namespace

std::string read_source_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file) throw Error(fmt::format("{}: cannot open ({})", path, std::strerror(errno)));
  const std::streamoff size = file.tellg();
  if (size < 0) throw Error(fmt::format("{}: cannot read (not a regular file?)", path));
  std::string content(std::size_t(size), '\0');
  file.seekg(0);
  if (!file.read(content.data(), size)) {
    throw Error(fmt::format("{}: read error ({})", path, std::strerror(errno)));
  }
  if (content.size() >= 2 && static_cast<unsigned char>(content[0]) == 0x1f &&
      static_cast<unsigned char>(content[1]) == 0x8b) {
    return gunzip(content, path);
  }
  return content;
}

}  // namespace quantloop
