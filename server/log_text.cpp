#include "server/log_text.h"

#include <fmt/format.h>

namespace lstar::server {
namespace {

bool plain(char c) {
  return c > ' ' && c < 0x7f && c != '"' && c != '\\';
}

}  // namespace

std::string escape_c(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      default:
        if (c >= ' ' && c < 0x7f) {
          out += c;
        } else {
          out += fmt::format("\\{:03o}", static_cast<unsigned char>(c));
        }
    }
  }
  return out;
}

std::string quote_argument(std::string_view argument) {
  bool is_plain = !argument.empty();
  for (const char c : argument) is_plain = is_plain && plain(c);
  return is_plain ? std::string(argument) : "\"" + escape_c(argument) + "\"";
}

}  // namespace lstar::server
