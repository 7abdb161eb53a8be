// One process's membership of an MPI job: MPI_Init_thread on construction, MPI_Finalize on
// destruction. Only the thread that made the session calls MPI (MPI_THREAD_FUNNELED); the
// searches' own threads never do.
#pragma once

namespace kepler::cluster {

class MpiSession {
 public:
  MpiSession();  // throws std::runtime_error when MPI cannot give funneled threading
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

// Whether this process was started by an MPI launcher (mpirun, mpiexec, srun with PMI or PMIx).
// A plain `kepler` never initializes MPI, so it behaves exactly as a build without it.
[[nodiscard]] bool launched_by_mpi();

}  // namespace kepler::cluster
