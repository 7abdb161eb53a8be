#include "cluster/mpi_session.hpp"

#include <mpi.h>

#include <array>
#include <cstdlib>
#include <stdexcept>

namespace kepler::cluster {

MpiSession::MpiSession() {
  int provided = MPI_THREAD_SINGLE;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw std::runtime_error("the MPI library does not support MPI_THREAD_FUNNELED");
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() { MPI_Finalize(); }

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
