#!/usr/bin/env bash
# Builds Kepler from source and installs its Python package for the python3 that SRBench runs
# (conda's, or Debian's on a conda-less machine). Run from this folder, as SRBench's install does.
#
#   KEPLER_SOURCE  a Kepler checkout (default: the one this folder sits in, python/srbench)
#   KEPLER_REPO    a git URL to clone when there is no checkout
#   PYTHON         the interpreter (default: python3 on PATH)
#   KEPLER_NATIVE  ON (default): this machine's vector width; OFF: any x86-64 (a cluster)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${KEPLER_SOURCE:-}
if [[ -z "$src" && -f "$here/../kepler/estimator.py" && -f "$here/../../scripts/setup.sh" ]]; then
  src=$(cd "$here/../.." && pwd)
fi
if [[ -z "$src" ]]; then
  : "${KEPLER_REPO:?set KEPLER_SOURCE to a Kepler checkout or KEPLER_REPO to its git URL}"
  git clone --depth 1 "$KEPLER_REPO" "$here/kepler-src"
  src="$here/kepler-src"
fi
python=${PYTHON:-$(command -v python3)}

bash "$src/scripts/setup.sh"  # Debian's compilers and libraries (root or sudo)
site=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["platlib"])')
build="$here/build"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DKEPLER_BUILD_TESTS=OFF -DKEPLER_BUILD_BENCHMARKS=OFF \
  -DKEPLER_BUILD_APPS=OFF -DKEPLER_NATIVE="${KEPLER_NATIVE:-ON}" -DPython_EXECUTABLE="$python" \
  -DKEPLER_PYTHON_INSTALL_DIR="$site"
cmake --build "$build" --target kepler_python --parallel "$(nproc)"
cmake --install "$build" --component python
"$python" -c 'import kepler; print("kepler", kepler.__version__, "installed in", kepler.__file__)'
