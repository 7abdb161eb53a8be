#include "apps/interrupt.hpp"

#include <csignal>

namespace kepler::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_signal(int signal) {
  if (g_interrupted.exchange(true)) {
    std::signal(signal, SIG_DFL);
    std::raise(signal);
  }
}

}  // namespace

const std::atomic<bool>& install_interrupt_handlers() {
  static const bool installed = [] {
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    return true;
  }();
  (void)installed;
  return g_interrupted;
}

}  // namespace kepler::cli
