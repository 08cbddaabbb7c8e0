/**
 * Float32Array <-> base64 of its little-endian bytes: exact (every bit survives, NaN payloads too),
 * a third the size of decimal JSON, and the same in Node and browsers (btoa/atob).
 */
const CHUNK = 0x8000;

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

interface NodeBufferLike {
  from(buffer: ArrayBuffer, offset: number, length: number): { toString(encoding: 'base64'): string };
}
// Node's Buffer encodes base64 natively, many times faster than btoa over a char string (a rewire
// event carries 35k weights); browsers take the portable path.
const NodeBuffer = (globalThis as { Buffer?: NodeBufferLike }).Buffer;

export const floatsToBase64 = (a: Float32Array): string => {
  const copy = new Float32Array(a);
  if (NodeBuffer !== undefined && littleEndian) return NodeBuffer.from(copy.buffer, 0, copy.byteLength).toString('base64');
  const bytes = new Uint8Array(copy.buffer);
  if (!littleEndian) for (let i = 0; i < bytes.length; i += 4) bytes.subarray(i, i + 4).reverse();
  let s = '';
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(s);
};

/** Null when `b64` is not base64 of a whole number of floats. */
export const base64ToFloats = (b64: string): Float32Array | null => {
  let s: string;
  try {
    s = atob(b64);
  } catch {
    return null;
  }
  if (s.length % 4 !== 0) return null;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  if (!littleEndian) for (let i = 0; i < bytes.length; i += 4) bytes.subarray(i, i + 4).reverse();
  return new Float32Array(bytes.buffer);
};
