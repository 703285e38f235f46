#!/bin/bash
# The GPU check, on an offline NVIDIA machine (CUDA 13 + cuDNN 9 as pip packages, Python with
# torch + torchvision; no Node), from the repository root, in two steps on the same machine
# because each part of the bundle (tools/gpu-bundle.sh) is one 64 MiB transfer:
#   tools/gpu-check.sh a   carries .gpu-bundle/a: unpacks Node + the engine to $W, writes the
#                          full-size benchmark model and times PyTorch Grad-CAM on the GPU.
#   tools/gpu-check.sh b   carries .gpu-bundle/b: adds the CUDA provider, runs the engine on CUDA
#                          against the CPU and the PyTorch references and times it; then the same
#                          on WebGPU (Dawn over Vulkan).
# Results (gpu-check.json, gpu-report.md, torch.json, logs) go to $OUT (default $W/out).
set -u
W=/tmp/gradcam-gpu
OUT=${OUT:-$W/out}
mkdir -p "$OUT"
NODE=$W/bin/node
CHECK="$W/packages/gradcam-core/dist/bench/gpu-check.js"
MODELS="models/demo:$W/demo-inputs packages/gradcam-core/test/fixtures/effnet4"
BENCH=$W/bench-model
card=$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1)
echo "GPU: ${card:-none found}"

nvidia_libs() {
  # the pip packages' lib folders (nvidia-cublas, -cudnn-cu13, ...): CUDA 13 + cuDNN 9 for the provider
  python3 -c 'import nvidia; print("\n".join(nvidia.__path__))' 2>/dev/null | while read -r d; do
    find "$d" -name 'lib*.so*' -printf '%h\n'
  done | sort -u | paste -sd:
}

case "${1:-}" in
a)
  rm -rf "$W/bin" "$W/node_modules" "$W/packages" "$W/vulkan"
  mkdir -p "$W/bin" "$W/vulkan"
  xz -dc .gpu-bundle/a/node.xz > "$NODE" && chmod +x "$NODE"
  tar xJf .gpu-bundle/a/runtime.tar.xz -C "$W"
  for deb in .gpu-bundle/a/*.deb; do dpkg -x "$deb" "$W/vulkan"; done
  echo "node $("$NODE" --version), onnxruntime-node $(cd "$W" && "$NODE" -p "require('onnxruntime-node/package.json').version")"
  if [ ! -f "$BENCH/model.pt" ]; then
    PYTHONUNBUFFERED=1 timeout 200 python3 tools/make_bench_model.py --out "$BENCH" 2>&1 | tail -3 | tee "$OUT/bench-model.log"
  fi
  timeout 150 python3 tools/bench_torch_gradcam.py --model-dir "$BENCH" --device cuda --iters 20 --warmup 5 \
    --batch 1 --batch 8 --batch 32 --batch 64 2>"$OUT/torch.err" | tail -1 | tee "$W/torch.json" "$OUT/torch.json"
  ;;
b)
  [ -x "$NODE" ] || { echo "step a has not run on this machine: run tools/gpu-check.sh a first"; exit 3; }
  tar xJf .gpu-bundle/b/cuda.tar.xz -C "$W/node_modules/onnxruntime-node/bin/napi-v6/linux/x64"
  export LD_LIBRARY_PATH="$(nvidia_libs)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  bench=""; [ -f "$BENCH/model.onnx" ] && bench="--bench $BENCH"
  GRADCAM_ORT_LOG_LEVEL=error timeout 300 "$NODE" "$CHECK" "$OUT/cuda" $MODELS $bench --devices cuda --profile 64 \
    --torch "$W/torch.json" --card "$card" 2>&1 | tee "$OUT/cuda.log" | grep -v '^|'
  cat "$OUT/cuda/gpu-report.md"
  # WebGPU through Dawn on Vulkan: the loader from the bundle, the ICD from the NVIDIA driver
  export LD_LIBRARY_PATH="$W/vulkan/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  icd=$(ls /usr/local/nvidia/share/vulkan/icd.d/*.json /usr/share/vulkan/icd.d/nvidia*.json /etc/vulkan/icd.d/nvidia*.json 2>/dev/null | head -1)
  [ -n "$icd" ] && export VK_DRIVER_FILES="$icd"
  egl=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
  [ -f "$egl" ] && export __EGL_VENDOR_LIBRARY_FILENAMES="$egl"
  echo "Vulkan ICD: ${icd:-none found}"
  bench=""; [ -f "$BENCH/model.onnx" ] && bench="--bench $BENCH"
  GRADCAM_ORT_LOG_LEVEL=error timeout 180 "$NODE" "$CHECK" "$OUT/webgpu" $MODELS $bench --devices webgpu \
    --torch "$W/torch.json" --card "$card" 2>&1 | tee "$OUT/webgpu.log" | grep -v '^|'
  ;;
*)
  echo "usage: tools/gpu-check.sh a|b"; exit 2 ;;
esac
