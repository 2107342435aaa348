// Report writers shared by the engines: JSON for tools, JUnit XML for CI, a Markdown
// verdict table (variant x invariant) for people, a failure corpus written at once.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/run_record.hpp"

namespace pagewait::engine {

inline std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out;
}

inline std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

inline std::string trace_json(const std::vector<TraceStep>& steps) {
  std::string out = "[";
  for (const TraceStep& e : steps)
    out += std::string(&e == &steps.front() ? "\n" : ",\n") + "      {\"step\": " + std::to_string(e.step) +
           ", \"thread\": " + std::to_string(e.thread) + ", \"op\": \"" + json_escape(e.op) + "\", \"order\": \"" +
           json_escape(e.order) + "\", \"object\": \"" + json_escape(e.object) + "\", \"value\": \"" +
           json_escape(e.value) + "\", \"where\": \"" + json_escape(e.where) +
           "\", \"preempted\": " + std::to_string(e.preempted) + "}";
  return out + "]";
}

inline std::string to_json(const std::vector<RunRecord>& records, const RunSummary& summary) {
  std::ostringstream out;
  out << "{\n  \"summary\": {\"complete\": " << (summary.complete ? "true" : "false")
      << ", \"pairs\": " << records.size() << ", \"mismatches\": " << summary.mismatches
      << ", \"replay_failures\": " << summary.replay_failures
      << ", \"budget_ended\": " << (summary.budget_ended ? "true" : "false") << ", \"verdict_table\": \""
      << json_escape(summary.verdict_table) << "\"},\n  \"runs\": [\n";
  for (size_t i = 0; i < records.size(); ++i) {
    const RunRecord& r = records[i];
    out << "    {\"engine\": \"" << json_escape(r.engine) << "\", \"scenario\": \"" << json_escape(r.scenario)
        << "\", \"variant\": \"" << json_escape(r.variant) << "\", \"mutant\": \"" << json_escape(r.mutant)
        << "\", \"sched\": \"" << json_escape(r.sched) << "\", \"first_iteration\": " << r.first_iteration
        << ", \"iterations\": " << r.iterations << ", \"found\": \"" << json_escape(r.found) << "\", \"expected\": \""
        << json_escape(r.expected) << "\", \"matches\": " << (r.matches ? "true" : "false")
        << ", \"fail_iteration\": " << (r.found == "holds" ? std::string("null") : std::to_string(r.fail_iteration))
        << ", \"exhausted\": " << (r.exhausted ? "true" : "false") << ", \"seconds\": " << r.seconds
        << ", \"iterations_per_second\": " << static_cast<long long>(r.iterations_per_second())
        << ", \"steps\": " << r.steps << ", \"detail\": \"" << json_escape(r.detail) << "\", \"replay\": \""
        << json_escape(r.replay) << "\", \"path_replay\": \"" << json_escape(r.path_replay)
        << "\", \"replay_check\": \"" << json_escape(r.replay_check)
        << "\", \"replay_reproduced\": " << (r.replay_reproduced ? "true" : "false") << ", \"where\": \""
        << json_escape(r.where) << "\", \"trace\": \"" << json_escape(r.trace)
        << "\", \"trace_events\": " << trace_json(r.trace_steps) << ", \"minimized_replay\": \""
        << json_escape(r.minimized_replay) << "\", \"preemptions_before\": " << r.preemptions_before
        << ", \"preemptions_after\": " << r.preemptions_after << ", \"minimize_seconds\": " << r.minimize_seconds
        << ", \"corpus_key\": \"" << json_escape(r.corpus_key) << "\"";
    if (r.search.present) {
      const SearchSummary& s = r.search;
      out << ", \"search\": {\"statement\": \"" << json_escape(s.statement) << "\", \"reduction\": \""
          << json_escape(s.reduction) << "\", \"bound\": \"" << json_escape(s.bound) << "\", \"shard\": \""
          << json_escape(s.shard) << "\", \"executions\": " << s.executions
          << ", \"sleep_blocked\": " << s.sleep_blocked << ", \"other_shards\": " << s.other_shards
          << ", \"explored\": " << s.explored << "}";
    }
    out << "}" << (i + 1 < records.size() ? "," : "") << "\n";
  }
  out << "  ]\n}\n";
  return out.str();
}

