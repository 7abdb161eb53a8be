#include "cluster/mpi_session.hpp"

#include <mpi.h>

#include <array>
#include <cstdlib>
#include <stdexcept>
#include <utility>

namespace kepler::cluster {

MpiSession::MpiSession() {
  int provided = MPI_THREAD_SINGLE;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided);
  if (provided < MPI_THREAD_SERIALIZED) {
    MPI_Finalize();
    throw std::runtime_error("the MPI library does not support MPI_THREAD_SERIALIZED");
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() { MPI_Finalize(); }

std::optional<RankFailure> first_failure(const MpiSession& mpi, const std::optional<std::string>& failure) {
  const int mine = failure ? mpi.rank() : mpi.size();
  int first = mpi.size();
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (first == mpi.size()) return std::nullopt;
  // The failing rank tells the others what went wrong.
  int length = failure && first == mpi.rank() ? static_cast<int>(failure->size()) : 0;
  MPI_Bcast(&length, 1, MPI_INT, first, MPI_COMM_WORLD);
  std::string message = first == mpi.rank() ? *failure : std::string(static_cast<std::size_t>(length), '\0');
  MPI_Bcast(message.data(), length, MPI_CHAR, first, MPI_COMM_WORLD);
  return RankFailure{first, std::move(message)};
}

bool launched_by_mpi() {
  // Open MPI's mpirun, PMIx (Open MPI 4+, srun --mpi=pmix), and PMI-1/2 (MPICH's hydra, srun --mpi=pmi2).
  static constexpr std::array<const char*, 4> kLauncherVariables{"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK",
                                                                 "PMI_SIZE"};
  for (const char* name : kLauncherVariables) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

}  // namespace kepler::cluster
