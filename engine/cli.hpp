// Command-line plumbing: the exit-2 sentence, whole numbers, splitting lines and lists.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace pagewait::engine {

[[noreturn]] inline void usage_error(const std::string& sentence) {
  std::fprintf(stderr, "error: %s\n", sentence.c_str());
  std::exit(2);
}

inline std::uint64_t parse_u64(const std::string& flag, const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 19)
    usage_error("--" + flag + "=" + text + " is not a whole number (0 to 10^19).");
  return std::strtoull(text.c_str(), nullptr, 10);
}

// Splits a replay line into arguments (plain spaces; the lines we print never quote).
inline std::vector<std::string> split_command_line(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  std::string token;
  while (in >> token) out.push_back(token);
  return out;
}

inline std::vector<std::string> split_list(const std::string& text, char sep = ',') {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace pagewait::engine
