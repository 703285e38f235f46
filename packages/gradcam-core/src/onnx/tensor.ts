/** Tensor constants: element bytes in one canonical form (little-endian `raw`), and builders. */
import { DataType, type Tensor } from './ir';
import { repeatedFloats, repeatedVarints, type WireField } from './wire';

const ELEMENT_BYTES: Partial<Record<DataType, number>> = {
  [DataType.FLOAT]: 4,
  [DataType.UINT8]: 1,
  [DataType.INT8]: 1,
  [DataType.UINT16]: 2,
  [DataType.INT16]: 2,
  [DataType.INT32]: 4,
  [DataType.INT64]: 8,
  [DataType.BOOL]: 1,
  [DataType.FLOAT16]: 2,
  [DataType.DOUBLE]: 8,
  [DataType.UINT32]: 4,
  [DataType.UINT64]: 8,
};

const FIELD = { floatData: 4, int32Data: 5, int64Data: 7, rawData: 9, doubleData: 10, uint64Data: 11, externalData: 13, dataLocation: 14 } as const;

export class UnsupportedTensorError extends Error {
  override name = 'UnsupportedTensorError';
}

const elementCount = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/**
 * Moves a TensorProto's elements, stored in whichever typed field the exporter chose, into
 * little-endian bytes. Fields not about the data are returned in `rest`.
 */
export function tensorRawFromFields(
  fields: WireField[],
  dims: number[],
  dataType: DataType,
  name: string,
): { raw: Uint8Array; rest: WireField[] } {
  const handled = new Set<number>([1, 2, 8, FIELD.floatData, FIELD.int32Data, FIELD.int64Data, FIELD.rawData, FIELD.doubleData, FIELD.uint64Data]);
  const rest = fields.filter((f) => !handled.has(f.no));
  if (fields.some((f) => f.no === FIELD.externalData)) {
    throw new UnsupportedTensorError(`tensor '${name}' keeps its data in an external file; save the model with the weights inside (onnx.save(..., save_as_external_data=False))`);
  }
  const rawField = fields.filter((f) => f.no === FIELD.rawData).pop();
  if (rawField) return { raw: rawField.bytes!, rest };

  const size = ELEMENT_BYTES[dataType];
  if (size === undefined) return { raw: new Uint8Array(0), rest }; // strings: not used by the compiler
  const n = elementCount(dims);
  const raw = new Uint8Array(n * size);
  const view = new DataView(raw.buffer);
  if (dataType === DataType.FLOAT) repeatedFloats(fields, FIELD.floatData).forEach((v, i) => view.setFloat32(i * 4, v, true));
  else if (dataType === DataType.DOUBLE) {
    fields.filter((f) => f.no === FIELD.doubleData).forEach((f) => raw.set(f.bytes!.subarray(0, raw.length)));
  } else if (dataType === DataType.INT64 || dataType === DataType.UINT64) {
    const no = dataType === DataType.INT64 ? FIELD.int64Data : FIELD.uint64Data;
    repeatedVarints(fields, no).forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  } else {
    // int32_data carries every narrower integer type, bool and float16 bits.
    repeatedVarints(fields, FIELD.int32Data).forEach((v, i) => {
      if (size === 4) view.setInt32(i * 4, v, true);
      else if (size === 2) view.setUint16(i * 2, v & 0xffff, true);
      else view.setUint8(i, v & 0xff);
    });
  }
  return { raw, rest };
}

/** Elements of a numeric tensor as JS numbers (for small constants: shapes, axes, scalars). */
export function tensorValues(t: Tensor): number[] {
  const view = new DataView(t.raw.buffer, t.raw.byteOffset, t.raw.byteLength);
  const n = elementCount(t.dims);
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    switch (t.dataType) {
      case DataType.FLOAT: out[i] = view.getFloat32(i * 4, true); break;
      case DataType.DOUBLE: out[i] = view.getFloat64(i * 8, true); break;
      case DataType.INT64: out[i] = Number(view.getBigInt64(i * 8, true)); break;
      case DataType.UINT64: out[i] = Number(view.getBigUint64(i * 8, true)); break;
      case DataType.INT32: out[i] = view.getInt32(i * 4, true); break;
      case DataType.UINT32: out[i] = view.getUint32(i * 4, true); break;
      case DataType.INT16: out[i] = view.getInt16(i * 2, true); break;
      case DataType.UINT16: out[i] = view.getUint16(i * 2, true); break;
      case DataType.INT8: out[i] = view.getInt8(i); break;
      case DataType.UINT8:
      case DataType.BOOL: out[i] = view.getUint8(i); break;
      default:
        throw new UnsupportedTensorError(`tensor '${t.name}': reading elements of data type ${DataType[t.dataType]} is not supported`);
    }
  }
  return out;
}

/** Float32 view of a FLOAT tensor's elements (copies when the bytes are unaligned). */
export function floatValues(t: Tensor): Float32Array {
  if (t.dataType !== DataType.FLOAT) throw new UnsupportedTensorError(`tensor '${t.name}' is ${DataType[t.dataType]}, expected FLOAT`);
  const copy = t.raw.slice();
  return new Float32Array(copy.buffer, 0, copy.length / 4);
}

export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): Tensor {
  const data = values instanceof Float32Array ? values : Float32Array.from(values);
  return { name, dims, dataType: DataType.FLOAT, raw: new Uint8Array(data.buffer), extra: [] };
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** int64 from a JS number; ±2^63 and beyond (e.g. "slice to the end" markers) clamp instead of wrapping. */
function toInt64(v: number): bigint {
  if (v >= 2 ** 63) return INT64_MAX;
  if (v <= -(2 ** 63)) return INT64_MIN;
  return BigInt(v);
}

export function int64Tensor(name: string, dims: number[], values: readonly number[]): Tensor {
  const data = BigInt64Array.from(values.map(toInt64));
  return { name, dims, dataType: DataType.INT64, raw: new Uint8Array(data.buffer), extra: [] };
}
