#!/bin/sh
# Tests of the Python tools (tools/tests). They need Debian's torch, torchvision
# and onnx under /usr/bin/python3 (or the Python in $GRADCAM_PYTHON), and Node
# with the repository's node_modules; without torch they are skipped.
cd "$(dirname "$0")/.." || exit 1
PY="${GRADCAM_PYTHON:-/usr/bin/python3}"
if ! command -v "$PY" >/dev/null 2>&1 || ! "$PY" -c 'import torch' >/dev/null 2>&1; then
  echo "tools tests skipped: $PY has no torch"
  exit 0
fi
if ! "$PY" -c 'import torchvision, onnx' >/dev/null 2>&1; then
  echo "tools tests skipped: $PY has torch but not torchvision and onnx (apt-get install python3-torchvision python3-onnx)"
  exit 0
fi
exec "$PY" -m unittest discover -s tools/tests -t tools/tests "$@"
