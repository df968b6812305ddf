/**
 * Sizes `canvas` to `width` × `height` CSS pixels with a backing store of device pixels, so
 * that drawing stays sharp on high-density screens; returns the device pixel ratio to scale by.
 */
export function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number): number {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  return dpr;
}
