// `mpirun kepler fit`: every rank runs the whole search on its own threads and seed, and at every
// round barrier the ranks exchange their fronts (an all-gather): each adopts the others' equations,
// which reach its islands through the shared front. Every rank stops at the first barrier at
// which some rank would stop, for the reason of the lowest such rank, so all take the same number
// of rounds; under an evaluation budget (each rank's) a run is reproducible for a given number of
// ranks. Rank 0's front, which adopted everyone's last, is the result.
#pragma once

#include <cstdint>

#include "cluster/mpi_session.hpp"
#include "search/observer.hpp"

namespace kepler::cluster {

// The Observer::exchange of this rank. Collective: every rank of `mpi` must run a search with it.
[[nodiscard]] decltype(Observer::exchange) front_exchange(const MpiSession& mpi);

// This rank's search seed: `seed` itself on rank 0, distinct and fixed on the others.
[[nodiscard]] std::uint64_t rank_seed(std::uint64_t seed, int rank);

}  // namespace kepler::cluster
