// @ts-check
/**
 * The camera decoder's hard test set: synthetic 640x480 frames of a voucher
 * QR (version 10–16, level M, the size a wallet shows) on a phone-screen mock,
 * distorted the ways a counter camera distorts them: perspective, rotation,
 * blur, sensor noise, glare, low contrast, screen moiré, JPEG at quality
 * 30–90, small modules; plus frames with two codes (reading order) and
 * damaged codes that must read as "no code". Deterministic: the same seed
 * gives the same bytes.
 *
 *   node scripts/camera-set.mjs [OUT_DIR] [--count N] [--seed S]
 *
 * writes OUT_DIR/synthetic/NNN-category.{png,jpg} and OUT_DIR/synthetic/manifest.json
 * (default OUT_DIR var/camera-set). Real photos live apart, in
 * fixtures/camera/real/ (see its README), and are never mixed with these.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import QRCode from 'qrcode';

export const WIDTH = 640;
export const HEIGHT = 480;

export const CATEGORIES = ['perspective', 'rotation', 'blur', 'noise', 'glare', 'low-contrast', 'moire', 'small-modules', 'mixed', 'multi', 'damaged'];

/** @param {number} seed */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const range = (/** @type {number} */ lo, /** @type {number} */ hi) => lo + (hi - lo) * next();
  const int = (/** @type {number} */ lo, /** @type {number} */ hi) => Math.floor(range(lo, hi + 1));
  const gauss = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
  return { next, range, int, gauss, pick: (/** @type {any[]} */ xs) => xs[Math.floor(next() * xs.length)] };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Byte-mode capacity at level M, versions 9..16. */
const CAPACITY_M = { 9: 180, 10: 213, 11: 251, 12: 287, 13: 331, 14: 362, 15: 412, 16: 450 };

/** A voucher-shaped token (YBV1: + three base64url parts) that fills version `v` at level M. */
export function voucherText(/** @type {ReturnType<typeof prng>} */ r, /** @type {number} */ v) {
  const len = r.int(CAPACITY_M[/** @type {9} */ (v - 1)] + 1, CAPACITY_M[/** @type {10} */ (v)]) - 5;
  let s = '';
  for (let i = 0; i < len; i++) s += B64[r.int(0, 63)];
  const a = Math.floor(len * 0.15);
  const b = Math.floor(len * 0.6);
  return `YBV1:${s.slice(0, a)}.${s.slice(a + 1, b)}.${s.slice(b + 1)}`;
}

/** A QR's modules as rows of 0/1 plus which are function patterns. */
export function qrModules(/** @type {string} */ text, /** @type {number | undefined} */ version) {
  const q = QRCode.create(text, { errorCorrectionLevel: 'M', ...(version ? { version } : {}) });
  const n = q.modules.size;
  return { n, dark: (/** @type {number} */ r, /** @type {number} */ c) => q.modules.data[r * n + c] === 1, reserved: (/** @type {number} */ r, /** @type {number} */ c) => q.modules.reservedBit[r * n + c] === 1 };
}

/** Solves the homography taking the 4 `src` points to the 4 `dst` points (8x8 Gaussian elimination). */
export function homography(/** @type {number[][]} */ src, /** @type {number[][]} */ dst) {
  /** @type {number[][]} */
  const m = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i];
    const [u, v] = dst[i];
    m.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    m.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k < 9; k++) m[r][k] -= f * m[c][k];
    }
  }
  const h = m.map((row, i) => row[8] / row[i]);
  return [...h, 1];
}

/**
 * The phone in its own plane, in module units. Returns a sampler
 * (x, y) → luma for points on the phone plane, and its outline.
 */
