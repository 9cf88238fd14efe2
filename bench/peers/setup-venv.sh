#!/usr/bin/env bash
# The bench's own Python environment for its peers (NumPy, threadpoolctl, PyTorch CPU): never a
# project dependency. Usage: bash bench/peers/setup-venv.sh [VENV]   (default
# ${PROVABLY_BENCH_VENV:-$HOME/.cache/provably/bench-venv}). Installs from the package indexes and
# wheel folder pip is configured with on this machine (no default index: it is unreachable here and
# costs retries); TORCH_SPEC overrides the torch requirement (default torch==2.13.0+cpu).
set -euo pipefail
venv="${1:-${PROVABLY_BENCH_VENV:-$HOME/.cache/provably/bench-venv}}"
py="${PYTHON:-python3}"
torch_spec="${TORCH_SPEC:-torch==2.13.0+cpu}"
if [ ! -x "$venv/bin/python" ]; then
  "$py" -m venv "$venv"
fi
args=()
extra="$(pip config get global.extra-index-url 2>/dev/null || true)"
links="$(pip config get global.find-links 2>/dev/null || true)"
first=1
for u in $extra; do
  if [ $first = 1 ]; then args+=(--index-url "$u"); first=0; else args+=(--extra-index-url "$u"); fi
done
for l in $links; do args+=(--find-links "$l"); done
if [ $first = 1 ]; then args+=(--no-index); fi
timeout 900 "$venv/bin/pip" install --disable-pip-version-check "${args[@]}" numpy threadpoolctl "$torch_spec"
"$venv/bin/python" -c 'import numpy, threadpoolctl, torch; print("bench venv:", numpy.__version__, torch.__version__)'
