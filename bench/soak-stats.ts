/**
 * Small statistics for the soak run: reading a Prometheus text page, quantiles from a histogram's
 * cumulative buckets and from raw samples, and a least-squares slope.
 */

/** The value of one sample (`name{labels}`) on a Prometheus text page; 0 when absent. */
export function sample(page: string, name: string, labels = ''): number {
  const prefix = `${name}${labels} `;
  const line = page.split('\n').find((l) => l.startsWith(prefix));
  return line === undefined ? 0 : Number(line.slice(prefix.length).trim().split(' ')[0]);
}

/** Every labelled sample of `name`, keyed by its label text (e.g. `{type="Timeout"}`). */
export function samples(page: string, name: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of page.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const close = line.indexOf('} ');
    out[line.slice(name.length, close + 1)] = Number(line.slice(close + 2).split(' ')[0]);
  }
  return out;
}

/**
 * The q-quantile of a Prometheus histogram, interpolated linearly inside the bucket it falls in
 * (as `histogram_quantile` does). Undefined without observations.
 */
export function histogramQuantile(page: string, name: string, q: number): number | undefined {
  const buckets = Object.entries(samples(page, `${name}_bucket`))
    .map(([labels, count]) => ({ le: Number(/le="([^"]+)"/.exec(labels)?.[1]), count }))
    .sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return undefined;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const { le, count } of buckets) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return lower;
      return lower + ((le - lower) * (rank - below)) / Math.max(1, count - below);
    }
    lower = le;
    below = count;
  }
  return lower;
}

/** The q-quantile of raw values (nearest rank). */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Least-squares slope of y over x; 0 with fewer than two points. */
export function slope(points: readonly { readonly x: number; readonly y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export const round = (value: number | undefined, digits = 1): number | null =>
  value === undefined || !Number.isFinite(value) ? null : Number(value.toFixed(digits));
