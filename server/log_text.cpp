#include "server/log_text.h"

#include <fmt/format.h>

namespace lstar::server {
namespace {

bool printable(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x20 && byte < 0x7f;
}

bool plain(char c) {
  return printable(c) && c != ' ' && c != '"' && c != '\\';
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
        if (printable(c)) {
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
