#include "search/gp/pareto_rank.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <vector>

using namespace kepler;

namespace {

// The definition, quadratically: rank = 1 + the highest rank of a dominating point.
std::vector<std::uint32_t> brute_force_ranks(const std::vector<double>& a, const std::vector<double>& b) {
  const std::size_t n = a.size();
  const auto dominates = [&](std::size_t i, std::size_t j) {
    return a[i] <= a[j] && b[i] <= b[j] && (a[i] < a[j] || b[i] < b[j]);
  };
  std::vector<std::uint32_t> rank(n, 0);
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t j = 0; j < n; ++j) {
      for (std::size_t i = 0; i < n; ++i) {
        if (dominates(i, j) && rank[j] < rank[i] + 1) {
          rank[j] = rank[i] + 1;
          changed = true;
        }
      }
    }
  }
  return rank;
}

}  // namespace

TEST_CASE("Pareto ranks of a small hand-made set") {
  // (loss, size): (1,1) and (0,3) are the front; (1,3) is dominated by both; (2,3) by (1,3).
  const std::vector<double> loss{1, 0, 1, 2, 1};
  const std::vector<double> size{1, 3, 3, 3, 1};
  std::vector<std::uint32_t> ranks(5);
  gp::ParetoRanker ranker;
  ranker.rank(loss, size, ranks);
  CHECK(ranks == std::vector<std::uint32_t>{0, 0, 1, 2, 0});
}

TEST_CASE("Pareto ranks match the quadratic definition, ties included") {
  std::mt19937_64 rng(3);
  gp::ParetoRanker ranker;
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t n = 1 + trial % 70;
    std::uniform_int_distribution<int> coarse(0, 6);  // few distinct values: many ties
    std::vector<double> loss(n), size(n);
    for (std::size_t i = 0; i < n; ++i) {
      loss[i] = coarse(rng);
      size[i] = coarse(rng);
    }
    std::vector<std::uint32_t> ranks(n);
    ranker.rank(loss, size, ranks);
    REQUIRE(ranks == brute_force_ranks(loss, size));
  }
}

TEST_CASE("ranks of points kept in order as they are replaced match the definition") {
  // As a GP island keeps them: one point at a time replaced, the (first, second) order mended by
  // taking the old point out and putting the new one in at its place, ties in any order.
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<int> coarse(0, 6);
  const std::size_t n = 64;
  std::vector<double> loss(n), size(n);
  for (std::size_t i = 0; i < n; ++i) {
    loss[i] = coarse(rng);
    size[i] = coarse(rng);
  }
  const auto before = [&](std::uint32_t a, std::uint32_t b) {
    return loss[a] != loss[b] ? loss[a] < loss[b] : size[a] < size[b];
  };
  std::vector<std::uint32_t> order(n);
  for (std::uint32_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), before);
  gp::ParetoRanker ranker;
  std::vector<std::uint32_t> ranks(n);
  std::uniform_int_distribution<std::uint32_t> member(0, n - 1);
  for (int step = 0; step < 500; ++step) {
    const std::uint32_t replaced = member(rng);
    order.erase(std::find(order.begin(), order.end(), replaced));
    loss[replaced] = coarse(rng);
    size[replaced] = coarse(rng);
    order.insert(std::lower_bound(order.begin(), order.end(), replaced, before), replaced);
    ranker.rank_in_order(order, loss, size, ranks);
    REQUIRE(ranks == brute_force_ranks(loss, size));
  }
}
