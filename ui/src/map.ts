// A tract map on Canvas 2D (WebGL may be off in WebKitGTK): tracts as
// outlines where the project holds boundaries and as squares at their
// centroids otherwise (and where an outline is too small on screen to show
// its shape), coloured by class; wheel or +/− to zoom, drag or arrow
// keys to pan, hover to ask, click to choose. No tiles: it works offline.

import { sizeCanvas } from "./canvas";

/** One tract as drawn: where it is, its class colour, and whether it is picked out. */
export interface MapTract {
  tract: string;
  lon: number;
  lat: number;
  /** Rings `[lon, lat, …]`; empty: a square at the centroid. */
  rings: number[][];
}

export interface MapPaint {
  /** Each tract's fill, by position in the tracts given to the map. */
  colors: string[];
  /** Tracts outlined in the highlight colour (a supertract's members). */
  highlighted: Set<number>;
}

interface World {
  x: Float64Array;
  y: Float64Array;
  /** Outlines in world units, one Path2D per tract (null: drawn as a square). */
  paths: (Path2D | null)[];
  /** Bounding boxes of outlines: minX, minY, maxX, maxY per tract. */
  boxes: Float64Array;
  extent: [number, number, number, number];
}

const HIGHLIGHT = "#111111";
/** Tract edges: visible on the palest class and on the darkest. */
const OUTLINE = "rgba(90,90,90,0.45)";
/** Tracts without a figure. */
export const MISSING = "#bdbdbd";
/** An outline smaller than this on screen (device pixels) is drawn as a square of its size. */
const OUTLINE_FROM = 4;
/** Edges are drawn on outlines at least this big (device pixels). */
const EDGES_FROM = 10;

/** "#rrggbb" as a pixel of a little-endian RGBA buffer. */
const rgba = new Map<string, number>();
function pixelOf(color: string): number {
  let v = rgba.get(color);
  if (v === undefined) {
    const m = /^#([0-9a-f]{6})$/i.exec(color);
    const n = m ? parseInt(m[1], 16) : 0xbdbdbd;
    v = (0xff000000 | ((n & 0xff) << 16) | (n & 0xff00) | ((n >> 16) & 0xff)) >>> 0;
    rgba.set(color, v);
  }
  return v;
}

/** Equirectangular with longitude shrunk by the cosine of the mean latitude; y grows downwards. */
function project(tracts: MapTract[]): World {
  const n = tracts.length;
  const lat0 = n ? tracts.reduce((a, t) => a + t.lat, 0) / n : 0;
  const k = Math.max(0.05, Math.cos((lat0 * Math.PI) / 180));
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const boxes = new Float64Array(n * 4);
  const paths: (Path2D | null)[] = [];
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  tracts.forEach((t, i) => {
    x[i] = t.lon * k;
    y[i] = -t.lat;
    let [bx0, by0, bx1, by1] = [x[i], y[i], x[i], y[i]];
    if (t.rings.length) {
      const p = new Path2D();
      for (const ring of t.rings) {
        for (let j = 0; j < ring.length; j += 2) {
          const [px, py] = [ring[j] * k, -ring[j + 1]];
          if (j === 0) p.moveTo(px, py);
          else p.lineTo(px, py);
          bx0 = Math.min(bx0, px);
          bx1 = Math.max(bx1, px);
          by0 = Math.min(by0, py);
          by1 = Math.max(by1, py);
        }
        p.closePath();
      }
      paths.push(p);
    } else paths.push(null);
    boxes.set([bx0, by0, bx1, by1], i * 4);
    [x0, y0, x1, y1] = [Math.min(x0, bx0), Math.min(y0, by0), Math.max(x1, bx1), Math.max(y1, by1)];
  });
  if (!Number.isFinite(x0)) [x0, y0, x1, y1] = [0, 0, 1, 1];
  return { x, y, paths, boxes, extent: [x0, y0, x1, y1] };
}

export class TractMap {
  readonly canvas: HTMLCanvasElement;
  private world: World;
  private paint: MapPaint = { colors: [], highlighted: new Set() };
  /** The squares' pixels, kept between redraws of the same size. */
  private pixels: ImageData | null = null;
  /** World → screen: screen = (world - origin) * scale. */
  private scale = 1;
  private origin: [number, number] = [0, 0];
  private readonly ctx: CanvasRenderingContext2D;
  /** How long the last redraw took, in milliseconds. */
  lastRedrawMs = 0;
  /** What the last redraw drew: tracts as squares, and as outlines. */
  drawn = { squares: 0, outlines: 0 };

