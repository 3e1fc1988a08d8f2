// The reference scanner (rdha/core/references.hpp): the one place edges come from.
//
// It tokenizes each "${...}" / "%{...}" sequence just far enough to find traversals
// (`aws_vpc.primary.id`, `data.x.y.z`, `var.n`) and ignores everything else: function
// names, operators, literals. Quoted strings inside an expression are templates too and
// are scanned recursively.
#include "rdha/core/references.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace rdha {
namespace {

enum class Tok { ident, dot, star, lbrack, rbrack, lparen, other };

struct Token {
  Tok kind;
  std::string_view text;
};

bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9') || c == '-'; }

// One reference where it stands: the reference, and the text naming it (a view into the
// scanned template): `aws_x.y.attr`, or `aws_x.y` when an index, a splat or nothing
// follows the name (`whole`: the reference is to the whole object).
struct Traversal {
  FoundReference reference;
  std::string_view prefix;
  bool whole = false;
};

void scan_template(std::string_view text, std::vector<Traversal>& out);

// Skips a quoted string starting at text[i] == '"', scanning templates inside it.
// Returns the index just past the closing quote.
std::size_t skip_string(std::string_view text, std::size_t i, std::vector<Traversal>& out) {
  std::size_t j = i + 1;
  while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
  scan_template(text.substr(i + 1, (j < text.size() ? j : text.size()) - i - 1), out);
  return j + 1;
}

// Finds the '}' closing an interpolation whose body starts at @p begin.
std::size_t find_close(std::string_view text, std::size_t begin) {
  int depth = 0;
  for (std::size_t j = begin; j < text.size(); ++j) {
    const char c = text[j];
    if (c == '"') {
      ++j;
      while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (depth == 0) return j;
      --depth;
    }
  }
  return text.size();
}

void scan_expression(std::string_view expr, std::vector<Traversal>& out) {
  std::vector<Token> tokens;
  for (std::size_t i = 0; i < expr.size();) {
    const char c = expr[i];
    if (c == '"') {
      i = skip_string(expr, i, out);
      tokens.push_back({Tok::other, {}});
    } else if (ident_start(c)) {
      std::size_t j = i + 1;
      while (j < expr.size() && ident_char(expr[j])) ++j;
      tokens.push_back({Tok::ident, expr.substr(i, j - i)});
      i = j;
    } else if (c >= '0' && c <= '9') {
      while (i < expr.size() && ((expr[i] >= '0' && expr[i] <= '9') || expr[i] == '.')) ++i;
      tokens.push_back({Tok::other, {}});
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else {
      Tok kind = Tok::other;
      if (c == '.') kind = Tok::dot;
      if (c == '*') kind = Tok::star;
      if (c == '[') kind = Tok::lbrack;
      if (c == ']') kind = Tok::rbrack;
      if (c == '(') kind = Tok::lparen;
      tokens.push_back({kind, expr.substr(i, 1)});
      ++i;
    }
  }

  for (std::size_t k = 0; k < tokens.size(); ++k) {
    if (tokens[k].kind != Tok::ident || (k > 0 && tokens[k - 1].kind == Tok::dot)) continue;
    if (k + 1 < tokens.size() && tokens[k + 1].kind == Tok::lparen) continue;  // function call
    // Collect the traversal's attribute names, skipping index brackets and splats.
    std::vector<std::string_view> names{tokens[k].text};
    for (std::size_t j = k + 1; j < tokens.size();) {
      if (tokens[j].kind == Tok::dot && j + 1 < tokens.size() && tokens[j + 1].kind == Tok::ident) {
        names.push_back(tokens[j + 1].text);
        j += 2;
      } else if (tokens[j].kind == Tok::dot && j + 1 < tokens.size() && tokens[j + 1].kind == Tok::star) {
        j += 2;
      } else if (tokens[j].kind == Tok::lbrack) {
        int depth = 0;
        for (; j < tokens.size(); ++j) {
          if (tokens[j].kind == Tok::lbrack) ++depth;
          if (tokens[j].kind == Tok::rbrack && --depth == 0) break;
        }
        ++j;
      } else {
        break;
      }
    }
    const std::string_view root = names[0];
    auto at = [&names](std::size_t n) { return n < names.size() ? std::string(names[n]) : std::string(); };
    // The name is the second identifier (`var.x`, `aws_x.y`) or the third (`data.x.y`); the
    // attribute directly after it (`.attr`, not `[0].attr`) belongs to the prefix.
    auto prefix = [&](std::size_t name_token) {
      if (name_token >= tokens.size() || tokens[name_token].text.data() != names[name_token == k + 4 ? 2 : 1].data())
        return std::pair{std::string_view(), true};  // not `a.b.c` written plainly: not rewritten
      const std::size_t last = name_token + 2 < tokens.size() && tokens[name_token + 1].kind == Tok::dot &&
                                       tokens[name_token + 2].kind == Tok::ident
                                   ? name_token + 2
                                   : name_token;
      const char* begin = tokens[k].text.data();
      const char* end = tokens[last].text.data() + tokens[last].text.size();
      return std::pair{std::string_view(begin, static_cast<std::size_t>(end - begin)), last == name_token};
    };
    if ((root == "var" || root == "local") && names.size() >= 2) {
      const auto [text, whole] = prefix(k + 2);
      out.push_back({{root == "var" ? RefRoot::variable : RefRoot::local, "", at(1), at(2)}, text, whole});
    } else if ((root == "data" || root == "ephemeral") && names.size() >= 3) {
      const auto [text, whole] = prefix(k + 4);
      out.push_back({{root == "data" ? RefRoot::data : RefRoot::ephemeral, at(1), at(2), at(3)}, text, whole});
    } else if (names.size() >= 2 && root.find('_') != std::string_view::npos) {
      const auto [text, whole] = prefix(k + 2);
      out.push_back({{RefRoot::resource, at(0), at(1), at(2)}, text, whole});
    }
  }
}

void scan_template(std::string_view text, std::vector<Traversal>& out) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    const char c = text[i];
    if ((c != '$' && c != '%') || text[i + 1] != '{') continue;
    if (i > 0 && text[i - 1] == c) continue;  // "$${" / "%%{" is an escaped literal
    const std::size_t close = find_close(text, i + 2);
    scan_expression(text.substr(i + 2, close - i - 2), out);
    i = close;
  }
}

}  // namespace