function phoneScene(/** @type {{ n: number, dark: (r: number, c: number) => boolean }[]} */ codes, /** @type {ReturnType<typeof prng>} */ r, /** @type {{ moire: number, quiet: number }} */ opts) {
  const n = codes[0].n;
  const quiet = opts.quiet;
  const span = n + 2 * quiet;
  const screenW = codes.length === 1 ? span * 1.3 : span * 2.5;
  const screenH = codes.length === 1 ? screenW * 2 : screenW * 0.9;
  const bezel = screenW * 0.05;
  const W = screenW + 2 * bezel;
  const H = screenH + 2 * bezel;
  const codeTop = bezel + screenH * (codes.length === 1 ? 0.3 : 0.2);
  const slots = codes.map((code, i) => ({ code, x0: bezel + (codes.length === 1 ? (screenW - code.n) / 2 : screenW * (i === 0 ? 0.25 : 0.75) - code.n / 2), y0: codeTop + quiet }));
  const paper = r.int(225, 250);
  const ink = r.int(10, 40);
  const header = r.int(90, 170);
  const body = r.int(15, 45);
  const pitch = screenW / 1080; // screen pixels per module: a 1080-wide phone screen
  /** @param {number} x @param {number} y */
  const sample = (x, y) => {
    if (x < 0 || y < 0 || x >= W || y >= H) return -1;
    const sx = x - bezel;
    const sy = y - bezel;
    if (sx < 0 || sy < 0 || sx >= screenW || sy >= screenH) return body;
    let v = paper;
    if (sy < screenH * 0.12) v = header;
    else if (sy > codeTop + span + 2 && sy < codeTop + span + 2 + screenH * 0.2 && Math.floor((sy - codeTop - span) / 3) % 2 === 0 && sx > screenW * 0.15 && sx < screenW * 0.85) v = 150;
    for (const s of slots) {
      const cx = Math.floor(x - s.x0);
      const cy = Math.floor(y - s.y0);
      if (cx >= 0 && cy >= 0 && cx < s.code.n && cy < s.code.n && s.code.dark(cy, cx)) v = ink;
    }
    if (opts.moire > 0) {
      // The screen's own pixel grid: bright cells, dark gaps.
      const gx = Math.cos((2 * Math.PI * sx) / pitch);
      const gy = Math.cos((2 * Math.PI * sy) / pitch);
      v *= 1 - opts.moire * (0.5 + 0.25 * (gx + gy));
    }
    return v;
  };
  return { sample, W, H, centreY: codeTop + quiet + n / 2 };
}

/** A mottled counter top behind the phone. */
function background(/** @type {ReturnType<typeof prng>} */ r) {
  const base = r.int(60, 200);
  const waves = Array.from({ length: 4 }, () => ({ fx: r.range(0.002, 0.03), fy: r.range(0.002, 0.03), p: r.range(0, 6.28), a: r.range(5, 30) }));
  return (/** @type {number} */ x, /** @type {number} */ y) => base + waves.reduce((s, w) => s + w.a * Math.sin(w.fx * x + w.fy * y + w.p), 0);
}

function boxBlur(/** @type {Float32Array} */ img, /** @type {number} */ rad) {
  if (rad <= 0) return img;
  const out = new Float32Array(img.length);
  const tmp = new Float32Array(img.length);
  for (let y = 0; y < HEIGHT; y++)
    for (let x = 0; x < WIDTH; x++) {
      let s = 0;
      for (let k = -rad; k <= rad; k++) s += img[y * WIDTH + Math.min(WIDTH - 1, Math.max(0, x + k))];
      tmp[y * WIDTH + x] = s / (2 * rad + 1);
    }
  for (let y = 0; y < HEIGHT; y++)
    for (let x = 0; x < WIDTH; x++) {
      let s = 0;
      for (let k = -rad; k <= rad; k++) s += tmp[Math.min(HEIGHT - 1, Math.max(0, y + k)) * WIDTH + x];
      out[y * WIDTH + x] = s / (2 * rad + 1);
    }
  return out;
}

/**
 * One frame's recipe: what it shows and how it is distorted. Each category
 * pushes its own distortion hard and adds mild others, so every frame looks
 * like a camera took it.
 */
function recipe(/** @type {string} */ category, /** @type {ReturnType<typeof prng>} */ r) {
  const hard = (/** @type {string} */ c) => category === c || (category === 'mixed' && r.next() < 0.5);
  const small = hard('small-modules');
  return {
    version: r.int(10, 16),
    codes: category === 'multi' ? 2 : 1,
    moduleSize: small ? r.range(1.25, 1.9) : category === 'multi' ? r.range(1.6, 2.6) : r.range(2, 4.2),
    rotation: hard('rotation') ? r.range(-180, 180) : r.range(-12, 12),
    tilt: hard('perspective') ? r.range(0.18, 0.42) : r.range(0, 0.08),
    blur: hard('blur') ? r.int(2, 4) : r.int(0, 1),
    noise: hard('noise') ? r.range(14, 34) : r.range(1, 5),
    glare: hard('glare') ? r.range(150, 300) : 0,
    contrast: hard('low-contrast') ? r.range(0.1, 0.25) : r.range(0.75, 1),
    moire: hard('moire') ? r.range(0.3, 0.6) : 0,
    jpeg: r.next() < 0.5 ? r.int(30, 90) : 0,
    damage: category === 'damaged' ? r.pick(['flips', 'patch']) : undefined,
  };
}

