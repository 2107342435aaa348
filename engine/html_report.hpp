// --html=DIR: one self-contained page per failure (no network, no external scripts or
// fonts): a swimlane of the reported run, one column per thread and one row per step, the
// steps after a preemption highlighted, each step's object, operation, memory order, value
// and source line; the violated invariant with its meaning; the replay lines with a copy
// button; the scenario's description. DIR/index.html lists the pages.
#pragma once

#include <string>
#include <vector>

#include "engine/report.hpp"
#include "engine/run_record.hpp"
#include "pagewait/invariant.hpp"

namespace pagewait::engine {

inline std::string html_escape(const std::string& s) {
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

inline constexpr const char* kHtmlStyle = R"(
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1d1d1f; }
h1 { font-size: 1.4em; margin: 0 0 .3em; } h2 { font-size: 1.1em; margin: 1.2em 0 .4em; }
.verdict { color: #b00020; }
.scenario { max-width: 60em; color: #444; }
code { font: 12px/1.3 ui-monospace, monospace; background: #f3f3f5; padding: 2px 4px; word-break: break-all; }
.replay td { padding: 2px 8px 2px 0; vertical-align: top; }
button.copy { font-size: 11px; }
table.trace { border-collapse: collapse; font: 12px/1.3 ui-monospace, monospace; margin-top: .5em; }
table.trace th { position: sticky; top: 0; background: #e8e8ee; padding: 4px 8px; text-align: left; }
table.trace td { border-bottom: 1px solid #eee; padding: 2px 8px; vertical-align: top; min-width: 16em; }
table.trace td.step { min-width: 3em; color: #888; text-align: right; }
table.trace tr.preemption td { background: #fff3c4; border-top: 2px solid #e0a800; }
.mark { color: #a05a00; font-weight: bold; }
.where { color: #777; font-size: 11px; }
.violation { margin-top: 1em; padding: .6em 1em; background: #fde7ea; border-left: 4px solid #b00020; font-weight: bold; }
)";

inline constexpr const char* kHtmlScript = R"(
for (const b of document.querySelectorAll('button.copy')) {
  b.addEventListener('click', () => {
    const text = document.getElementById(b.dataset.copy).textContent;
    if (navigator.clipboard) navigator.clipboard.writeText(text);
    b.textContent = 'copied';
  });
}
)";

// `threads`: the scenario's thread count; `description`: its one-paragraph summary.
inline std::string failure_page(const RunRecord& r, int threads, const std::string& description) {
  const InvariantInfo* inv = find_invariant(r.found);
  const std::string meaning = inv != nullptr ? std::string(inv->meaning) : r.detail;
  std::string h = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>pagewait: " +
                  html_escape(r.scenario + " " + r.variant + ": " + r.found) + "</title>\n<style>" + kHtmlStyle +
                  "</style></head>\n<body>\n";
  h += "<h1>" + html_escape(r.scenario) + " &middot; " + html_escape(r.variant) +
       (r.mutant == "none" ? "" : " &middot; " + html_escape(r.mutant)) + " &middot; <span class=\"verdict\">" +
       html_escape(r.found) + "</span></h1>\n";
  h += "<p class=\"scenario\">" + html_escape(description) + "</p>\n";
  size_t preemptions = 0;
  for (const TraceStep& s : r.trace_steps) preemptions += s.preempted >= 0 ? 1 : 0;
  h += "<p>Engine " + html_escape(r.sched) + "; expected " + html_escape(r.expected) + "; " +
       std::to_string(r.trace_steps.size()) + " steps shown, " + std::to_string(preemptions) + " preemption" +
       (preemptions == 1 ? "" : "s") + " (highlighted)" +
       (r.preemptions_after >= 0 ? "; minimized from " + std::to_string(r.preemptions_before) + " preemptions" : "") +
       ".</p>\n";
  h += "<h2>Replay</h2>\n<table class=\"replay\">\n";
  const std::pair<const char*, const std::string*> lines[] = {
      {"minimized", &r.minimized_replay}, {"by path", &r.path_replay}, {"by seed", &r.replay}};
  int n = 0;
  for (const auto& [label, line] : lines) {
    if (line->empty() || (line == &r.path_replay && *line == r.replay)) continue;
    const std::string id = "replay" + std::to_string(n++);
    h += "<tr><td>" + std::string(label) + "</td><td><code id=\"" + id + "\">" + html_escape(*line) +
         "</code></td><td><button class=\"copy\" data-copy=\"" + id + "\">copy</button></td></tr>\n";
  }
  h += "</table>\n<h2>The run</h2>\n";
  if (r.trace_steps.empty()) {
    h += "<p>This engine keeps no step list (Relacy prints its own history on the console).</p>\n";
  } else {
    h += "<table class=\"trace\"><thead><tr><th>step</th>";
    for (int t = 0; t < threads; ++t) h += "<th class=\"thread\">T" + std::to_string(t) + "</th>";
    h += "</tr></thead>\n<tbody>\n";
    for (const TraceStep& s : r.trace_steps) {
      h += s.preempted >= 0 ? "<tr class=\"preemption\" data-preempted=\"T" + std::to_string(s.preempted) + "\">"
                            : "<tr>";
      h += "<td class=\"step\">" + std::to_string(s.step) + "</td>";
      for (int t = 0; t < threads; ++t) {
        if (t != s.thread) {
          h += "<td></td>";
          continue;
        }
        h += "<td>";
        if (s.preempted >= 0)
          h += "<span class=\"mark\">&#9889; preempts T" + std::to_string(s.preempted) + "</span><br>";
        h += "<b>" + html_escape(s.op) + "</b> " + html_escape(s.order) + " " + html_escape(s.object) +
             (s.value.empty() ? "" : " = " + html_escape(s.value));
        if (!s.where.empty()) h += "<br><span class=\"where\">" + html_escape(s.where) + "</span>";
        h += "</td>";
      }
      h += "</tr>\n";
    }
    h += "</tbody></table>\n";
  }
  h += "<div class=\"violation\" id=\"violation\">" + html_escape(r.found + ": " + meaning) + "</div>\n";
  if (!r.detail.empty() && r.detail != meaning) h += "<p>" + html_escape(r.detail) + "</p>\n";
  h += "<script>" + std::string(kHtmlScript) + "</script>\n</body></html>\n";
  return h;
}

// DIR/index.html: a link to each failure page.
inline std::string failure_index(const std::vector<std::pair<std::string, const RunRecord*>>& pages) {
  std::string h =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pagewait failures</title>"
      "<style>" +
      std::string(kHtmlStyle) + "</style></head>\n<body>\n<h1>Failures</h1>\n<ul>\n";
  for (const auto& [file, r] : pages)
    h += "<li><a href=\"" + html_escape(file) + "\">" + html_escape(r->scenario + " " + r->variant) +
         "</a>: " + html_escape(r->found) + (r->matches ? "" : " (unexpected)") + "</li>\n";
  return h + "</ul>\n</body></html>\n";
}

}  // namespace pagewait::engine
