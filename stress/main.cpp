// pagewait-stress: the native engine. Runs scenarios on real threads under the controlled
// scheduler (random or PCT; exact replay by seed) or the fuzz scheduler (parallel, seeded
// perturbation; statistical replay), in plain, TSan and ASan builds. Its flags are the
// STRESS and BOTH rows of engine/options.inc; the driver (engine/driver.hpp) runs the pairs.
#define PAGEWAIT_TOOL_STRESS
#include "engine/flags.hpp"
#include "stress/native_engine.hpp"

int main(int argc, char** argv) {
  return pagewait::engine::tool_main<pagewait::stress::NativeEngine>(
      argc, argv,
      "runs pagewait scenarios on real threads.\n  pagewait-stress --engine=controlled --strategy=pct:3 "
      "--scenario=all --variant=all --runs=200\n  pagewait-stress --replay='<a line printed by a failure>'");
}
