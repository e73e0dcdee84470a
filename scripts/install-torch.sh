#!/usr/bin/env bash
# Installs what `./pc4j bench --against torch` needs on a Debian/Ubuntu machine: Debian's PyTorch (python3-torch,
# with python3-numpy) and Debian's multi-threaded OpenBLAS (libopenblas0-pthread). python3-torch links libblas.so.3,
# which is the slow reference BLAS unless OpenBLAS provides it: installing OpenBLAS makes it the system's libblas.so.3
# through Debian's alternatives, and pc4j also puts its folder first on the child's LD_LIBRARY_PATH; the bench
# prints the BLAS the PyTorch process loaded. Not needed by the default test run. Needs root or password-less sudo.
set -euo pipefail
python="${PC4J_PYTHON:-/usr/bin/python3}"
if "$python" -c "import torch, numpy" >/dev/null 2>&1 && [ -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-torch: no apt-get here; install PyTorch, NumPy and an optimised BLAS, and give ./pc4j bench --python" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo -n"
fi
echo "install-torch: installing Debian's python3-torch, python3-numpy and libopenblas0-pthread..." >&2
export DEBIAN_FRONTEND=noninteractive
packages="python3-torch python3-numpy libopenblas0-pthread"
if ! $sudo apt-get install -y -q --no-install-recommends $packages >/dev/null; then
  $sudo apt-get update -q >/dev/null
  $sudo apt-get install -y -q --no-install-recommends $packages >/dev/null
fi
/usr/bin/python3 -c "import torch, numpy; print('install-torch: PyTorch', torch.__version__)"