  constructor(
    readonly tracts: MapTract[],
    private readonly onHover: (index: number | null, at: [number, number]) => void,
    private readonly onPick: (index: number) => void,
  ) {
    this.world = project(tracts);
    this.canvas = document.createElement("canvas");
    this.canvas.className = "map-canvas";
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute("role", "img");
    this.ctx = this.canvas.getContext("2d")!;
    this.listen();
  }

  /** Sizes the canvas to its box and fits the whole area. */
  fit(width: number, height: number): void {
    sizeCanvas(this.canvas, width, height);
    const [x0, y0, x1, y1] = this.world.extent;
    const pad = 16;
    this.scale = Math.min((width - 2 * pad) / Math.max(x1 - x0, 1e-6), (height - 2 * pad) / Math.max(y1 - y0, 1e-6));
    this.origin = [(x0 + x1) / 2 - width / 2 / this.scale, (y0 + y1) / 2 - height / 2 / this.scale];
    this.draw();
  }

  setPaint(paint: MapPaint): void {
    this.paint = paint;
    this.draw();
  }

  /** Zooms by `factor` about the screen point `at` (CSS pixels). */
  zoom(factor: number, at?: [number, number]): void {
    const [cx, cy] = at ?? [this.canvas.clientWidth / 2, this.canvas.clientHeight / 2];
    const [wx, wy] = this.toWorld(cx, cy);
    this.scale *= factor;
    this.origin = [wx - cx / this.scale, wy - cy / this.scale];
    this.draw();
  }

  pan(dx: number, dy: number): void {
    this.origin = [this.origin[0] - dx / this.scale, this.origin[1] - dy / this.scale];
    this.draw();
  }

  /** Moves the view so that tract `i`'s centroid is in the middle. */
  centre(i: number): void {
    const [w, h] = [this.canvas.clientWidth, this.canvas.clientHeight];
    this.origin = [this.world.x[i] - w / 2 / this.scale, this.world.y[i] - h / 2 / this.scale];
    this.draw();
  }

  /** The screen position (CSS pixels) of tract `i`'s centroid. */
  screenOf(i: number): [number, number] {
    return [(this.world.x[i] - this.origin[0]) * this.scale, (this.world.y[i] - this.origin[1]) * this.scale];
  }

  private toWorld(sx: number, sy: number): [number, number] {
    return [sx / this.scale + this.origin[0], sy / this.scale + this.origin[1]];
  }

  /** Square size in CSS pixels: smaller as tracts crowd. */
  private dot(): number {
    const n = this.tracts.length;
    return n > 20000 ? 2 : n > 2000 ? 3 : 6;
  }

