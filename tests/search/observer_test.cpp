#include "search/observer.hpp"

#include <doctest/doctest.h>

using namespace kepler;

namespace {

struct Recorder {
  Observer observer;
  std::vector<double> calls;  // elapsed seconds of each on_front call
  bool accept = true;
  Recorder() {
    observer.front_every_seconds = 5.0;
    observer.front_improvement_seconds = 1.0;
    observer.on_front = [this](const FrontSnapshot& s) {
      calls.push_back(s.elapsed_seconds);
      return accept;
    };
  }
};

}  // namespace

TEST_CASE("FrontReporter reports a new best within the improvement interval, other changes every few seconds") {
  Recorder r;
  FrontReporter reporter(r.observer);
  ParetoFront front;
  reporter.round(front.snapshot(), false, 0, 0.0);
  CHECK(r.calls.empty());  // nothing to report yet

  front.insert(build::var(0), 0.5);
  reporter.round(front.snapshot(), true, 10, 0.1);  // first best: due at once
  CHECK(r.calls == std::vector<double>{0.1});

  front.insert(build::num(1.0), 0.9);  // a simpler entry, not a new best
  reporter.round(front.snapshot(), true, 20, 0.5);
  reporter.round(front.snapshot(), false, 30, 4.0);
  CHECK(r.calls.size() == 1);  // a change, but not yet 5 s since the last call
  reporter.round(front.snapshot(), false, 40, 5.2);
  CHECK(r.calls == std::vector<double>{0.1, 5.2});
  reporter.round(front.snapshot(), false, 50, 20.0);
  CHECK(r.calls.size() == 2);  // nothing changed: no call however long

  front.insert(build::binary(Op::Mul, build::var(0), build::var(0)), 0.1);  // a new best
  reporter.round(front.snapshot(), true, 60, 20.5);
  CHECK(r.calls.back() == 20.5);  // more than 1 s since the last call
  front.insert(build::binary(Op::Add, build::var(0), build::binary(Op::Mul, build::var(0), build::var(0))), 0.01);
  reporter.round(front.snapshot(), true, 70, 20.9);
  CHECK(r.calls.size() == 3);  // rate-limited
  reporter.round(front.snapshot(), false, 80, 21.6);
  CHECK(r.calls.back() == 21.6);  // the pending improvement, once 1 s has passed
}

TEST_CASE("a declined snapshot stays pending and is offered again") {
  Recorder r;
  FrontReporter reporter(r.observer);
  ParetoFront front;
  front.insert(build::var(0), 0.5);
  r.accept = false;
  reporter.round(front.snapshot(), true, 10, 0.1);
  reporter.round(front.snapshot(), false, 20, 0.2);  // offered again: nothing was taken
  CHECK(r.calls == std::vector<double>{0.1, 0.2});
  r.accept = true;
  reporter.round(front.snapshot(), false, 30, 0.3);
  reporter.round(front.snapshot(), false, 40, 9.0);  // taken at 0.3, nothing changed since
  CHECK(r.calls == std::vector<double>{0.1, 0.2, 0.3});
}

TEST_CASE("FrontReporter does nothing without a callback") {
  Observer observer;
  FrontReporter reporter(observer);
  ParetoFront front;
  front.insert(build::var(0), 0.5);
  CHECK_NOTHROW(reporter.round(front.snapshot(), true, 1, 100.0));  // an empty std::function would throw
}
