// The option table (options.inc) at run time: which tool takes which flag, how a value is
// checked, and what a replay line and a corpus key are made of. The tools' Abseil flags
// and typed Options come from the same rows (engine/flags.hpp).
#pragma once

#include <unistd.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/cli.hpp"
#include "engine/duration.hpp"

namespace pagewait::engine {

enum class Tool : unsigned { kStress = 1, kRelacy = 2 };
inline constexpr unsigned kToolsSTRESS = 1, kToolsRELACY = 2, kToolsBOTH = 3;

inline std::string_view program_name(Tool t) { return t == Tool::kStress ? "pagewait-stress" : "pagewait-relacy"; }

enum class Kind { kBOOL, kTEXT, kNAMES, kCOUNT, kMAYBE_COUNT, kDURATION, kOUT_FILE, kOUT_DIR };
enum Role { kIdentity, kTuning, kLocal };

// A row's limits column.
struct Limits {
  std::uint64_t lo = 0, hi = UINT64_MAX;  // counts
  bool positive = false;                  // durations
  std::string_view choices;               // "a|b|c"; empty: any text
};
constexpr Limits any() { return {}; }
constexpr Limits range(std::uint64_t lo, std::uint64_t hi) { return {lo, hi, false, {}}; }
constexpr Limits positive() { return {0, UINT64_MAX, true, {}}; }
constexpr Limits choices(std::string_view c) { return {0, UINT64_MAX, false, c}; }

struct OptionSpec {
  unsigned tools;
  Kind kind;
  std::string_view name;
  std::string_view default_text;
  Limits limits;
  Role role;
  std::string_view help;
  bool in(Tool t) const { return (tools & static_cast<unsigned>(t)) != 0; }
  bool in_replay_line() const { return role != kLocal; }
};

inline constexpr OptionSpec kOptions[] = {
#define PAGEWAIT_OPTION(tools, kind, name, def, limits, role, help) \
  {kTools##tools, Kind::k##kind, #name, def, limits, role, help},
#include "engine/options.inc"
#undef PAGEWAIT_OPTION
};

inline const OptionSpec* find_option(std::string_view name, Tool tool) {
  for (const OptionSpec& o : kOptions)
    if (o.name == name && o.in(tool)) return &o;
  return nullptr;
}

// Checks one value against its row; the sentence names the flag and what it accepts.
// Returns the converted value through the typed helpers below.
inline void check_names(const OptionSpec& o, const std::string& text) {
  if (text.empty()) usage_error("--" + std::string(o.name) + " is empty; give a name, a comma list, or all.");
  if (text.front() == ',' || text.back() == ',' || text.find(",,") != std::string::npos)
    usage_error("--" + std::string(o.name) + "=" + text + " has an empty item; give names separated by single commas.");
}

inline std::uint64_t check_count(const OptionSpec& o, const std::string& text) {
  const std::uint64_t v = parse_u64(std::string(o.name), text);
  if (v < o.limits.lo || v > o.limits.hi)
    usage_error("--" + std::string(o.name) + "=" + text + " is out of range: " +
                (o.limits.hi == UINT64_MAX ? "at least " + std::to_string(o.limits.lo)
                                           : std::to_string(o.limits.lo) + " to " + std::to_string(o.limits.hi)) +
                ".");
  return v;
}

inline double check_duration(const OptionSpec& o, const std::string& text) {
  const double seconds = parse_duration_seconds(std::string(o.name), text);
  if (o.limits.positive && seconds <= 0) usage_error("--" + std::string(o.name) + " must be a positive duration.");
  return seconds;
}

inline void check_choice(const OptionSpec& o, const std::string& text) {
  if (o.limits.choices.empty()) return;
  for (const std::string& c : split_list(std::string(o.limits.choices), '|'))
    if (c == text) return;
  std::string accepted = std::string(o.limits.choices);
  for (char& c : accepted)
    if (c == '|') c = ',';
  usage_error("--" + std::string(o.name) + "=" + text + " is not accepted; accepted: " + accepted + ".");
}

// An output file is checked before any work: its folder must exist and let us write, and
// an existing file must be writable, so a long run never ends without its report.
inline void check_out_file(const OptionSpec& o, const std::string& path) {
  if (path.empty()) return;
  namespace fs = std::filesystem;
  const fs::path p(path);
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    usage_error("--" + std::string(o.name) + "=" + path + ": the folder " + dir.string() + " does not exist.");
  if (fs::is_directory(p, ec)) usage_error("--" + std::string(o.name) + "=" + path + " is a folder, not a file.");
  if (::access(dir.c_str(), W_OK) != 0 || (fs::exists(p, ec) && ::access(p.c_str(), W_OK) != 0))
    usage_error("--" + std::string(o.name) + "=" + path + " cannot be written.");
}

inline void check_out_dir(const OptionSpec& o, const std::string& dir) {
  if (dir.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || ::access(dir.c_str(), W_OK) != 0)
    usage_error("cannot create --" + std::string(o.name) + " " + dir + ": " +
                (ec ? ec.message() : std::string("not writable")) + ".");
}

// Every argument must be --name or --name=value with a known name; booleans take no value
// or true/false; the rest need a value.
inline void validate_args(const std::vector<std::string>& args, Tool tool) {
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0)
      usage_error("unexpected argument '" + a + "'; " + std::string(program_name(tool)) +
                  " takes only --flag=value arguments (see --help).");
    if (a == "--help" || a == "--helpfull") continue;
    const size_t eq = a.find('=');
    const std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    const OptionSpec* spec = find_option(name, tool);
    if (spec == nullptr) usage_error("unknown flag --" + name + " (see --help for the accepted flags).");
    if (spec->kind == Kind::kBOOL) {
      if (eq != std::string::npos) {
        const std::string v = a.substr(eq + 1);
        if (v != "true" && v != "false") usage_error("--" + name + " takes no value, or true/false.");
      }
    } else if (eq == std::string::npos) {
      usage_error("--" + name + " needs a value: --" + name + "=VALUE.");
    }
  }
}

