// A small scanner for the XML documents RSP servers send (target.xml, the
// threads list): it yields the tags in document order with their attributes
// and the text that follows each start tag. It does not validate; it only
// has to read what gdbserver and lstar produce, and never throws on junk.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lstar::client {

struct XmlTag {
  std::string name;                          // "reg", "xi:include", "/feature"
  std::map<std::string, std::string> attrs;  // entity references decoded
  std::string text;                          // character data up to the next tag
  bool self_closing = false;

  std::optional<std::string_view> attr(std::string_view key) const;
};

// Comments, processing instructions and <!DOCTYPE> are skipped.
std::vector<XmlTag> scan_xml_tags(std::string_view document);

// &lt; &gt; &amp; &quot; &apos; and numeric references.
std::string decode_xml_entities(std::string_view text);

}  // namespace lstar::client
