export declare const poolImages: (pixels: Uint8Array, count: number, rows: number, cols: number, outRows: number, outCols: number) => Uint8Array;
