// @ts-check
/**
 * A set of frames that look like what a kiosk camera sees, unlike the hard
 * synthetic set (scripts/camera-set.mjs, one distortion pushed per frame, grey
 * 640x480): colour 1280x720 photos of a phone held up to the camera, showing
 * a voucher QR (version 10–16, level M) in a wallet app. Every frame has all
 * of what such a camera gives, mildly and at random: the phone's RGB subpixel
 * grid beating against the sensor's (moiré), a tilt and a turn (perspective),
 * a window's reflection on the glass (glare), a hand's shake (motion blur),
 * sensor noise, vignetting, a tint of the light, and a JPEG at the quality a
 * webcam streams (60–90). Deterministic: the same seed gives the same bytes.
 * Made at bench time (var/camera-set/kiosk/, about 0.3 s a frame), never
 * shipped as files.
 *
 *   node scripts/kiosk-set.mjs [OUT_DIR] [--count N] [--seed S]
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import jpeg from 'jpeg-js';
import { homography, prng, qrModules, voucherText } from './camera-set.mjs';

export const KIOSK_WIDTH = 1280;
export const KIOSK_HEIGHT = 720;

/** One frame's recipe: everything mild, all at once. */
function recipe(/** @type {ReturnType<typeof prng>} */ r) {
  return {
    version: r.int(10, 16),
    moduleSize: r.range(2.6, 5), // camera pixels per module at 20–35 cm
    rotation: r.range(-25, 25),
    tilt: r.range(0, 0.22),
    shake: r.next() < 0.6 ? r.range(1, 6) : 0, // motion blur length, px
    shakeAngle: r.range(0, Math.PI),
    glare: r.next() < 0.6 ? r.range(60, 200) : 0,
    moire: r.range(0.15, 0.45),
    noise: r.range(2, 7),
    tint: [r.range(0.85, 1.1), r.range(0.9, 1.05), r.range(0.8, 1.15)],
    exposure: r.range(0.8, 1.1),
    quality: r.int(60, 90),
  };
}

/**
 * The phone in its own plane, in screen pixels: a dark body, a 1080-wide
 * screen with the app's green header, the QR on white, a line of text; each
 * screen pixel lit as three vertical R, G, B stripes with dark gaps.
 */
function phone(/** @type {{ n: number, dark: (r: number, c: number) => boolean }} */ code, /** @type {number} */ moire) {
  const quiet = 4;
  const screenW = 1080;
  const moduleSpan = Math.floor((screenW * 0.7) / (code.n + 2 * quiet)); // screen pixels per module
  const qrSpan = moduleSpan * (code.n + 2 * quiet);
  const screenH = 2160;
  const bezel = 60;
  const W = screenW + 2 * bezel;
  const H = screenH + 2 * bezel;
  const qrX = bezel + (screenW - qrSpan) / 2 + quiet * moduleSpan;
  const qrY = bezel + screenH * 0.3 + quiet * moduleSpan;
  /** RGB of the screen at (x, y) in the phone plane; undefined off the phone. */
  const sample = (/** @type {number} */ x, /** @type {number} */ y) => {
    if (x < 0 || y < 0 || x >= W || y >= H) return undefined;
    const sx = x - bezel;
    const sy = y - bezel;
    if (sx < 0 || sy < 0 || sx >= screenW || sy >= screenH) return [22, 22, 26];
    /** @type {number[]} */
    let c = [246, 247, 245];
    if (sy < screenH * 0.1) c = [18, 150, 96]; // the app's header
    else if (sy > qrY - bezel + code.n * moduleSpan + 80 && sy < qrY - bezel + code.n * moduleSpan + 120 && sx > screenW * 0.2 && sx < screenW * 0.8) c = [90, 90, 90];
    const cx = Math.floor((x - qrX) / moduleSpan);
    const cy = Math.floor((y - qrY) / moduleSpan);
    if (cx >= 0 && cy >= 0 && cx < code.n && cy < code.n && code.dark(cy, cx)) c = [20, 20, 24];
    // Subpixels: x within the screen pixel picks the stripe; the gaps between pixels are dark.
    const fx = sx - Math.floor(sx);
    const fy = sy - Math.floor(sy);
    const stripe = fx < 1 / 3 ? 0 : fx < 2 / 3 ? 1 : 2;
    const gap = fy > 0.8 ? 1 - moire : 1;
    return c.map((v, i) => v * gap * (i === stripe ? 1 : 1 - moire));
  };
  return { sample, W, H, centre: [qrX + (code.n * moduleSpan) / 2, qrY + (code.n * moduleSpan) / 2], moduleSpan };
}

