// ringsim-report-check FILE.html PLOT_ID...: checks a report written by ringsim. Exit 0
// when every named plot is present (an <svg data-plot="ID">, or a prefix ending in '*'
// matching at least one) and each holds at least one data mark (class="mark": a line
// with points, a bar, a heatmap cell, a ring arc); and the page is self-contained and
// safe: no <script>, no event-handler attribute, no external URL (only the SVG
// namespace), no <iframe>/<object>/<embed>/<link>/<img>. Prints what is wrong otherwise.
//
// A string scan, not an HTML parser: the report is our own well-formed output, and every
// string from a scenario is escaped, so "<" in the file only ever starts our own tags.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>

namespace {

int failures = 0;

void fail(const std::string& message) {
  std::cerr << "report check: " << message << "\n";
  failures += 1;
}

// Marks inside each <svg data-plot="ID"> element whose id matches.
int count_plots(const std::string& html, const std::string& pattern, int& empty_plots) {
  const bool prefix = !pattern.empty() && pattern.back() == '*';
  const std::string wanted = prefix ? pattern.substr(0, pattern.size() - 1) : pattern;
  int plots = 0;
  std::size_t at = 0;
  while ((at = html.find("data-plot=\"", at)) != std::string::npos) {
    at += 11;
    const std::size_t end_quote = html.find('"', at);
    const std::string id = html.substr(at, end_quote - at);
    if (prefix ? id.rfind(wanted, 0) != 0 : id != wanted) continue;
    plots += 1;
    const std::size_t close = html.find("</svg>", at);
    const std::string body = html.substr(at, close - at);
    std::size_t marks = 0;
    for (std::size_t m = body.find("class=\"mark\""); m != std::string::npos; m = body.find("class=\"mark\"", m + 1)) {
      marks += 1;
    }
    if (marks == 0) {
      empty_plots += 1;
      fail("plot " + id + " has no data marks");
    }
  }
  return plots;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: ringsim-report-check FILE.html [PLOT_ID | PREFIX*]...\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "report check: cannot read " << argv[1] << "\n";
    return 2;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string html = buffer.str();
  if (html.rfind("<!DOCTYPE html>", 0) != 0) fail("does not start with <!DOCTYPE html>");
  if (html.find("</html>") == std::string::npos) fail("no </html>: truncated");
  std::string lower = html;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* banned : {"<script", "<iframe", "<object", "<embed", "<link", "<img", "javascript:", "@import"}) {
    if (lower.find(banned) != std::string::npos) fail(std::string("contains ") + banned);
  }
  // Event handlers inside tags only: escaped text may say "onerror=" harmlessly.
  const std::regex handler(R"(\son[a-z]+\s*=)");
  for (std::size_t open = lower.find('<'); open != std::string::npos; open = lower.find('<', open + 1)) {
    const std::size_t close = lower.find('>', open);
    if (close == std::string::npos) break;
    const std::string tag = lower.substr(open, close - open);
    if (std::regex_search(tag, handler)) {
      fail("a tag has an event-handler attribute: " + tag.substr(0, 80));
      break;
    }
  }
  std::string without_namespace = lower;
  for (std::size_t at; (at = without_namespace.find("http://www.w3.org/2000/svg")) != std::string::npos;) {
    without_namespace.erase(at, 26);
  }
  if (without_namespace.find("http://") != std::string::npos || without_namespace.find("https://") != std::string::npos) {
    fail("refers to an external URL");
  }
  for (int i = 2; i < argc; ++i) {
    int empty = 0;
    if (count_plots(html, argv[i], empty) == 0) fail(std::string("no plot ") + argv[i]);
  }
  if (failures == 0) std::cout << argv[1] << ": ok (" << html.size() / 1024 << " KiB, " << argc - 2 << " plots checked)\n";
  return failures == 0 ? 0 : 1;
}
