/**
 * Protocol Buffers wire format, just enough to read and write ONNX files.
 *
 * Messages are read into ordered field lists so that fields this package does not model
 * (doc strings, metadata, training info, future additions) survive a load/save round trip.
 */

export const enum WireType {
  Varint = 0,
  Fixed64 = 1,
  LengthDelimited = 2,
  Fixed32 = 5,
}

export interface WireField {
  no: number;
  wireType: WireType;
  /** Varint value (wire type 0). */
  varint?: bigint;
  /** Payload of a length-delimited field, or the raw 4/8 bytes of a fixed field. */
  bytes?: Uint8Array;
}

export class WireFormatError extends Error {
  override name = 'WireFormatError';
}

function readVarint(buf: Uint8Array, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new WireFormatError('truncated varint');
    const byte = buf[pos++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
  throw new WireFormatError('varint longer than 10 bytes');
}

/** Splits one message into its fields, in file order. Throws WireFormatError on malformed input. */
export function readFields(buf: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, afterKey] = readVarint(buf, pos);
    pos = afterKey;
    const no = Number(key >> 3n);
    const wireType = Number(key & 7n) as WireType;
    if (no === 0) throw new WireFormatError('field number 0');
    switch (wireType) {
      case WireType.Varint: {
        const [value, next] = readVarint(buf, pos);
        fields.push({ no, wireType, varint: value });
        pos = next;
        break;
      }
      case WireType.Fixed64:
      case WireType.Fixed32: {
        const size = wireType === WireType.Fixed64 ? 8 : 4;
        if (pos + size > buf.length) throw new WireFormatError('truncated fixed field');
        fields.push({ no, wireType, bytes: buf.subarray(pos, pos + size) });
        pos += size;
        break;
      }
      case WireType.LengthDelimited: {
        const [len, next] = readVarint(buf, pos);
        const end = next + Number(len);
        if (end > buf.length) throw new WireFormatError(`field ${no} runs past the end of its message`);
        fields.push({ no, wireType, bytes: buf.subarray(next, end) });
        pos = end;
        break;
      }
      default:
        throw new WireFormatError(`unsupported wire type ${wireType as number} (field ${no})`);
    }
  }
  return fields;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8Encoder = new TextEncoder();

export const decodeString = (bytes: Uint8Array): string => utf8.decode(bytes);

/** int64 fields: two's complement in a varint. */
export const varintToInt = (v: bigint): number => Number(BigInt.asIntN(64, v));

/** Values of a repeated varint field, packed or not. */
export function repeatedVarints(fields: WireField[], no: number): number[] {
  const out: number[] = [];
  for (const f of fields) {
    if (f.no !== no) continue;
    if (f.wireType === WireType.Varint) out.push(varintToInt(f.varint!));
    else if (f.wireType === WireType.LengthDelimited) {
      let pos = 0;
      const b = f.bytes!;
      while (pos < b.length) {
        const [v, next] = readVarint(b, pos);
        out.push(varintToInt(v));
        pos = next;
      }
    }
  }
  return out;
}

/** Values of a repeated float field, packed or not. */
export function repeatedFloats(fields: WireField[], no: number): number[] {
  const out: number[] = [];
  for (const f of fields) {
    if (f.no !== no) continue;
    const b = f.bytes!;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let pos = 0; pos + 4 <= b.length; pos += 4) out.push(view.getFloat32(pos, true));
  }
  return out;
}

export function fixed32ToFloat(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getFloat32(0, true);
}

/** Builds one message; nested messages are written with `message(no, writer)`. */
export class ProtoWriter {
  private chunks: Uint8Array[] = [];
  private length = 0;

  private push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  private varintBytes(value: bigint): Uint8Array {
    let v = BigInt.asUintN(64, value);
    const out: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      out.push(byte);
    } while (v !== 0n);
    return Uint8Array.from(out);
  }

  private key(no: number, wireType: WireType): void {
    this.push(this.varintBytes(BigInt((no << 3) | wireType)));
  }

  int(no: number, value: number | bigint): this {
    this.key(no, WireType.Varint);
    this.push(this.varintBytes(BigInt(value)));
    return this;
  }

  bytes(no: number, value: Uint8Array): this {
    this.key(no, WireType.LengthDelimited);
    this.push(this.varintBytes(BigInt(value.length)));
    this.push(value);
    return this;
  }

  string(no: number, value: string): this {
    return this.bytes(no, utf8Encoder.encode(value));
  }

  float(no: number, value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.key(no, WireType.Fixed32);
    this.push(b);
    return this;
  }

  packedInts(no: number, values: readonly number[]): this {
    const w = new ProtoWriter();
    for (const v of values) w.push(w.varintBytes(BigInt(v)));
    return this.bytes(no, w.finish());
  }

  packedFloats(no: number, values: readonly number[]): this {
    const b = new Uint8Array(values.length * 4);
    const view = new DataView(b.buffer);
    values.forEach((v, i) => view.setFloat32(i * 4, v, true));
    return this.bytes(no, b);
  }

  message(no: number, build: (w: ProtoWriter) => void): this {
    const w = new ProtoWriter();
    build(w);
    return this.bytes(no, w.finish());
  }

  /** Writes fields kept verbatim from a decoded message. */
  raw(fields: readonly WireField[]): this {
    for (const f of fields) {
      this.key(f.no, f.wireType);
      if (f.wireType === WireType.Varint) this.push(this.varintBytes(f.varint!));
      else if (f.wireType === WireType.LengthDelimited) {
        this.push(this.varintBytes(BigInt(f.bytes!.length)));
        this.push(f.bytes!);
      } else this.push(f.bytes!);
    }
    return this;
  }

  finish(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0]!;
    const out = new Uint8Array(this.length);
    let pos = 0;
    for (const c of this.chunks) {
      out.set(c, pos);
      pos += c.length;
    }
    this.chunks = [out];
    return out;
  }
}
