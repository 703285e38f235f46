#!/bin/sh
# Packs what tools/gpu-check.sh needs on an offline GPU machine that has CUDA 13 + cuDNN 9 (e.g.
# as pip packages) and Python with torch, but no npm and no Node, in two parts that each fit a
# 64 MiB transfer beside this repository (~24 MB):
#   .gpu-bundle/a (~38 MB): Node (this machine's binary), onnxruntime-node 1.29.0 (linux-x64
#       files only), the built engine, 8 demo samples as .npy, the Vulkan loader (libvulkan1 + libglvnd).
#   .gpu-bundle/b (~38 MB): onnxruntime's CUDA provider from the npm package that
#       `gradcam install-cuda` uses, with only the sm_${ARCH:-90} device code kept
#       (tools/cuda_keep_arch.py: H100/H200 = 90).
# Usage: sh tools/gpu-bundle.sh [path to the provider package .tgz, else fetched with npm]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/.gpu-bundle
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$ROOT"
# Node and the provider are reused when present (delete .gpu-bundle to rebuild them).
rm -f "$OUT/a/runtime.tar.xz"
mkdir -p "$OUT/a" "$OUT/b" "$TMP/stage/demo-inputs" "$TMP/cuda"
npm run build -w packages/gradcam-core >/dev/null

[ -s "$OUT/a/node.xz" ] || xz -9 -T0 -c "$(command -v node)" > "$OUT/a/node.xz"
node packages/gradcam-core/dist/bench/gpu-check.js --prepare models/demo 8 "$TMP/stage/demo-inputs"
ORT=node_modules/onnxruntime-node
tar cf "$TMP/runtime.tar" $ORT/package.json $ORT/dist $ORT/bin/napi-v6/linux/x64 node_modules/onnxruntime-common packages/gradcam-core/package.json packages/gradcam-core/dist
tar rf "$TMP/runtime.tar" -C "$TMP/stage" demo-inputs
xz -9 -T0 -c "$TMP/runtime.tar" > "$OUT/a/runtime.tar.xz"
# The Vulkan loader, and the GL dispatch libraries the NVIDIA driver's Vulkan ICD (libGLX_nvidia) links to.
ls "$OUT"/a/*.deb >/dev/null 2>&1 || (cd "$OUT/a" && apt-get download libvulkan1 libglvnd0 libglx0 libegl1 libgl1 libopengl0 libgles2 >/dev/null 2>&1) \
  || echo "Vulkan/GL packages not downloaded: the WebGPU check needs them on the GPU machine"

[ -s "$OUT/b/cuda.tar.xz" ] && { du -sh "$OUT"/a/* "$OUT"/b/*; exit 0; }
node packages/gradcam-core/bin/gradcam.js install-cuda --dest "$TMP/cuda" ${1:+--from "$1"} >/dev/null
python3 tools/cuda_keep_arch.py "$TMP/cuda/libonnxruntime_providers_cuda.so" "$TMP/cuda/kept.so" --arch "${ARCH:-90}"
mv "$TMP/cuda/kept.so" "$TMP/cuda/libonnxruntime_providers_cuda.so"
tar cf - -C "$TMP/cuda" libonnxruntime_providers_shared.so libonnxruntime_providers_cuda.so | xz -9 -T0 > "$OUT/b/cuda.tar.xz"
du -sh "$OUT"/a/* "$OUT"/b/*