/** Spoils a code past what level M corrects (about 15% of codewords). */
function damage(/** @type {ReturnType<typeof qrModules>} */ q, /** @type {'flips' | 'patch'} */ kind, /** @type {ReturnType<typeof prng>} */ r) {
  const flipped = new Set();
  const n = q.n;
  if (kind === 'flips') {
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (!q.reserved(y, x) && r.next() < 0.4) flipped.add(y * n + x);
  } else {
    // A scratch or sticker: a band of random modules across the middle 40% of the symbol.
    const y0 = Math.floor(n * 0.3);
    for (let y = y0; y < y0 + Math.floor(n * 0.4); y++) for (let x = 0; x < n; x++) if (!q.reserved(y, x) && r.next() < 0.5) flipped.add(y * n + x);
  }
  return { n, dark: (/** @type {number} */ y, /** @type {number} */ x) => q.dark(y, x) !== flipped.has(y * n + x), reserved: q.reserved };
}

/**
 * Renders one frame. `expected` lists the texts a correct decoder reports, in
 * reading order; `[]` for damaged codes (where reading the original text is
 * also accepted, anything else is wrong).
 */
export function makeFrame(/** @type {number} */ index, /** @type {string} */ category, /** @type {number} */ seed) {
  const r = prng(seed * 7919 + index * 104729 + 17);
  const rc = recipe(category, r);
  const texts = Array.from({ length: rc.codes }, (_, i) => (i === 0 ? voucherText(r, rc.version) : `${r.int(1e9, 9e9)}${r.int(1e9, 9e9)}${r.int(10, 99)}`));
  let codes = texts.map((t, i) => qrModules(t, i === 0 ? rc.version : undefined));
  if (rc.damage) codes = codes.map((c) => damage(c, /** @type {'flips' | 'patch'} */ (rc.damage), r));
  const scene = phoneScene(codes, r, { moire: rc.moire, quiet: r.range(2, 4) });
  // Where the phone lands: scale from the module size, rotated, tilted.
  const scale = rc.moduleSize;
  const cx = WIDTH / 2 + r.range(-60, 60);
  const cy = HEIGHT / 2 + r.range(-40, 40);
  const qrCentreY = scene.centreY;
  const th = (rc.rotation * Math.PI) / 180;
  const corners = [
    [0, 0],
    [scene.W, 0],
    [scene.W, scene.H],
    [0, scene.H],
  ];
  const dst = corners.map(([x, y]) => {
    const dx = (x - scene.W / 2) * scale;
    const dy = (y - qrCentreY) * scale;
    return [cx + dx * Math.cos(th) - dy * Math.sin(th), cy + dx * Math.sin(th) + dy * Math.cos(th)];
  });
  // Perspective: pull two adjacent corners in (the phone leans away from the camera).
  const edge = r.int(0, 3);
  for (const k of [edge, (edge + 1) % 4]) {
    const o = dst[(k + 2) % 4];
    dst[k] = [dst[k][0] + (o[0] - dst[k][0]) * rc.tilt * 0.5, dst[k][1] + (o[1] - dst[k][1]) * rc.tilt * 0.5];
  }
  const inv = homography(dst, corners); // image pixel → phone plane
  const bg = background(r);
  const light = { x: r.range(0, WIDTH), y: r.range(0, HEIGHT), a: r.range(-40, 20) };
  const glare = { x: cx + r.range(-50, 50), y: cy + r.range(-50, 50), rx: r.range(30, 90), ry: r.range(20, 60), a: rc.glare };
  let img = new Float32Array(WIDTH * HEIGHT);
  const ss = 2; // 2x2 samples a pixel: a lens, not a nearest-neighbour lookup
  for (let py = 0; py < HEIGHT; py++) {
    for (let px = 0; px < WIDTH; px++) {
      let sum = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = px + (sx + 0.5) / ss;
          const y = py + (sy + 0.5) / ss;
          const w = inv[6] * x + inv[7] * y + inv[8];
          const v = scene.sample((inv[0] * x + inv[1] * y + inv[2]) / w, (inv[3] * x + inv[4] * y + inv[5]) / w);
          sum += v < 0 ? bg(x, y) : v;
        }
      }
      img[py * WIDTH + px] = sum / (ss * ss);
    }
  }
  img = boxBlur(boxBlur(img, rc.blur), rc.blur > 1 ? rc.blur - 1 : 0);
  const out = new Uint8Array(WIDTH * HEIGHT);
  const mid = r.range(90, 160);
  for (let i = 0; i < out.length; i++) {
    const x = i % WIDTH;
    const y = (i / WIDTH) | 0;
    let v = mid + (img[i] - mid) * rc.contrast;
    v += light.a * (Math.hypot(x - light.x, y - light.y) / 800);
    if (glare.a > 0) v += glare.a * Math.exp(-(((x - glare.x) / glare.rx) ** 2 + ((y - glare.y) / glare.ry) ** 2));
    v += rc.noise * r.gauss();
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  const name = `${String(index).padStart(3, '0')}-${category}`;
  let file;
  let ext;
  if (rc.jpeg) {
    const rgba = new Uint8Array(out.length * 4);
    for (let i = 0; i < out.length; i++) {
      rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = out[i];
      rgba[i * 4 + 3] = 255;
    }
    file = new Uint8Array(jpeg.encode({ data: rgba, width: WIDTH, height: HEIGHT }, rc.jpeg).data);
    ext = 'jpg';
  } else {
    file = encodePng({ width: WIDTH, height: HEIGHT, data: out, channels: 1, depth: 8 });
    ext = 'png';
  }
  return {
    name: `${name}.${ext}`,
    category,
    expected: rc.damage ? [] : texts,
    original: texts,
    recipe: rc,
    file,
  };
}

