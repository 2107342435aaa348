// The option table (options.inc) as one tool's Abseil flags, and the command line parsed
// into typed, checked Options. Included once, by the tool's main file, after it defines
// PAGEWAIT_TOOL_STRESS or PAGEWAIT_TOOL_RELACY: each tool defines only its own flags, so
// its --help lists exactly them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "engine/driver.hpp"
#include "engine/options.hpp"

#if defined(PAGEWAIT_TOOL_STRESS)
#define PAGEWAIT_IN_STRESS(...) __VA_ARGS__
#define PAGEWAIT_IN_RELACY(...)
inline constexpr pagewait::engine::Tool kThisTool = pagewait::engine::Tool::kStress;
#elif defined(PAGEWAIT_TOOL_RELACY)
#define PAGEWAIT_IN_STRESS(...)
#define PAGEWAIT_IN_RELACY(...) __VA_ARGS__
inline constexpr pagewait::engine::Tool kThisTool = pagewait::engine::Tool::kRelacy;
#else
#error "define PAGEWAIT_TOOL_STRESS or PAGEWAIT_TOOL_RELACY before including engine/flags.hpp"
#endif
#define PAGEWAIT_IN_BOTH(...) __VA_ARGS__

// Booleans are Abseil bools (--list alone works); every other value is text that
// Options checks and converts, so a malformed value gets our sentence and exit 2 rather
// than Abseil's exit 1.
#define PAGEWAIT_ABSL_TYPE_BOOL bool
#define PAGEWAIT_ABSL_DEFAULT_BOOL(def) (std::string_view(def) == "true")
#define PAGEWAIT_ABSL_TYPE_TEXT std::string
#define PAGEWAIT_ABSL_TYPE_NAMES std::string
#define PAGEWAIT_ABSL_TYPE_COUNT std::string
#define PAGEWAIT_ABSL_TYPE_MAYBE_COUNT std::string
#define PAGEWAIT_ABSL_TYPE_DURATION std::string
#define PAGEWAIT_ABSL_TYPE_OUT_FILE std::string
#define PAGEWAIT_ABSL_TYPE_OUT_DIR std::string
#define PAGEWAIT_ABSL_DEFAULT_TEXT(def) std::string(def)
#define PAGEWAIT_ABSL_DEFAULT_NAMES(def) std::string(def)
#define PAGEWAIT_ABSL_DEFAULT_COUNT(def) std::string(def)
#define PAGEWAIT_ABSL_DEFAULT_MAYBE_COUNT(def) std::string(def)
#define PAGEWAIT_ABSL_DEFAULT_DURATION(def) std::string(def)
#define PAGEWAIT_ABSL_DEFAULT_OUT_FILE(def) std::string(def)
#define PAGEWAIT_ABSL_DEFAULT_OUT_DIR(def) std::string(def)

#define PAGEWAIT_OPTION(tools, kind, name, def, limits, role, help) \
  PAGEWAIT_IN_##tools(ABSL_FLAG(PAGEWAIT_ABSL_TYPE_##kind, name, PAGEWAIT_ABSL_DEFAULT_##kind(def), help);)
#include "engine/options.inc"
#undef PAGEWAIT_OPTION

namespace pagewait::engine {

inline std::string flag_text(bool b) { return b ? "true" : "false"; }
inline std::string flag_text(const std::string& s) { return s; }

// Checks the command line (exit 2 and one sentence on anything malformed, before any work),
// lets Abseil answer --help, and returns every flag of this tool typed and checked.
inline Options parse_command_line(int argc, char** argv, const char* usage) {
  // Abseil's --help lists the flags of files named like the program; ours are all defined
  // in options.inc, so that is the file it lists (it hands the filter the name with its
  // leading '/' stripped, hence the suffix match).
  absl::FlagsUsageConfig config;
  auto is_own = [](absl::string_view file) { return absl::EndsWith(file, "engine/options.inc"); };
  config.contains_helpshort_flags = is_own;
  config.contains_help_flags = is_own;
  absl::SetFlagsUsageConfig(config);
  absl::SetProgramUsageMessage(usage);

  std::vector<std::string> args = resolve_arguments(argc, argv, kThisTool);
  std::vector<char*> cargs;
  for (std::string& a : args) cargs.push_back(a.data());
  absl::ParseCommandLine(static_cast<int>(cargs.size()), cargs.data());

  Options o;
  o.tool = kThisTool;
  for (size_t i = 1; i < args.size(); ++i) {
    const size_t eq = args[i].find('=');
    o.given.emplace_back(args[i].substr(2, eq == std::string::npos ? std::string::npos : eq - 2),
                         eq == std::string::npos ? std::string("true") : args[i].substr(eq + 1));
  }
#define PAGEWAIT_OPTION(tools, kind, name, def, limits, role, help) \
  PAGEWAIT_IN_##tools(assign(*find_option(#name, kThisTool), flag_text(absl::GetFlag(FLAGS_##name)), o.name);)
#include "engine/options.inc"
#undef PAGEWAIT_OPTION
  return o;
}

// A tool's whole main: parse and check the command line, let the engine check what only it
// knows, then the driver runs the pairs and gives the exit code.
template <class Engine>
int tool_main(int argc, char** argv, const char* usage) {
  const Options options = parse_command_line(argc, argv, usage);
  Engine engine(options);
  return Driver(engine, options, std::string(program_name(kThisTool))).run();
}

}  // namespace pagewait::engine
