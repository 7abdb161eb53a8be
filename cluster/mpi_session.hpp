// One process's membership of an MPI job: MPI_Init_thread on construction, MPI_Finalize on
// destruction. One thread at a time calls MPI (MPI_THREAD_SERIALIZED): the coordinating thread of
// a bench scheduler or of a search, which a task arena may run on another thread than main's; the
// searches' workers never do.
#pragma once

#include <optional>
#include <string>

namespace kepler::cluster {

class MpiSession {
 public:
  MpiSession();  // throws std::runtime_error when MPI cannot give serialized threading
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  ~MpiSession();

  [[nodiscard]] int rank() const noexcept { return rank_; }
  [[nodiscard]] int size() const noexcept { return size_; }
  [[nodiscard]] bool is_root() const noexcept { return rank_ == 0; }

 private:
  int rank_ = 0;
  int size_ = 1;
};

struct RankFailure {
  int rank = 0;
  std::string message;
};

// Collective: the lowest rank whose `failure` is set, with its message; nullopt when no rank's is.
// Lets every rank agree to stop before a collective that one of them would never reach.
[[nodiscard]] std::optional<RankFailure> first_failure(const MpiSession& mpi, const std::optional<std::string>& failure);

// Whether this process was started by an MPI launcher (mpirun, mpiexec, srun with PMI or PMIx).
// A plain `kepler` never initializes MPI, so it behaves exactly as a build without it.
[[nodiscard]] bool launched_by_mpi();

}  // namespace kepler::cluster
