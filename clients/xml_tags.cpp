#include "clients/xml_tags.h"

#include <cctype>
#include <charconv>

namespace lstar::client {
namespace {

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '_' || c == '-' ||
         c == '.' || c == '/';
}

void skip_space(std::string_view s, size_t& i) {
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
}

std::string read_name(std::string_view s, size_t& i) {
  const size_t start = i;
  while (i < s.size() && is_name_char(s[i])) ++i;
  return std::string(s.substr(start, i - start));
}

// Parses name="value" pairs up to '>' or "/>"; `i` ends after the '>'.
void read_attributes(std::string_view s, size_t& i, XmlTag& tag) {
  while (i < s.size()) {
    skip_space(s, i);
    if (i >= s.size()) return;
    if (s[i] == '>') {
      ++i;
      return;
    }
    if (s[i] == '/' && i + 1 < s.size() && s[i + 1] == '>') {
      tag.self_closing = true;
      i += 2;
      return;
    }
    std::string key = read_name(s, i);
    if (key.empty()) {
      ++i;  // junk: skip it rather than loop forever
      continue;
    }
    skip_space(s, i);
    if (i >= s.size() || s[i] != '=') continue;
    ++i;
    skip_space(s, i);
    if (i >= s.size() || (s[i] != '"' && s[i] != '\'')) continue;
    const char quote = s[i++];
    const size_t end = s.find(quote, i);
    if (end == std::string_view::npos) return;
    tag.attrs[key] = decode_xml_entities(s.substr(i, end - i));
    i = end + 1;
  }
}

// Skips "<!-- ... -->", "<? ... ?>" and "<!DOCTYPE ...>" starting at `i`.
bool skip_markup(std::string_view s, size_t& i) {
  const std::string_view rest = s.substr(i);
  std::string_view terminator;
  if (rest.starts_with("<!--")) {
    terminator = "-->";
  } else if (rest.starts_with("<?")) {
    terminator = "?>";
  } else if (rest.starts_with("<!")) {
    terminator = ">";
  } else {
    return false;
  }
  const size_t end = s.find(terminator, i);
  i = end == std::string_view::npos ? s.size() : end + terminator.size();
  return true;
}

std::optional<char32_t> numeric_reference(std::string_view body) {
  int base = 10;
  if (body.starts_with("x") || body.starts_with("X")) {
    base = 16;
    body.remove_prefix(1);
  }
  uint32_t value = 0;
  auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), value, base);
  if (ec != std::errc() || ptr != body.data() + body.size() || value > 0xff) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::string_view> XmlTag::attr(std::string_view key) const {
  auto it = attrs.find(std::string(key));
  if (it == attrs.end()) return std::nullopt;
  return it->second;
}

std::string decode_xml_entities(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const size_t semi = text[i] == '&' ? text.find(';', i) : std::string_view::npos;
    if (semi == std::string_view::npos) {
      out += text[i];
      continue;
    }
    const std::string_view body = text.substr(i + 1, semi - i - 1);
    std::optional<char32_t> c;
    if (body == "lt") c = '<';
    if (body == "gt") c = '>';
    if (body == "amp") c = '&';
    if (body == "quot") c = '"';
    if (body == "apos") c = '\'';
    if (body.starts_with("#")) c = numeric_reference(body.substr(1));
    if (!c) {
      out += text[i];
      continue;
    }
    out += static_cast<char>(*c);
    i = semi;
  }
  return out;
}

std::vector<XmlTag> scan_xml_tags(std::string_view s) {
  std::vector<XmlTag> tags;
  size_t i = s.find('<');
  while (i != std::string_view::npos && i < s.size()) {
    if (skip_markup(s, i)) {
      i = s.find('<', i);
      continue;
    }
    ++i;  // past '<'
    XmlTag tag;
    tag.name = read_name(s, i);
    read_attributes(s, i, tag);
    const size_t next = s.find('<', i);
    const size_t text_end = next == std::string_view::npos ? s.size() : next;
    if (i < text_end) tag.text = decode_xml_entities(s.substr(i, text_end - i));
    if (!tag.name.empty()) tags.push_back(std::move(tag));
    i = next;
  }
  return tags;
}

}  // namespace lstar::client
