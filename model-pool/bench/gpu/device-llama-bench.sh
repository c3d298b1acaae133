#!/usr/bin/env bash
# Second call on the GPU machine: waits for device-start.sh's build and fixtures, then measures the
# eight files with llama.cpp's own tools: llama-bench (pp512, tg128, every layer on the GPU) and
# llama-simple's load time (model load to the end of the first evaluation) and process time (CUDA
# start-up included), three runs each. Results go to $GPU_ROOT/results and, when set, $OUT.
# Env: GPU_ROOT (default /tmp/gpu), WAIT_S (default 540), NGL (default 99), REPS (default 3).
set -euo pipefail
root=${GPU_ROOT:-/tmp/gpu}
wait_s=${WAIT_S:-540}
ngl=${NGL:-99}
reps=${REPS:-3}
res=$root/results
bin=$root/llama.cpp/build/bin
t0=$(date +%s)
while [ ! -f "$root"/build.done ] || [ ! -f "$root"/fixtures.done ]; do
  if [ $(($(date +%s) - t0)) -gt "$wait_s" ]; then
    echo "still not done after $wait_s s"; tail -3 "$res"/build.log "$res"/fixtures.log; exit 1
  fi
  sleep 5
done
echo "build (exit, s): $(cat "$root"/build.done); fixtures (exit, s): $(cat "$root"/fixtures.done); waited $(($(date +%s) - t0)) s"
[ "$(cut -d' ' -f1 "$root"/build.done)" = 0 ] || { tail -40 "$res"/build.log; exit 1; }
[ "$(cut -d' ' -f1 "$root"/fixtures.done)" = 0 ] || { tail -40 "$res"/fixtures.log; exit 1; }
cat "$res"/fixtures.log
grep -c "Building CUDA object" "$res"/build.log || true
ls -la "$root"/bench/gpu
models=$(ls "$root"/bench/gpu/*.gguf | grep -v warm-up | paste -sd, -)
"$bin"/llama-bench -m "$models" -ngl "$ngl" -p 512 -n 128 -r "$reps" -o json >"$res"/llama-bench.json 2>"$res"/llama-bench.log \
  || { tail -30 "$res"/llama-bench.log; exit 1; }
# llama-simple: three runs per file, the median of each figure
: >"$res"/simple-load.txt
for f in $(ls "$root"/bench/gpu/*.gguf | grep -v warm-up); do
  id=$(basename "$f" .gguf)
  loads=(); procs=()
  for r in $(seq "$reps"); do
    s=$(date +%s%N)
    "$bin"/llama-simple -m "$f" -ngl "$ngl" -n 4 "Once upon a time" >"$res"/simple-$id.log 2>&1 || { tail -20 "$res"/simple-$id.log; exit 1; }
    e=$(date +%s%N)
    loads+=("$(grep -m1 'load time' "$res"/simple-$id.log | sed -E 's/.*= *([0-9.]+) ms.*/\1/')")
    procs+=("$(( (e - s) / 1000000 ))")
  done
  med() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
  echo "$id $(med "${loads[@]}") $(med "${procs[@]}")" >>"$res"/simple-load.txt
done
cat "$res"/simple-load.txt
grep -E "offloaded|CUDA0 model buffer|KV buffer" "$res"/simple-"$id".log | head -4 || true
python3 - "$res"/llama-bench.json <<'PY' || true
import json, sys
for t in json.load(open(sys.argv[1])):
    name = t["model_filename"].rsplit("/", 1)[-1]
    kind = f"pp{t['n_prompt']}" if t["n_prompt"] else f"tg{t['n_gen']}"
    print(f"{name:24s} {t['model_size']/1e9:6.2f} GB {kind:6s} {t['avg_ts']:10.1f} ± {t['stddev_ts']:.1f} tok/s  ngl {t['n_gpu_layers']}")
PY
if [ -n "${OUT:-}" ]; then cp "$res"/llama-bench.json "$res"/simple-load.txt "$res"/llama-bench.log "$OUT"/; tail -c 2000000 "$res"/build.log >"$OUT"/build-tail.log; fi