/** The whole set: `count` frames cycling through the categories. */
export function* makeCameraSet({ count = 220, seed = 1 } = {}) {
  for (let i = 0; i < count; i++) yield makeFrame(i, CATEGORIES[i % CATEGORIES.length], seed);
}

/**
 * How a decoder did on one frame: `wrong` when it reported any text the frame
 * does not hold, `correct` when it reported exactly the expected texts in
 * reading order (for a damaged code: nothing, or the original text, which
 * only a successful error correction gives), else `missed`.
 */
export function score(/** @type {{ expected: string[], original: string[] }} */ frame, /** @type {string[]} */ texts) {
  if (texts.some((t) => !frame.original.includes(t))) return 'wrong';
  if (frame.expected.length === 0) return 'correct';
  return texts.length === frame.expected.length && texts.every((t, i) => t === frame.expected[i]) ? 'correct' : 'missed';
}

/**
 * The set as files under `dir`/synthetic, written once and reused while the
 * manifest's seed and count match; each frame as { name, category, expected,
 * original, file }.
 */
export async function loadCameraSet(/** @type {string} */ dir, { count = 220, seed = 1 } = {}) {
  const sub = join(dir, 'synthetic');
  const manifestPath = join(sub, 'manifest.json');
  /** @type {{ seed: number, count: number, frames: { file: string, category: string, expected: string[], original: string[] }[] } | undefined} */
  let manifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch {
    manifest = undefined;
  }
  if (!manifest || manifest.seed !== seed || manifest.count !== count) {
    await writeCameraSet(dir, { count, seed });
    manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  }
  const m = /** @type {NonNullable<typeof manifest>} */ (manifest);
  return Promise.all(m.frames.map(async (f) => ({ name: f.file, category: f.category, expected: f.expected, original: f.original, file: new Uint8Array(await readFile(join(sub, f.file))) })));
}

/** Real photos (fixtures/camera/real/manifest.json: [{ file, expected }]), if any are shipped. */
export async function loadRealPhotos(/** @type {string} */ dir) {
  /** @type {{ file: string, expected: string[] }[]} */
  let list;
  try {
    list = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
  } catch {
    return [];
  }
  return Promise.all(list.map(async (f) => ({ name: f.file, category: 'real', expected: f.expected, original: f.expected, file: new Uint8Array(await readFile(join(dir, f.file))) })));
}

export async function writeCameraSet(/** @type {string} */ root, { count = 220, seed = 1 } = {}) {
  const dir = join(root, 'synthetic');
  await mkdir(dir, { recursive: true });
  const manifest = [];
  for (const f of makeCameraSet({ count, seed })) {
    await writeFile(join(dir, f.name), f.file);
    manifest.push({ file: f.name, category: f.category, expected: f.expected, original: f.original, recipe: f.recipe });
  }
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify({ seed, count, frames: manifest }, null, 1)}\n`);
  return manifest.length;
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (/** @type {string} */ k, /** @type {number} */ d) => {
    const i = args.indexOf(k);
    return i >= 0 ? Number(args.splice(i, 2)[1]) : d;
  };
  const count = opt('--count', 220);
  const seed = opt('--seed', 1);
  const root = args[0] ?? 'var/camera-set';
  const n = await writeCameraSet(root, { count, seed });
  process.stdout.write(`wrote ${n} frames to ${join(root, 'synthetic')}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
