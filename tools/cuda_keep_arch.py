#!/usr/bin/python3
"""Blank the device code of every GPU architecture but one in a CUDA library.

    python3 tools/cuda_keep_arch.py IN.so OUT.so --arch 90

onnxruntime's CUDA provider (~230 MB) carries cubins for sm_75 ... sm_120 in its
.nv_fatbin section. A machine with one kind of GPU (sm_90: H100/H200) loads only
its own. Zeroing the others' payloads in place keeps every offset, header and
the host code byte-identical, and the zeros compress to nothing, so the library
fits a size-limited transfer to an offline machine. The CUDA driver picks the
cubin that matches the GPU; with no PTX in the library, a GPU of a blanked
architecture would fail to load kernels, so use the result only on --arch GPUs.
Prints what was kept and blanked.
"""

import argparse
import collections
import struct

FATBIN_MAGIC = 0xBA55ED50
KIND_ELF = 2


def section(data: bytes, wanted: str):
    """(offset, size) of an ELF64 section by name."""
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    headers = [struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize) for i in range(shnum)]
    names = headers[shstrndx][4]
    for name, _, _, _, offset, size in headers:
        end = data.index(b"\0", names + name)
        if data[names + name:end].decode() == wanted:
            return offset, size
    raise SystemExit(f"no {wanted} section: not a CUDA library")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("src")
    parser.add_argument("dst")
    parser.add_argument("--arch", type=int, default=90, help="SM version to keep (90 = Hopper)")
    args = parser.parse_args()
    data = bytearray(open(args.src, "rb").read())
    start, size = section(data, ".nv_fatbin")
    kept, blanked = collections.Counter(), collections.Counter()
    pos, end = start, start + size
    while pos + 16 <= end:
        magic, _, header_size, body_size = struct.unpack_from("<IHHQ", data, pos)
        if magic != FATBIN_MAGIC:  # padding between containers
            pos += 8
            continue
        entry, container_end = pos + header_size, pos + header_size + body_size
        while entry < container_end:
            kind, _, entry_header, payload = struct.unpack_from("<HHIQ", data, entry)
            arch, = struct.unpack_from("<I", data, entry + 28)
            body = entry + entry_header
            if kind != KIND_ELF or arch == args.arch:
                kept[(kind, arch)] += payload
            else:
                data[body:body + payload] = bytes(payload)
                blanked[arch] += payload
            entry = body + payload
        pos = container_end
    if not any(arch == args.arch for _, arch in kept):
        raise SystemExit(f"no sm_{args.arch} device code in {args.src}: nothing to keep")
    open(args.dst, "wb").write(data)
    mb = lambda n: f"{n / 1e6:.1f} MB"  # noqa: E731
    print("kept:", ", ".join(f"{'cubin' if k == KIND_ELF else 'ptx'} sm_{a} {mb(n)}" for (k, a), n in sorted(kept.items())))
    print("blanked:", ", ".join(f"sm_{a} {mb(n)}" for a, n in sorted(blanked.items())))


if __name__ == "__main__":
    main()
