#include "protocol/threads_document.h"

#include <fmt/format.h>

namespace lstar::protocol {

std::string xml_escape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&apos;";
        break;
      default:
        escaped.push_back(c);
    }
  }
  return escaped;
}

std::string threads_document(std::span<const ThreadDescription> threads) {
  std::string xml = "<threads>\n";
  for (const ThreadDescription& thread : threads) {
    xml += fmt::format("<thread id=\"{}\"", format_thread_id(thread.id));
    if (thread.core) xml += fmt::format(" core=\"{}\"", *thread.core);
    if (!thread.name.empty()) xml += fmt::format(" name=\"{}\"", xml_escape(thread.name));
    xml += "/>\n";
  }
  return xml + "</threads>\n";
}

}  // namespace lstar::protocol