// Checks the command line; when it holds --replay=LINE, returns LINE's arguments (checked
// the same way, program name kept) followed by the command line's other flags (outputs
// such as --json, which win over the line's own).
inline std::vector<std::string> resolve_arguments(int argc, char** argv, Tool tool) {
  const std::string program(program_name(tool));
  std::vector<std::string> args(argv, argv + argc);
  validate_args(args, tool);
  for (std::string& a : args) {
    if (a.rfind("--replay_file=", 0) != 0) continue;
    const std::string path = a.substr(14);
    std::ifstream in(path);
    if (!in) usage_error("--replay_file=" + path + ": cannot read the file.");
    std::string line;
    while (std::getline(in, line) && line.find_first_not_of(" \t\r") == std::string::npos) {
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) usage_error("--replay_file=" + path + " holds no line.");
    line.erase(line.find_last_not_of(" \t\r") + 1);  // a file written on Windows ends its line in \r
    a = "--replay=" + line;
  }
  for (const std::string& a : args) {
    if (a.rfind("--replay=", 0) != 0) continue;
    std::vector<std::string> tokens = split_command_line(a.substr(9));
    if (tokens.empty() || tokens[0].find(program) == std::string::npos)
      usage_error("--replay takes a line printed by " + program + " (it starts with '" + program + "').");
    tokens[0] = args[0];
    for (const std::string& t : tokens)
      if (t.rfind("--replay=", 0) == 0 || t == "--replay") usage_error("a replay line cannot itself contain --replay.");
    validate_args(tokens, tool);
    for (size_t i = 1; i < args.size(); ++i)
      if (args[i].rfind("--replay=", 0) != 0) tokens.push_back(args[i]);
    return tokens;
  }
  return args;
}

// The values a command line gave (name, text), in its order; the replay-line builder reads
// them for flags the engine does not set itself.
using GivenValues = std::vector<std::pair<std::string, std::string>>;

