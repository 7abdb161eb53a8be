"""Builds kepler._kepler with CMake for the interpreter running this script (see pyproject.toml).

KEPLER_BUILD_DIR: an existing CMake build tree of this checkout (cmake --preset release) to build
the module in, as it is configured; otherwise a fresh Release build of the module alone, for this
interpreter.
KEPLER_NATIVE=OFF builds for any x86-64 machine instead of this one's vector width.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        given = os.environ.get("KEPLER_BUILD_DIR")
        build_dir = Path(given).resolve() if given else Path(self.build_temp).resolve() / "cmake"
        if not given:
            subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build_dir), f"-DPython_EXECUTABLE={sys.executable}",
                            "-DCMAKE_BUILD_TYPE=Release", "-DKEPLER_BUILD_TESTS=OFF", "-DKEPLER_BUILD_BENCHMARKS=OFF",
                            "-DKEPLER_BUILD_APPS=OFF", f"-DKEPLER_NATIVE={os.environ.get('KEPLER_NATIVE', 'ON')}"],
                           check=True)
        jobs = str(os.cpu_count() or 1)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "kepler_python", "--parallel", jobs],
                       check=True)
        built = build_dir / "python" / "kepler" / Path(self.get_ext_filename(ext.name)).name
        destination = Path(self.get_ext_fullpath(ext.name))
        destination.parent.mkdir(parents=True, exist_ok=True)
        if not built.exists():
            sys.exit(f"setup.py: {built} was not built: is {build_dir} configured for this Python "
                     f"({sys.executable}, {sys.version.split()[0]})?")
        shutil.copyfile(built, destination)


setup(ext_modules=[CMakeExtension("kepler._kepler")], cmdclass={"build_ext": CMakeBuild})
