#!/usr/bin/env bash
# Trains every model of zoo.json at once, one process each on the same GPU (each model is too small to
# fill an H100 alone), then prints the per-model per-skill table and packs the exports.
#   evals/zoo/train-zoo.sh DATA OUT [train.py options...]      e.g. evals/zoo/train-zoo.sh data/synth data/zoo
# ZOO_ONLY="a b" trains only those models (their exports replace the ones in OUT).
set -euo pipefail
data=$1; out=$2; shift 2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out/logs"
names=${ZOO_ONLY:-$(python3 -c "import json,sys; print(' '.join(m['name'] for m in json.load(open(sys.argv[1]))['models']))" "$here/zoo.json")}
pids=()
for name in $names; do
  python3 "$here/train.py" --zoo "$here/zoo.json" --data "$data" --out "$out" --only "$name" "$@" \
    > "$out/logs/$name.log" 2>&1 &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
for name in $names; do echo "== $name"; grep -v "^ *$" "$out/logs/$name.log" | tail -n 8; done
python3 "$here/train.py" --zoo "$here/zoo.json" --data "$data" --out "$out" --table
exit $status
