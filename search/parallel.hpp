// Running independent pieces of work (GP islands) on the threads of a task arena.
//
// Under ThreadSanitizer the work runs on plain std::threads instead: Debian's libtbb is not
// instrumented, so TSan cannot see the synchronization inside TBB's scheduler and reports every
// hand-off of data between its workers as a race (639 reports in the search tests, all of them
// TBB's own bookkeeping or data it handed over). With std::thread, whose start and join TSan
// understands, what it checks is Kepler's shared state: the front, the caches, the counters.
#pragma once

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <cstddef>

#if defined(__SANITIZE_THREAD__)
#define KEPLER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define KEPLER_TSAN 1
#endif
#endif

#ifdef KEPLER_TSAN
#include <algorithm>
#include <thread>
#include <vector>
#endif

namespace kepler {

// work(i) for every i in [0, n), each call on one thread; returns when all are done. A single
// piece runs on the calling thread (its own parallel work still goes to the arena).
template <typename Work>
void parallel_for_each(tbb::task_arena& arena, std::size_t n, const Work& work) {
  if (n == 1) {
    work(0);
    return;
  }
#ifdef KEPLER_TSAN
  const auto threads = std::min<std::size_t>(n, static_cast<std::size_t>(arena.max_concurrency()));
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (std::size_t i = t; i < n; i += threads) work(i);
    });
  }
  for (std::thread& thread : pool) thread.join();
#else
  arena.execute([&] { tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) { work(i); }); });
#endif
}

}  // namespace kepler
