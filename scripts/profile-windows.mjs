#!/usr/bin/env node
/**
 * Where a CPU profile's time went inside given windows only: the samples of
 * a `node --cpu-prof` run that fall inside the SDK's sale windows (or the bare
 * sale's) and outside their gateway calls (bench/70-checkout with BENCH_WINDOWS=file writes them),
 * summed by function (self time) and by call path (time under a function).
 *
 *   TMPDIR=/dev/shm BENCH_WINDOWS=.cache/w.json node --cpu-prof --cpu-prof-dir=.cache/prof bench/run.mjs 70-checkout
 *   node scripts/profile-windows.mjs .cache/prof/<file>.cpuprofile .cache/w.json [top] [sale|bare]
 *
 * @module
 */
import { readFileSync } from 'node:fs';

const [profileFile, windowsFile, topArg, which = 'sale'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
const marks = JSON.parse(readFileSync(windowsFile, 'utf8'));
const top = Number(topArg ?? 40);

// Own time = inside a sale (or, with `bare` last, a bare sale), outside its gateway calls.
const [open, close] = which === 'bare' ? ['bare', 'bare-end'] : ['sale', 'end'];
const spans = [];
let start;
let depth = 0;
let inSale = false;
for (const [kind, t] of marks) {
  if (kind === open) {
    start = t;
    inSale = true;
  } else if (kind === 'gw') {
    if (depth++ === 0 && inSale && start !== undefined) spans.push([start, t]);
  } else if (kind === 'gw-end') {
    if (--depth === 0 && inSale) start = t;
  } else if (kind === close) {
    if (start !== undefined) spans.push([start, t]);
    start = undefined;
    inSale = false;
  }
}
const inside = (t) => {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t < spans[mid][0]) hi = mid - 1;
    else if (t > spans[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
};

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
const self = new Map();
const under = new Map();
let total = 0;
let t = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i] ?? 0;
  if (!inside(t)) continue;
  const dt = profile.timeDeltas[i + 1] ?? 0;
  total += dt;
  const id = profile.samples[i];
  const l = label(byId.get(id));
  self.set(l, (self.get(l) ?? 0) + dt);
  const seen = new Set();
  for (let x = id; x !== undefined; x = parent.get(x)) {
    const lx = label(byId.get(x));
    if (seen.has(lx)) continue;
    seen.add(lx);
    under.set(lx, (under.get(lx) ?? 0) + dt);
  }
}
const sdkMs = spans.reduce((n, [a, b]) => n + (b - a), 0) / 1000;
const show = (m) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([l, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${l}`)
    .join('\n');
console.log(`${spans.length} SDK spans, ${sdkMs.toFixed(0)} ms of wall time, ${(total / 1000).toFixed(0)} ms sampled`);
console.log(`--- self time\n${show(self)}\n--- time under (inclusive)\n${show(under)}`);
