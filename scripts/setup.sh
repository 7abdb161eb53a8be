#!/usr/bin/env bash
# Installs the Debian packages Kepler builds against, when they are missing.
# Idempotent; run as root (or with sudo available) on Debian 12.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-graph-dev   # Boost.Graph: Graphviz export of e-graphs; Boost.Container small_vector
  libtbb-dev           # oneTBB: parallel searches
  libceres-dev         # Ceres Solver: constant fitting (brings Eigen, glog, gflags)
  libeigen3-dev        # Eigen arrays: vectorized evaluation
  libfmt-dev           # formatting
  doctest-dev          # unit tests
  libcli11-dev         # command-line parsing
  nlohmann-json3-dev   # result.json, suite definitions, benchmark records
  zlib1g-dev           # reading SRBench/PMLB .tsv.gz data files
  libfast-float-dev    # fast CSV number parsing
  libabsl-dev          # Abseil flat_hash_map: the e-graph's hash-cons and the candidate cache
  libbenchmark-dev     # Google Benchmark micro-benchmarks
  clang libclang-rt-14-dev  # the tsan and fuzz presets: ThreadSanitizer, libFuzzer (CI runs both)
  python3 python3-sympy # test oracle for printed sympy strings
  # libtorch (PyTorch's C++ API): the neural-guided search (search/neural/, --method neural); the
  # KEPLER_TORCH option turns itself off when it is missing.
  libtorch-dev
  # OpenBLAS becomes the libblas.so.3 alternative, which serves libtorch's matrix products instead
  # of Debian's generic ATLAS build (CMakeLists.txt). The pthread flavour, kept to one thread by the
  # policy: the serial one is not safe to call from several threads (samples differed run to run).
  libopenblas0-pthread
  # Open MPI: `mpirun kepler bench` spreads a suite over ranks (cluster/); the
  # KEPLER_MPI option turns itself off when it is missing.
  libopenmpi-dev openmpi-bin
  # The Python package (python/), built for Debian's /usr/bin/python3, and its tests:
  python3-dev pybind11-dev python3-pybind11 python3-numpy python3-sklearn python3-pandas
  python3-pytest python3-yaml python3-venv python3-pip python3-setuptools python3-wheel
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi
