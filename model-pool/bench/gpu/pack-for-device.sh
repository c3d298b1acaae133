#!/usr/bin/env bash
# Packs everything the GPU runs need into one folder that the device call carries (≤ 64 MiB with the
# repository): the trimmed llama.cpp source, a jlink'ed JDK 25 and model-pool's jars, each as tar.xz,
# and the device-*.sh scripts. Run from the repository root after `./mvnw -pl model-pool test-compile`.
# Usage: pack-for-device.sh <llama.cpp checkout> <out dir>     (env: JDK25, MAVEN_REPO)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
llama=$1
out=$2
jdk=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
repo_args=()
[ -n "${MAVEN_REPO:-}" ] && repo_args=("-Dmaven.repo.local=$MAVEN_REPO")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
"$here"/trim-llama-source.sh "$llama" "$out"/llama.cpp.tar.xz
cp "$here"/device-*.sh "$out"/

# The class path of model-pool's tests (the benchmarks live there), less the test frameworks.
./mvnw -B -q -ntp "${repo_args[@]}" -pl model-pool dependency:build-classpath \
  -Dmdep.outputFile="$work"/cp.txt -Dmdep.includeScope=test
mkdir -p "$work"/java/lib
tr ':' '\n' <"$work"/cp.txt | grep -Ev '/(archunit|byte-buddy|assertj|junit|opentest4j|apiguardian|reactor-test|mockito|objenesis)[^/]*/' \
  | while read -r jar; do cp "$jar" "$work"/java/lib/; done
# model-pool itself; the bundled CPU libraries stay behind (the GPU runs open their own CUDA build)
"$jdk"/bin/jar --create --file "$work"/java/lib/model-pool.jar -C model-pool/target/classes . 
zip -q -d "$work"/java/lib/model-pool.jar 'io/symposium/pool/llamacpp/engine/native/*/*.so' >/dev/null
"$jdk"/bin/jar --create --file "$work"/java/lib/model-pool-tests.jar -C model-pool/target/test-classes .
# a JDK with what the jars use (jdeps), uncompressed inside: xz packs it smaller than jlink's zip
"$jdk"/bin/jlink --add-modules java.base,java.logging,java.net.http,jdk.httpserver,java.management,jdk.management,jdk.unsupported,java.naming,jdk.zipfs \
  --strip-debug --no-man-pages --no-header-files --compress=zip-0 --output "$work"/java/jdk
tar -C "$work" -cJf "$out"/java.tar.xz java
du -sh "$out"/*
