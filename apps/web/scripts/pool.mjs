/**
 * Average pooling of byte images to a coarse grid, e.g. MNIST's 28x28 to 3x3 = 9 input nodes for the
 * blog-sized wiring demo. Cells split the image as evenly as integers allow (28 -> 9, 9, 10 rows);
 * each pooled pixel is its cell's mean, rounded, so the result stays one byte per pixel.
 *
 * @param {Uint8Array} pixels count * rows * cols bytes, image-major then row-major
 * @returns {Uint8Array} count * outRows * outCols bytes
 */
export const poolImages = (pixels, count, rows, cols, outRows, outCols) => {
  const ok = (n, max) => Number.isInteger(n) && n > 0 && n <= max;
  if (!ok(outRows, rows) || !ok(outCols, cols)) throw new RangeError(`poolImages: cannot pool ${rows}x${cols} images to ${outRows}x${outCols}`);
  if (pixels.length !== count * rows * cols) throw new RangeError(`poolImages: ${pixels.length} bytes are not ${count} images of ${rows}x${cols}`);
  const rowEdge = Array.from({ length: outRows + 1 }, (_, i) => Math.floor((i * rows) / outRows));
  const colEdge = Array.from({ length: outCols + 1 }, (_, j) => Math.floor((j * cols) / outCols));
  const out = new Uint8Array(count * outRows * outCols);
  const band = new Float64Array(cols);
  for (let n = 0; n < count; n++) {
    const img = n * rows * cols;
    for (let i = 0; i < outRows; i++) {
      band.fill(0);
      for (let r = rowEdge[i]; r < rowEdge[i + 1]; r++) {
        for (let c = 0; c < cols; c++) band[c] += pixels[img + r * cols + c];
      }
      const height = rowEdge[i + 1] - rowEdge[i];
      for (let j = 0; j < outCols; j++) {
        let s = 0;
        for (let c = colEdge[j]; c < colEdge[j + 1]; c++) s += band[c];
        out[(n * outRows + i) * outCols + j] = Math.round(s / (height * (colEdge[j + 1] - colEdge[j])));
      }
    }
  }
  return out;
};