/** Renders one frame: { name, expected, original, recipe, file (JPEG) }. */
export function makeKioskFrame(/** @type {number} */ index, /** @type {number} */ seed) {
  const r = prng(seed * 6151 + index * 92821 + 3);
  const rc = recipe(r);
  const text = voucherText(r, rc.version);
  const code = qrModules(text, rc.version);
  const ph = phone(code, rc.moire);
  const W = KIOSK_WIDTH;
  const H = KIOSK_HEIGHT;
  const scale = rc.moduleSize / ph.moduleSpan; // camera pixels per screen pixel
  const cx = W / 2 + r.range(-200, 200);
  const cy = H / 2 + r.range(-80, 80);
  const th = (rc.rotation * Math.PI) / 180;
  const corners = [
    [0, 0],
    [ph.W, 0],
    [ph.W, ph.H],
    [0, ph.H],
  ];
  const dst = corners.map(([x, y]) => {
    const dx = (x - ph.centre[0]) * scale;
    const dy = (y - ph.centre[1]) * scale;
    return [cx + dx * Math.cos(th) - dy * Math.sin(th), cy + dx * Math.sin(th) + dy * Math.cos(th)];
  });
  const edge = r.int(0, 3);
  for (const k of [edge, (edge + 1) % 4]) {
    const o = dst[(k + 2) % 4];
    dst[k] = [dst[k][0] + (o[0] - dst[k][0]) * rc.tilt * 0.5, dst[k][1] + (o[1] - dst[k][1]) * rc.tilt * 0.5];
  }
  const inv = homography(dst, corners);
  // The counter and the room behind: soft colour gradients.
  const bg = [r.range(90, 170), r.range(80, 150), r.range(60, 130)];
  const bgWave = { fx: r.range(0.002, 0.01), fy: r.range(0.002, 0.01), p: r.range(0, 6.28) };
  const img = new Float32Array(W * H * 3);
  const ss = 2;
  for (let py = 0; py < H; py++) {
    for (let px = 0; px < W; px++) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = px + (sx + 0.5) / ss;
          const y = py + (sy + 0.5) / ss;
          const w = inv[6] * x + inv[7] * y + inv[8];
          const c = ph.sample((inv[0] * x + inv[1] * y + inv[2]) / w, (inv[3] * x + inv[4] * y + inv[5]) / w);
          if (c) {
            s0 += c[0];
            s1 += c[1];
            s2 += c[2];
          } else {
            const k = 1 + 0.25 * Math.sin(bgWave.fx * x + bgWave.fy * y + bgWave.p);
            s0 += bg[0] * k;
            s1 += bg[1] * k;
            s2 += bg[2] * k;
          }
        }
      }
      const o = (py * W + px) * 3;
      img[o] = s0 / (ss * ss);
      img[o + 1] = s1 / (ss * ss);
      img[o + 2] = s2 / (ss * ss);
    }
  }
  const blurred = rc.shake > 0 ? motionBlur(img, W, H, rc.shake, rc.shakeAngle) : img;
  const glare = { x: cx + r.range(-120, 120), y: cy + r.range(-120, 120), rx: r.range(40, 140), ry: r.range(25, 90), a: rc.glare };
  const rgba = new Uint8Array(W * H * 4);
  for (let i = 0; i < W * H; i++) {
    const x = i % W;
    const y = (i / W) | 0;
    const vignette = 1 - 0.35 * ((x - W / 2) ** 2 + (y - H / 2) ** 2) / ((W / 2) ** 2 + (H / 2) ** 2);
    const g = glare.a > 0 ? glare.a * Math.exp(-(((x - glare.x) / glare.rx) ** 2 + ((y - glare.y) / glare.ry) ** 2)) : 0;
    for (let ch = 0; ch < 3; ch++) {
      const v = blurred[i * 3 + ch] * rc.exposure * rc.tint[ch] * vignette + g + rc.noise * r.gauss();
      rgba[i * 4 + ch] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
    rgba[i * 4 + 3] = 255;
  }
  const file = new Uint8Array(jpeg.encode({ data: rgba, width: W, height: H }, rc.quality).data);
  return { name: `${String(index).padStart(3, '0')}-kiosk.jpg`, category: 'kiosk', expected: [text], original: [text], recipe: rc, file };
}

