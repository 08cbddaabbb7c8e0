// The ranking key of top-k by magnitude, shared with assembly/topk.ts: the bits of |x| as an int,
// which order like |x| for non-negative floats. Every NaN maps to one key just above +Infinity
// (0x7f800000), so NaNs outrank everything and tie with each other (lower index wins).
export const ABS_MASK = 0x7fffffff;
export const NAN_KEY = 0x7f800001;
/** Radix digits: bits 30..20 first, then 19..10 and 9..0. */
export const HIST1 = 2048;
export const HIST2 = 1024;
