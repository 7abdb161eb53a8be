#!/usr/bin/env bash
# Sets up, builds and runs the main job on the bundled planets data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
build/release/bin/kepler fit-constants "c*a^p" datasets/examples/planets.csv --target T
