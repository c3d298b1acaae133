#!/usr/bin/env bash
# Third call on the GPU machine: the project's benchmarks on the CUDA build, on the same eight files:
# GpuEngineBenchmark (load s/GB and decode tok/s beside llama-bench's) and PoolBenchmark's gpu
# workload (64 queries × k = 3, answers ≤ 32 tokens: naive, offline plan, online, all resident).
# Env: GPU_ROOT (default /tmp/gpu), JAVA_OPTS, SECTIONS (default "engine pool"), NAIVE_QUERIES
# (default 16 of the 64; the table says when it extrapolates), SLOTS (default 24), LOAD_AHEAD (load).
set -euo pipefail
root=${GPU_ROOT:-/tmp/gpu}
res=$root/results
lib=${LLAMA_LIBRARY:-$root/llama.cpp/build/bin/libllama.so}
java=("$root"/java/jdk/bin/java --enable-native-access=ALL-UNNAMED -Xss2m -Xmx4g -Dbench.quiet.max-wait-s=10 ${JAVA_OPTS:-} -cp "$root/java/lib/*")
set +e # a failed section leaves the other to run; its log says why
for section in ${SECTIONS:-engine pool}; do
  case $section in
    engine)
      "${java[@]}" io.symposium.pool.bench.GpuEngineBenchmark "$root"/bench/gpu "$lib" \
        "$res"/llama-bench.json "$res"/simple-load.txt 2>&1 | tee "$res"/engine.log
      cp "$root"/bench/gpu/gpu-engine.md "$res"/ ;;
    pool)
      "${java[@]}" io.symposium.pool.bench.PoolBenchmark "$root"/bench 32 "${NAIVE_QUERIES:-16}" 16 4 \
        "${SLOTS:-24}" "${LOAD_AHEAD:-load}" gpu "$lib" 2>&1 | tee "$res"/pool.log
      cp "$root"/bench/gpu/results.md "$res"/pool-results.md ;;
  esac
done
if [ -n "${OUT:-}" ]; then
  for f in gpu-engine.md pool-results.md engine.log pool.log; do [ -f "$res/$f" ] && cp "$res/$f" "$OUT"/; done
fi