/** A straight-line blur of `len` px at `angle` (a hand moving while the shutter is open), sampled at 1 px steps. */
function motionBlur(/** @type {Float32Array} */ img, /** @type {number} */ W, /** @type {number} */ H, /** @type {number} */ len, /** @type {number} */ angle) {
  const out = new Float32Array(img.length);
  const steps = Math.max(2, Math.round(len));
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      let a = 0;
      let b = 0;
      let c = 0;
      for (let k = 0; k < steps; k++) {
        const t = k - (steps - 1) / 2;
        const sx = Math.min(W - 1, Math.max(0, Math.round(x + t * dx)));
        const sy = Math.min(H - 1, Math.max(0, Math.round(y + t * dy)));
        const o = (sy * W + sx) * 3;
        a += img[o];
        b += img[o + 1];
        c += img[o + 2];
      }
      const o = (y * W + x) * 3;
      out[o] = a / steps;
      out[o + 1] = b / steps;
      out[o + 2] = c / steps;
    }
  return out;
}

/** The set as files under `dir`/kiosk, written once and reused while the manifest's seed and count match. */
export async function loadKioskSet(/** @type {string} */ dir, { count = 60, seed = 1 } = {}) {
  const sub = join(dir, 'kiosk');
  /** @type {{ seed: number, count: number, frames: { file: string, expected: string[] }[] } | undefined} */
  let manifest;
  try {
    manifest = JSON.parse(await readFile(join(sub, 'manifest.json'), 'utf8'));
  } catch {
    manifest = undefined;
  }
  if (!manifest || manifest.seed !== seed || manifest.count !== count) {
    await mkdir(sub, { recursive: true });
    const frames = [];
    for (let i = 0; i < count; i++) {
      const f = makeKioskFrame(i, seed);
      await writeFile(join(sub, f.name), f.file);
      frames.push({ file: f.name, expected: f.expected, recipe: f.recipe });
    }
    manifest = { seed, count, frames };
    await writeFile(join(sub, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  }
  const m = /** @type {NonNullable<typeof manifest>} */ (manifest);
  return Promise.all(m.frames.map(async (f) => ({ name: f.file, category: 'kiosk', expected: f.expected, original: f.expected, file: new Uint8Array(await readFile(join(sub, f.file))) })));
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (/** @type {string} */ k, /** @type {number} */ d) => {
    const i = args.indexOf(k);
    return i >= 0 ? Number(args.splice(i, 2)[1]) : d;
  };
  const count = opt('--count', 60);
  const seed = opt('--seed', 1);
  const root = args[0] ?? 'var/camera-set';
  const frames = await loadKioskSet(root, { count, seed });
  process.stdout.write(`${frames.length} frames in ${join(root, 'kiosk')}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
