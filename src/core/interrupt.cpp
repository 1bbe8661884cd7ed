#include "core/interrupt.h"

#include <unistd.h>

#include <atomic>
#include <csignal>

namespace quantloop {

namespace {

std::atomic<int> signals_received{0};

extern "C" void on_signal(int signal) {
  if (signals_received.fetch_add(1) >= 1) {
    std::signal(signal, SIG_DFL);
    std::raise(signal);
  }
}

}  // namespace

void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool interrupt_requested() {
  return signals_received.load() > 0;
}

void throw_if_interrupted() {
  if (interrupt_requested()) throw Interrupted();
}

void clear_interrupt() {
  signals_received.store(0);
}

}  // namespace quantloop
