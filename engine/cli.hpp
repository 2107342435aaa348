// Command-line plumbing shared by the engines' CLIs.
//
// Abseil's parser exits with status 1 on an unknown flag or a malformed value; our
// contract is exit 2 with one sentence. So every argument is checked against the
// engine's flag table first, and numeric values are parsed by us (flags hold strings).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/flags/usage_config.h"

namespace pagewait::engine {

// Abseil's --help lists only flags defined in a file named like the program
// (pagewait-stress.cc and such); ours live in stress/main.cpp and relacy/main.cpp, so
// without this --help printed "No flags matched". `main_file` is the tool's own source
// file as __FILE__ names it: its flags are the ones --help and --helpshort list (Abseil
// hands the filter the name with its leading '/' stripped, hence the suffix match).
inline void help_lists_flags_of(std::string_view main_file) {
  static std::string own;
  own = std::string(main_file);
  absl::FlagsUsageConfig config;
  auto is_own = [](absl::string_view file) {
    return !file.empty() && std::string_view(own).ends_with(std::string_view(file.data(), file.size()));
  };
  config.contains_helpshort_flags = is_own;
  config.contains_help_flags = is_own;
  absl::SetFlagsUsageConfig(config);
}

struct FlagSpec {
  std::string_view name;
  bool is_bool;
};

[[noreturn]] inline void usage_error(const std::string& sentence) {
  std::fprintf(stderr, "error: %s\n", sentence.c_str());
  std::exit(2);
}

// Every argument must be --name or --name=value with a known name; booleans take no value
// or true/false; the rest need a value.
inline void validate_args(const std::vector<std::string>& args, const std::vector<FlagSpec>& flags,
                          std::string_view program) {
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0)
      usage_error("unexpected argument '" + a + "'; " + std::string(program) + " takes only --flag=value arguments (see --help).");
    if (a == "--help" || a == "--helpfull") continue;
    const size_t eq = a.find('=');
    const std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    const FlagSpec* spec = nullptr;
    for (const FlagSpec& f : flags)
      if (f.name == name) spec = &f;
    if (spec == nullptr) usage_error("unknown flag --" + name + " (see --help for the accepted flags).");
    if (spec->is_bool) {
      if (eq != std::string::npos) {
        const std::string v = a.substr(eq + 1);
        if (v != "true" && v != "false") usage_error("--" + name + " takes no value, or true/false.");
      }
    } else if (eq == std::string::npos) {
      usage_error("--" + name + " needs a value: --" + name + "=VALUE.");
    }
  }
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

// Checks the command line; when it holds --replay=LINE, returns LINE's arguments (checked
// the same way, program name kept) in place of the command line's own.
inline std::vector<std::string> resolve_arguments(int argc, char** argv, const std::vector<FlagSpec>& flags,
                                                  const std::string& program) {
  std::vector<std::string> args(argv, argv + argc);
  validate_args(args, flags, program);
  for (const std::string& a : args) {
    if (a.rfind("--replay=", 0) != 0) continue;
    std::vector<std::string> tokens = split_command_line(a.substr(9));
    if (tokens.empty() || tokens[0].find(program) == std::string::npos)
      usage_error("--replay takes a line printed by " + program + " (it starts with '" + program + "').");
    tokens[0] = args[0];
    for (const std::string& t : tokens)
      if (t.rfind("--replay=", 0) == 0 || t == "--replay") usage_error("a replay line cannot itself contain --replay.");
    validate_args(tokens, flags, program);
    return tokens;
  }
  return args;
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
