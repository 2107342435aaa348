// pagewait-relacy's engine behind the shared driver (engine/driver.hpp): a pair is one
// Relacy exploration (random iterations, a context-bounded or a full search).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "engine/driver.hpp"
#include "relacy/relacy_runner.hpp"

namespace pagewait::relacy_engine {

inline SchedSpec parse_sched(const std::string& text) {
  SchedSpec s;
  if (text == "random") return s;
  if (text == "full") {
    s.kind = SchedKind::kFull;
    return s;
  }
  if (text.rfind("bound:", 0) == 0) {
    const std::string n = text.substr(6);
    if (n == "1" || n == "2" || n == "3") {
      s.kind = SchedKind::kBound;
      s.bound = static_cast<unsigned>(n[0] - '0');
      return s;
    }
  }
  engine::usage_error("--sched=" + text + " is not a scheduler; accepted: random, bound:1, bound:2, bound:3, full.");
}

// Relacy's decision paths contain spaces; replay lines carry them as '~'.
inline std::string encode_state(std::string s) {
  for (char& c : s)
    if (c == ' ') c = '~';
  return s;
}
inline std::string decode_state(std::string s) {
  for (char& c : s)
    if (c == '~') c = ' ';
  return s;
}

class RelacyEngine final : public engine::PairEngine {
 public:
  explicit RelacyEngine(const engine::Options& o) : o_(o) {
    request_.sched = parse_sched(o.sched);
    request_.iterations = o.iterations;
    request_.seed = o.seed;
    request_.state = decode_state(o.state);
    if (!request_.state.empty() && request_.sched.kind == SchedKind::kRandom)
      engine::usage_error("--state replays the bound/full schedulers; random runs replay with --seed.");
    request_.depth_limit = static_cast<unsigned>(o.depth);
    request_.history = o.history == "always";
  }

  std::string zoo_column() const override {
    return request_.sched.kind == SchedKind::kRandom ? "relacy" : "relacy-" + request_.sched.text();
  }
  // Relacy runs only the model's variants: it cannot see plain C accesses.
  std::vector<engine::VariantChoice> pick_variants(const std::string& text) const override {
    return engine::pick_model_variants(text);
  }

  engine::PairResult run_pair(const engine::Pair& pair, const engine::Interrupt&) override {
    const RunResult res = run_relacy(*pair.scenario, pair.config, request_);
    engine::PairResult out;
    engine::RunRecord& r = out.record;
    r.engine = "relacy";
    r.scenario = std::string(pair.scenario->name);
    r.variant = pair.variant;
    r.mutant = std::string(mutant_name(pair.config.mutant));
    r.sched = request_.sched.text();
    r.first_iteration = request_.sched.kind == SchedKind::kRandom ? request_.seed : 0;
    r.iterations = res.iterations;
    r.fail_iteration = res.stop_iteration;
    r.found = res.found;
    r.detail = res.detail;
    r.exhausted = res.exhausted;
    r.seconds = res.seconds;
    if (r.found != "holds") r.replay = replay_line(r, res);
    char stats[160];
    std::snprintf(stats, sizeof stats, "after %llu iterations, %.2f s, %.0f it/s%s",
                  static_cast<unsigned long long>(r.iterations), r.seconds, r.iterations_per_second(),
                  r.exhausted ? " (search space exhausted)" : "");
    out.stats = stats;
    out.where = "at iteration " + std::to_string(r.fail_iteration);
    last_ = res;
    return out;
  }

  // An unexpected failure: Relacy's own history of the failing iteration (--history=auto).
  void after_pair(const engine::Pair& pair, const engine::PairResult& res) override {
    const engine::RunRecord& r = res.record;
    if (r.matches || r.found == "holds" || o_.history != "auto") return;
    std::printf("    Relacy history of the failing iteration:\n");
    RunRequest again = request_;
    again.history = true;
    if (request_.sched.kind == SchedKind::kRandom) {
      again.seed = last_.stop_iteration;
      again.iterations = 1;
    } else {
      again.state = last_.final_state;
      again.iterations = last_.stop_iteration;
    }
    run_relacy(*pair.scenario, pair.config, again);
  }

 private:
  std::string replay_line(const engine::RunRecord& r, const RunResult& res) const {
    engine::ReplayLine line = o_.replay_line();
    line.set("sched", request_.sched.text()).set("scenario", r.scenario).set("variant", r.variant);
    line.set("mutant", r.mutant == "none" ? std::nullopt : std::optional<std::string>(r.mutant));
    if (request_.sched.kind == SchedKind::kRandom) {
      line.set("seed", std::to_string(res.stop_iteration)).set("iterations", "1").omit("state");
    } else {
      line.omit("seed")
          .set("state", encode_state(res.final_state))
          .set("iterations", std::to_string(res.stop_iteration));
    }
    return line.set("expect", r.found).text();
  }

  const engine::Options& o_;
  RunRequest request_;
  RunResult last_;
};

}  // namespace pagewait::relacy_engine