inline std::string to_junit(const std::string& suite, const std::vector<RunRecord>& records) {
  size_t failures = 0;
  double total = 0;
  for (const RunRecord& r : records) {
    failures += r.matches ? 0 : 1;
    total += r.seconds;
  }
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\"" << xml_escape(suite)
      << "\" tests=\"" << records.size() << "\" failures=\"" << failures << "\" time=\"" << total << "\">\n";
  for (const RunRecord& r : records) {
    std::string name = r.scenario + "." + r.variant + (r.mutant == "none" ? "" : "." + r.mutant) + "." + r.sched;
    out << "  <testcase classname=\"" << xml_escape(suite + "." + r.scenario) << "\" name=\"" << xml_escape(name)
        << "\" time=\"" << r.seconds << "\">\n";
    if (!r.matches) {
      out << "    <failure message=\"expected " << xml_escape(r.expected) << ", found " << xml_escape(r.found) << "\">"
          << xml_escape(r.detail + "\nreplay: " + r.replay) << "</failure>\n";
    }
    out << "    <system-out>"
        << xml_escape("found " + r.found + " after " + std::to_string(r.iterations) + " iterations" +
                      (r.replay.empty() ? "" : "; replay: " + r.replay) +
                      (r.search.present ? "; " + r.search.statement : ""))
        << "</system-out>\n  </testcase>\n";
  }
  out << "</testsuite>\n</testsuites>\n";
  return out.str();
}

// Writes `text` to `path`; returns false (and says why on stderr) when it cannot.
inline bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.flush();
  if (!out) {
    std::fprintf(stderr, "error: cannot write %s\n", path.c_str());
    return false;
  }
  return true;
}

// Writes `text` to `path` with system calls only (no allocation: safe on the interrupt
// watcher); false, and a fixed sentence on stderr, when it cannot.
inline bool write_bytes(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  size_t done = 0;
  while (fd >= 0 && done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  const bool ok = fd >= 0 && done == text.size() && ::close(fd) == 0;
  if (!ok) {
    static const char kSentence[] = "error: cannot write a report file (--json / --junit)\n";
    (void)!::write(2, kSentence, sizeof kSentence - 1);
  }
  return ok;
}

// Variant x invariant table. A cell is "violated" (with the scenario of the first run
// that violated it; the caller lists the replay lines under the table), "holds" (some scenario checks it and every such
// run held), or "n/a" (no scenario run checks it for this variant).
struct VerdictInput {
  const RunRecord* record;
  std::string checked;  // the scenario's invariant list, space separated
};

inline std::string verdict_table(const std::vector<std::string>& variants, const std::vector<std::string>& invariants,
                                 const std::vector<VerdictInput>& runs) {
  std::map<std::pair<std::string, std::string>, std::string> cell;
  for (const VerdictInput& in : runs) {
    const RunRecord& r = *in.record;
    std::istringstream ids(in.checked);
    std::string id;
    std::set<std::string> checked;
    while (ids >> id) checked.insert(id);
    if (r.found != "holds") checked.insert(r.found);
    for (const std::string& inv : checked) {
      std::string& c = cell[{r.variant, inv}];
      if (r.found == inv) {
        if (c.rfind("violated", 0) != 0) c = "**violated** (" + r.scenario + ")";
      } else if ((c.empty() || c.rfind("undecided", 0) == 0) && r.found == "holds") {
        c = "holds";
      } else if (c.empty()) {
        c = "undecided (run stopped at " + r.found + ")";
      }
    }
  }
  std::ostringstream out;
  out << "| variant |";
  for (const std::string& inv : invariants) out << " " << inv << " |";
  out << "\n|---|";
  for (size_t i = 0; i < invariants.size(); ++i) out << "---|";
  out << "\n";
  for (const std::string& v : variants) {
    out << "| " << v << " |";
    for (const std::string& inv : invariants) {
      auto it = cell.find({v, inv});
      std::string c = it == cell.end() || it->second.empty() ? "n/a" : it->second;
      out << " " << c << " |";
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace pagewait::engine