std::string FoundReference::target() const {
  switch (root) {
    case RefRoot::variable: return "var." + name;
    case RefRoot::local: return "local." + name;
    case RefRoot::data: return "data." + type + "." + name;
    case RefRoot::ephemeral: return "ephemeral." + type + "." + name;
    case RefRoot::resource: break;
  }
  return type + "." + name;
}

std::vector<FoundReference> find_references(std::string_view template_text) {
  std::vector<Traversal> traversals;
  scan_template(template_text, traversals);
  std::vector<FoundReference> out;
  for (auto& traversal : traversals) out.push_back(std::move(traversal.reference));
  return out;
}

std::string rewrite_references(std::string_view template_text, const ReferenceRewrite& rewrite) {
  std::vector<Traversal> traversals;
  scan_template(template_text, traversals);
  std::sort(traversals.begin(), traversals.end(),
            [](const Traversal& a, const Traversal& b) { return a.prefix.data() < b.prefix.data(); });
  std::string out;
  const char* copied = template_text.data();
  for (const Traversal& traversal : traversals) {
    if (traversal.prefix.empty()) continue;  // not written plainly: the caller sees it unchanged
    const auto replacement = rewrite(traversal.reference, traversal.whole);
    if (!replacement) continue;
    out.append(copied, traversal.prefix.data());
    out += *replacement;
    copied = traversal.prefix.data() + traversal.prefix.size();
  }
  out.append(copied, template_text.data() + template_text.size());
  return out;
}

void collect_references(const nlohmann::json& value, std::vector<FoundReference>& out) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.find('{') != std::string::npos)
      for (auto& reference : find_references(text)) out.push_back(std::move(reference));
  } else if (value.is_structured()) {
    for (const auto& item : value) collect_references(item, out);
  }
}

}  // namespace rdha
