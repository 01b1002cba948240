// Small helpers shared by the benchmarks: percentiles, a fixed-time loop, a seeded order.
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

export function summarize(samplesMs) {
  const s = [...samplesMs].sort((a, b) => a - b);
  return { n: s.length, median: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] };
}

/** Calls `fn` (sync or async) repeatedly for about `ms` milliseconds; returns ops/s. */
export async function opsPerSecond(fn, ms = 1000) {
  for (let i = 0; i < 50; i++) await fn(); // warm-up
  const start = process.hrtime.bigint();
  let n = 0;
  const limit = BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() - start < limit) {
    await fn();
    n++;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  return n / elapsed;
}

export const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/**
 * 0..n-1 in an order drawn from `seed` (Fisher-Yates on an LCG's high bits): interleaved
 * candidates in a fresh order each round, so none always runs right after another's garbage,
 * as each would in a fixed or merely rotated order (a rotation keeps the neighbours).
 */
export function shuffled(n, seed) {
  const order = Array.from({ length: n }, (_, i) => i);
  let x = (seed + 1) * 2654435761;
  for (let i = n - 1; i > 0; i--) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const j = Math.floor((x / 2 ** 32) * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
