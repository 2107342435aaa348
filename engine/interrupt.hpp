// Ctrl-C and SIGTERM: the run stops, and its reports are still written.
//
// SIGINT and SIGTERM are blocked in every thread (the mask is inherited, so start() runs
// before the engines start any) and taken by one watcher thread with sigwait, where any
// code may run. The watcher raises the flag the driver checks between runs. An engine that
// cannot stop between runs (Relacy explores a pair in one call) gets a grace period; then
// the watcher writes the reports of the pairs finished so far itself and exits. Either way
// the exit code is 128 + the signal: 130 for SIGINT, 143 for SIGTERM.
#pragma once

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace pagewait::engine {

class Interrupt {
 public:
  // `write_reports` writes what the run has so far; it is called at most once, by the
  // watcher or by finish().
  void start(std::function<void()> write_reports, std::chrono::milliseconds grace = std::chrono::seconds(3)) {
    state_->write_reports = std::move(write_reports);
    sigset_t set;
    sigemptyset(&set);
    // A signal the parent ignores stays ignored (a shell's background job ignores SIGINT).
    for (int signo : {SIGINT, SIGTERM}) {
      struct sigaction old {};
      if (sigaction(signo, nullptr, &old) == 0 && old.sa_handler != SIG_IGN) sigaddset(&set, signo);
    }
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    // The watcher outlives the driver (it is never joined: it may be in sigwait when the
    // tool exits), so what it touches is shared, not on the driver's stack.
    std::thread([state = state_, set, grace] {
      int signo = 0;
      if (sigwait(&set, &signo) != 0) return;
      state->signal.store(signo);
      const auto deadline = std::chrono::steady_clock::now() + grace;
      while (std::chrono::steady_clock::now() < deadline) {
        if (state->finishing.load()) return;  // the driver writes the reports and exits itself
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      state->write_once();
      _exit(128 + signo);
    }).detach();
  }

  bool interrupted() const { return state_->signal.load() != 0; }
  // The driver's last step: the reports (once), then the exit code for an interrupted run
  // (0 when it was not).
  int finish() {
    state_->finishing.store(true);
    state_->write_once();
    return interrupted() ? 128 + state_->signal.load() : 0;
  }

 private:
  struct State {
    std::function<void()> write_reports;
    std::atomic<int> signal{0};
    std::atomic<bool> finishing{false};
    std::mutex mutex;
    bool written = false;
    void write_once() {
      std::lock_guard<std::mutex> lock(mutex);
      if (written) return;
      written = true;
      if (write_reports) write_reports();
    }
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace pagewait::engine
