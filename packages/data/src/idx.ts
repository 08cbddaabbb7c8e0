/**
 * IDX, the file format of MNIST (yann.lecun.com/exdb/mnist): a 4-byte magic number
 * 0x00 0x00 <type> <number of dimensions>, one big-endian uint32 per dimension, then the data.
 * We read unsigned-byte files only (type 0x08), which is all MNIST uses, and keep the data as a
 * view on the caller's bytes: the 47 MB of training pixels are never copied or widened to floats.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { dataError, type DataError } from './errors.js';

export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;
const UBYTE = 0x08;

export interface IdxImages {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** count * rows * cols bytes, image-major then row-major: a view on the input bytes. */
  readonly pixels: Uint8Array;
}

export interface IdxLabels {
  readonly count: number;
  /** A view on the input bytes. */
  readonly labels: Uint8Array;
}

/** Node's Buffer is a Uint8Array, so file contents pass straight in. */
export type Bytes = ArrayBuffer | Uint8Array;

const asUint8 = (bytes: Bytes): Uint8Array => (bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

interface Header {
  readonly dims: readonly number[];
  readonly headerBytes: number;
}

/** Magic number and dimensions, checked against what the caller expects to find. */
const readHeader = (file: string, u8: Uint8Array, expectedMagic: number, kind: string, dimNames: string): Either<DataError, Header> => {
  if (u8.byteLength < 4) {
    return left(dataError(file, `truncated: ${u8.byteLength} bytes, too short for the 4-byte IDX magic number`));
  }
  const view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const magic = view.getUint32(0, false);
  const expectedDims = expectedMagic & 0xff;
  if (u8[0] !== 0 || u8[1] !== 0 || u8[2] !== UBYTE) {
    return left(dataError(file, `bad magic number ${hex(magic)}: expected ${hex(expectedMagic)} (unsigned bytes, ${expectedDims} dimension${expectedDims > 1 ? 's' : ''}) for an IDX ${kind} file`));
  }
  const ndims = u8[3];
  if (ndims !== expectedDims) {
    return left(dataError(file, `wrong dimensions: magic number ${hex(magic)} declares ${ndims} dimension${ndims === 1 ? '' : 's'} but an IDX ${kind} file has ${expectedDims} (${dimNames})`));
  }
  const headerBytes = 4 + 4 * ndims;
  if (u8.byteLength < headerBytes) {
    return left(dataError(file, `truncated: ${u8.byteLength} bytes, shorter than the ${headerBytes}-byte IDX header`));
  }
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d, false));
  return right({ dims, headerBytes });
};

/** The file must hold exactly what its header promises: no truncation, no trailing bytes. */
const checkLength = (file: string, u8: Uint8Array, header: Header, promise: string): Either<DataError, number> => {
  const dataBytes = header.dims.reduce((a, b) => a * b, 1);
  const expected = header.headerBytes + dataBytes;
  if (u8.byteLength < expected) {
    return left(dataError(file, `truncated: header says ${promise} (${expected} bytes) but the file has ${u8.byteLength} bytes`));
  }
  if (u8.byteLength > expected) {
    return left(dataError(file, `oversized: header says ${promise} (${expected} bytes) but the file has ${u8.byteLength} bytes (${u8.byteLength - expected} too many)`));
  }
  return right(dataBytes);
};

/** An IDX image file (magic 0x00000803: count, rows, cols). */
export const parseIdxImages = (file: string, bytes: Bytes): Either<DataError, IdxImages> => {
  const u8 = asUint8(bytes);
  const header = readHeader(file, u8, IDX_IMAGES_MAGIC, 'image', 'count, rows, cols');
  if (header._tag === 'Left') return header;
  const [count, rows, cols] = header.right.dims;
  if (rows === 0 || cols === 0) {
    return left(dataError(file, `wrong dimensions: images of ${rows}x${cols} pixels`));
  }
  const length = checkLength(file, u8, header.right, `${count} images of ${rows}x${cols}`);
  if (length._tag === 'Left') return length;
  const pixels = u8.subarray(header.right.headerBytes, header.right.headerBytes + length.right);
  return right({ count, rows, cols, pixels });
};

/** An IDX label file (magic 0x00000801: count). */
export const parseIdxLabels = (file: string, bytes: Bytes): Either<DataError, IdxLabels> => {
  const u8 = asUint8(bytes);
  const header = readHeader(file, u8, IDX_LABELS_MAGIC, 'label', 'count');
  if (header._tag === 'Left') return header;
  const [count] = header.right.dims;
  const length = checkLength(file, u8, header.right, `${count} labels`);
  if (length._tag === 'Left') return length;
  const labels = u8.subarray(header.right.headerBytes, header.right.headerBytes + length.right);
  return right({ count, labels });
};

/** Inverse of the parsers, for fixtures and for exporting a subset in MNIST's own format. */
export const encodeIdxImages = (pixels: Uint8Array, count: number, rows: number, cols: number): Uint8Array => {
  const out = new Uint8Array(16 + pixels.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, IDX_IMAGES_MAGIC, false);
  view.setUint32(4, count, false);
  view.setUint32(8, rows, false);
  view.setUint32(12, cols, false);
  out.set(pixels, 16);
  return out;
};

export const encodeIdxLabels = (labels: Uint8Array): Uint8Array => {
  const out = new Uint8Array(8 + labels.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, IDX_LABELS_MAGIC, false);
  view.setUint32(4, labels.byteLength, false);
  out.set(labels, 8);
  return out;
};
