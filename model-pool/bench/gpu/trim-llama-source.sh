#!/usr/bin/env bash
# Packs the part of a llama.cpp checkout that a CUDA build of libllama, ggml-cuda, llama-bench and
# llama-simple needs into one tar.xz (a few MB), so it fits the device machine's 64 MiB per call.
# Usage: trim-llama-source.sh <llama.cpp checkout> <out.tar.xz>
set -euo pipefail
src=$(cd "$1" && pwd)
out=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dst=$work/llama.cpp
mkdir -p "$dst"
# Top level: the build files and the library itself.
cp "$src"/CMakeLists.txt "$dst"/
cp -r "$src"/cmake "$src"/include "$src"/src "$src"/common "$src"/vendor "$dst"/
# ggml without the backends this build leaves off (CPU and CUDA stay).
mkdir -p "$dst"/ggml/src
cp "$src"/ggml/CMakeLists.txt "$dst"/ggml/
cp -r "$src"/ggml/include "$src"/ggml/cmake "$dst"/ggml/
find "$src"/ggml/src -maxdepth 1 -type f -exec cp {} "$dst"/ggml/src/ \;
cp -r "$src"/ggml/src/ggml-cpu "$src"/ggml/src/ggml-cuda "$dst"/ggml/src/
# Only the two tools the GPU runs use; their parent CMake files list just them.
mkdir -p "$dst"/tools "$dst"/examples
cp -r "$src"/tools/llama-bench "$dst"/tools/
cp -r "$src"/examples/simple "$dst"/examples/
printf 'llama_add_compile_flags()\nadd_subdirectory(llama-bench)\n' >"$dst"/tools/CMakeLists.txt
printf 'llama_add_compile_flags()\nadd_subdirectory(simple)\n' >"$dst"/examples/CMakeLists.txt
mkdir -p "$dst"/pocs && : >"$dst"/pocs/CMakeLists.txt   # the examples switch also adds pocs/
# The mtmd and miniaudio/stb vendors are needed only by tools this build leaves out.
sed -i '/add_subdirectory(miniaudio)/d; /add_subdirectory(stb)/d' "$dst"/vendor/CMakeLists.txt
rm -rf "$dst"/vendor/miniaudio "$dst"/vendor/stb
# The version the build stamps into llama-bench's output (there is no .git in the copy).
git -C "$src" rev-parse --short HEAD >"$dst"/COMMIT 2>/dev/null || true
tar -C "$work" -cJf "$out" llama.cpp
echo "$out: $(du -h "$out" | cut -f1) ($(du -sh "$dst" | cut -f1) unpacked)"
