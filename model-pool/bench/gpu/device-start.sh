#!/usr/bin/env bash
# First call on the GPU machine: unpacks the trimmed llama.cpp source and the Java bundle, then starts
# (in new process sessions, so they outlive this call) the CUDA build of libllama + ggml-cuda +
# llama-bench + llama-simple and the writing of the eight GGUF fixtures, and returns.
# Usage: device-start.sh <folder with llama.cpp.tar.xz and java.tar.xz>
# Env: GPU_ROOT (default /tmp/gpu); LLAMA_CMAKE (default CUDA for sm_90); JAVA_OPTS (e.g. the
# rehearsal's -Dbench.gpu.rehearsal=true).
set -euo pipefail
pkg=$(cd "$1" && pwd)
root=${GPU_ROOT:-/tmp/gpu}
cmake_flags=${LLAMA_CMAKE:--DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=90}
mkdir -p "$root"/bench/gpu "$root"/results
echo "== machine"; nproc; free -g | head -2; df -h "$root" | tail -1
nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.sm,clocks.mem --format=csv 2>/dev/null || echo "no nvidia-smi"
nvcc --version 2>/dev/null | tail -1 || true
cmake --version | head -1
tar -C "$root" -xJf "$pkg"/llama.cpp.tar.xz
tar -C "$root" -xJf "$pkg"/java.tar.xz
"$root"/java/jdk/bin/java -version 2>&1 | head -1
cd "$root"/llama.cpp
# shellcheck disable=SC2086 # the flags are a list
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON $cmake_flags \
  -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_SERVER=OFF \
  -DLLAMA_BUILD_APP=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_EXAMPLES=ON \
  >"$root"/results/cmake.log 2>&1 || { tail -30 "$root"/results/cmake.log; exit 1; }
grep -E "CUDA|Including" "$root"/results/cmake.log | head -5 || true
rm -f "$root"/build.done "$root"/fixtures.done
setsid bash -c "s=\$(date +%s); ninja -C build llama llama-bench llama-simple >'$root'/results/build.log 2>&1; echo \"\$? \$((\$(date +%s)-s))\" >'$root'/build.done" </dev/null >/dev/null 2>&1 &
# the writer is single-threaded per file: eight at once take about as long as the largest
setsid bash -c "s=\$(date +%s); '$root'/java/jdk/bin/java ${JAVA_OPTS:-} -cp '$root/java/lib/*' io.symposium.pool.bench.GpuFixtures '$root'/bench/gpu 8 >'$root'/results/fixtures.log 2>&1; echo \"\$? \$((\$(date +%s)-s))\" >'$root'/fixtures.done" </dev/null >/dev/null 2>&1 &
sleep 5
echo "== started: build and fixtures"; tail -2 "$root"/results/build.log "$root"/results/fixtures.log 2>/dev/null || true