// One complete command that re-runs a failure: the program, then in table order each replay
// flag the engine set for the failing run (`set`; an empty optional leaves it out), else
// the value this command line gave it when that differs from the default.
class ReplayLine {
 public:
  ReplayLine(Tool tool, const GivenValues& given) : tool_(tool), given_(given) {}
  ReplayLine& set(std::string_view flag, std::optional<std::string> value) {
    set_.emplace_back(std::string(flag), std::move(value));
    return *this;
  }
  ReplayLine& omit(std::string_view flag) { return set(flag, std::nullopt); }
  // Flags as a run reports them ("--strategy=pct:3 --pct_steps=412").
  ReplayLine& set_flags(const std::string& flags) {
    for (const std::string& token : split_command_line(flags)) {
      const size_t eq = token.find('=');
      set(token.substr(2, eq - 2), eq == std::string::npos ? std::string("true") : token.substr(eq + 1));
    }
    return *this;
  }
  std::string text() const {
    std::string line(program_name(tool_));
    for (const OptionSpec& o : kOptions) {
      if (!o.in(tool_) || !o.in_replay_line()) continue;
      std::optional<std::string> value = given_value(o);
      for (const auto& [flag, v] : set_)
        if (flag == o.name) value = v;
      if (value) line += " --" + std::string(o.name) + "=" + *value;
    }
    return line;
  }

 private:
  std::optional<std::string> given_value(const OptionSpec& o) const {
    std::optional<std::string> out;
    for (const auto& [flag, v] : given_)
      if (flag == o.name && v != o.default_text) out = v;
    return out;
  }
  Tool tool_;
  const GivenValues& given_;
  std::vector<std::pair<std::string, std::optional<std::string>>> set_;
};

// Every flag's value, typed by its kind, for the tool that parsed them (flags.hpp); a
// flag of the other tool keeps its default.
#define PAGEWAIT_FIELD_BOOL bool
#define PAGEWAIT_FIELD_TEXT std::string
#define PAGEWAIT_FIELD_NAMES std::string
#define PAGEWAIT_FIELD_COUNT std::uint64_t
#define PAGEWAIT_FIELD_MAYBE_COUNT std::optional<std::uint64_t>
#define PAGEWAIT_FIELD_DURATION double
#define PAGEWAIT_FIELD_OUT_FILE std::string
#define PAGEWAIT_FIELD_OUT_DIR std::string
struct Options {
  Tool tool = Tool::kStress;
  GivenValues given;  // what the command line (or its --replay line) said, in its order
#define PAGEWAIT_OPTION(tools, kind, name, def, limits, role, help) PAGEWAIT_FIELD_##kind name{};
#include "engine/options.inc"
#undef PAGEWAIT_OPTION
  ReplayLine replay_line() const { return ReplayLine(tool, given); }
};

// A flag's text checked against its row and converted to its field's type.
inline void assign([[maybe_unused]] const OptionSpec& o, const std::string& text, bool& out) { out = text == "true"; }
inline void assign(const OptionSpec& o, const std::string& text, std::string& out) {
  if (o.kind == Kind::kNAMES) check_names(o, text);
  if (o.kind == Kind::kOUT_FILE) check_out_file(o, text);
  if (o.kind == Kind::kOUT_DIR) check_out_dir(o, text);
  if (!text.empty()) check_choice(o, text);
  out = text;
}
inline void assign(const OptionSpec& o, const std::string& text, std::uint64_t& out) { out = check_count(o, text); }
inline void assign(const OptionSpec& o, const std::string& text, std::optional<std::uint64_t>& out) {
  out = text.empty() ? std::nullopt : std::optional<std::uint64_t>(check_count(o, text));
}
inline void assign(const OptionSpec& o, const std::string& text, double& out) { out = check_duration(o, text); }

// The corpus key of a replay line: the program and the values of its identity flags (what
// was run and what it found), not the seed, path or tuning that found it; file-name safe.
// Two lines with one key are the same failure found twice.
inline std::string corpus_key(const std::string& line) {
  const std::vector<std::string> tokens = split_command_line(line);
  if (tokens.empty()) return "";
  const Tool tool = tokens[0].find("pagewait-relacy") != std::string::npos ? Tool::kRelacy : Tool::kStress;
  std::string key(program_name(tool));
  for (size_t i = 1; i < tokens.size(); ++i) {
    const size_t eq = tokens[i].find('=');
    if (tokens[i].rfind("--", 0) != 0 || eq == std::string::npos) continue;
    const OptionSpec* o = find_option(tokens[i].substr(2, eq - 2), tool);
    if (o != nullptr && o->role == kIdentity) key += "." + tokens[i].substr(eq + 1);
  }
  for (char& c : key)
    if (!isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '+' && c != '-') c = '_';
  return key;
}

}  // namespace pagewait::engine