  draw(): void {
    const t0 = performance.now();
    const ctx = this.ctx;
    const dpr = this.canvas.width / Math.max(1, this.canvas.clientWidth || this.canvas.width);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const { x, y, paths, boxes } = this.world;
    const colors = this.paint.colors;
    const s = this.scale * dpr;
    const [ox, oy] = this.origin;
    const [w, hgt] = [this.canvas.width, this.canvas.height];
    // Squares (tracts without an outline, and outlines too small to see as shapes) are
    // written straight into one pixel buffer: 70,000 of them in a few milliseconds, where
    // as many canvas paths take a hundred.
    if (!this.pixels || this.pixels.width !== w || this.pixels.height !== hgt)
      this.pixels = ctx.createImageData(w, hgt);
    const buf = new Uint32Array(this.pixels.data.buffer);
    buf.fill(0);
    const dot = Math.max(1, Math.round(this.dot() * dpr));
    const shapes: number[] = [];
    let squares = 0;
    for (let i = 0; i < x.length; i++) {
      let size = dot;
      if (paths[i]) {
        const bw = (boxes[i * 4 + 2] - boxes[i * 4]) * s;
        const bh = (boxes[i * 4 + 3] - boxes[i * 4 + 1]) * s;
        if (Math.max(bw, bh) >= OUTLINE_FROM) {
          const [l, t] = [(boxes[i * 4] - ox) * s, (boxes[i * 4 + 1] - oy) * s];
          if (l + bw >= 0 && t + bh >= 0 && l <= w && t <= hgt) shapes.push(i);
          continue;
        }
        size = Math.max(1, Math.round(Math.max(bw, bh)));
      }
      const x0 = Math.round((x[i] - ox) * s - size / 2);
      const y0 = Math.round((y[i] - oy) * s - size / 2);
      if (x0 + size <= 0 || y0 + size <= 0 || x0 >= w || y0 >= hgt) continue;
      const px = pixelOf(colors[i] ?? MISSING);
      for (let yy = Math.max(0, y0); yy < Math.min(hgt, y0 + size); yy++) {
        const row = yy * w;
        buf.fill(px, row + Math.max(0, x0), row + Math.min(w, x0 + size));
      }
      squares++;
    }
    if (squares) ctx.putImageData(this.pixels, 0, 0);
    // Outlines in world units under the view's transform; holes by the even-odd rule.
    if (shapes.length) {
      ctx.setTransform(s, 0, 0, s, -ox * s, -oy * s);
      ctx.lineWidth = 1 / s;
      ctx.strokeStyle = OUTLINE;
      for (const i of shapes) {
        ctx.fillStyle = colors[i] ?? MISSING;
        ctx.fill(paths[i]!, "evenodd");
        const size = Math.max(boxes[i * 4 + 2] - boxes[i * 4], boxes[i * 4 + 3] - boxes[i * 4 + 1]) * s;
        if (size >= EDGES_FROM) ctx.stroke(paths[i]!);
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
    }
    this.drawn = { squares, outlines: shapes.length };
    // The picked supertract, on top.
    if (this.paint.highlighted.size) {
      ctx.strokeStyle = HIGHLIGHT;
      ctx.lineWidth = 2 * dpr;
      for (const i of this.paint.highlighted) {
        const p = paths[i];
        if (p) {
          ctx.setTransform(s, 0, 0, s, -ox * s, -oy * s);
          ctx.lineWidth = (2 * dpr) / s;
          ctx.stroke(p);
          ctx.setTransform(1, 0, 0, 1, 0, 0);
        } else {
          const r = dot / 2 + 2 * dpr;
          ctx.lineWidth = 2 * dpr;
          ctx.strokeRect((x[i] - ox) * s - r, (y[i] - oy) * s - r, 2 * r, 2 * r);
        }
      }
    }
    this.lastRedrawMs = performance.now() - t0;
  }

  /** The tract under the screen point (CSS pixels): the outline holding it, else the nearest square within reach. */
  hit(sx: number, sy: number): number | null {
    const [wx, wy] = this.toWorld(sx, sy);
    const { x, y, paths, boxes } = this.world;
    const ctx = this.ctx;
    for (let i = 0; i < paths.length; i++) {
      const p = paths[i];
      if (!p || wx < boxes[i * 4] || wx > boxes[i * 4 + 2] || wy < boxes[i * 4 + 1] || wy > boxes[i * 4 + 3]) continue;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      if (ctx.isPointInPath(p, wx, wy, "evenodd")) return i;
    }
    const reach = (this.dot() / 2 + 3) / this.scale;
    let best: number | null = null;
    let bestD = reach * reach;
    for (let i = 0; i < x.length; i++) {
      if (paths[i]) continue;
      const d = (x[i] - wx) ** 2 + (y[i] - wy) ** 2;
      if (d <= bestD) [best, bestD] = [i, d];
    }
    return best;
  }

  private listen(): void {
    const c = this.canvas;
    let drag: [number, number] | null = null;
    let moved = false;
    const local = (e: MouseEvent): [number, number] => {
      const r = c.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    c.addEventListener("wheel", (e) => {
      e.preventDefault();
      this.zoom(e.deltaY < 0 ? 1.25 : 0.8, local(e));
    });
    c.addEventListener("mousedown", (e) => {
      drag = local(e);
      moved = false;
    });
    window.addEventListener("mouseup", () => (drag = null));
    c.addEventListener("mousemove", (e) => {
      const at = local(e);
      if (drag && (e.buttons & 1) === 1) {
        const [dx, dy] = [at[0] - drag[0], at[1] - drag[1]];
        if (Math.abs(dx) + Math.abs(dy) > 2) moved = true;
        if (moved) {
          this.pan(dx, dy);
          drag = at;
          return;
        }
      }
      this.onHover(this.hit(...at), at);
    });
    c.addEventListener("mouseleave", () => this.onHover(null, [0, 0]));
    c.addEventListener("click", (e) => {
      if (moved) return;
      const i = this.hit(...local(e));
      if (i !== null) this.onPick(i);
    });
    c.addEventListener("keydown", (e) => {
      const step = 40;
      const keys: Record<string, () => void> = {
        ArrowLeft: () => this.pan(step, 0),
        ArrowRight: () => this.pan(-step, 0),
        ArrowUp: () => this.pan(0, step),
        ArrowDown: () => this.pan(0, -step),
        "+": () => this.zoom(1.25),
        "=": () => this.zoom(1.25),
        "-": () => this.zoom(0.8),
      };
      const act = keys[e.key];
      if (act) {
        e.preventDefault();
        act();
      }
    });
  }
}
