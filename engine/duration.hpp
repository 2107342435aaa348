// Parses durations such as 90s, 5m, 1h, 250ms (0 = no limit).
#pragma once

#include <string>

#include "engine/cli.hpp"

namespace pagewait::engine {

inline double parse_duration_seconds(const std::string& flag, const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && (isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.')) ++digits;
  const std::string number = text.substr(0, digits);
  const std::string unit = text.substr(digits);
  double scale = -1;
  if (unit == "ms") scale = 0.001;
  else if (unit == "s" || (unit.empty() && number == "0")) scale = 1;
  else if (unit == "m") scale = 60;
  else if (unit == "h") scale = 3600;
  char* end = nullptr;
  const double value = number.empty() ? -1 : std::strtod(number.c_str(), &end);
  if (scale < 0 || value < 0 || end == nullptr || *end != '\0')
    usage_error("--" + flag + "=" + text + " is not a duration; use e.g. 250ms, 90s, 5m, 1h (0 = none).");
  return value * scale;
}

}  // namespace pagewait::engine
