// A tiny, dependency-free metrics registry rendered in Prometheus' text exposition format (0.0.4).
// One instance per process, passed in (no global); every replica exposes its own counters and
// Prometheus sums them across replicas.

/** Handler latency buckets in seconds (Prometheus' defaults: 5 ms … 10 s; Discord's deadline is 3 s). */
export const HANDLER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

type Labels = Record<string, string>;

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (!entries.length) return '';
  return `{${entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

function num(n: number): string {
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (Number.isNaN(n)) return 'NaN';
  return String(n);
}

class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels, by = 1): void {
    const key = labelText(labels);
    const cur = this.values.get(key);
    if (cur) cur.value += by;
    else this.values.set(key, { labels, value: by });
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const key of [...this.values.keys()].sort())
      lines.push(`${this.name}${key} ${num(this.values.get(key)!.value)}`);
    return lines;
  }
}

class Histogram {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {}
  observe(labels: Labels, value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    const key = labelText(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    // Stored per bucket; rendered cumulatively as Prometheus requires.
    const i = this.buckets.findIndex((b) => value <= b);
    if (i >= 0) s.counts[i]! += 1;
    s.sum += value;
    s.count += 1;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const key of [...this.series.keys()].sort()) {
      const s = this.series.get(key)!;
      let cumulative = 0;
      this.buckets.forEach((b, i) => {
        cumulative += s.counts[i]!;
        lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: num(b) })} ${cumulative}`);
      });
      lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
      lines.push(`${this.name}_sum${key} ${num(s.sum)}`);
      lines.push(`${this.name}_count${key} ${s.count}`);
    }
    return lines;
  }
}

export class Metrics {
  private readonly interactions = new Counter(
    'nexus_interactions_total',
    'Interactions handled, by interaction type and outcome.',
  );
  private readonly handlerSeconds = new Histogram(
    'nexus_handler_seconds',
    'Time from receiving an interaction to its final reply (including deferred work), by interaction type.',
    HANDLER_BUCKETS,
  );
  private readonly digestRuns = new Counter('nexus_digest_runs_total', 'Digest job runs, by status.');
  private readonly httpRequests = new Counter(
    'nexus_http_requests_total',
    'HTTP requests served by the interactions endpoint, by route and status code.',
  );

  /** type: ping | command | autocomplete | component | modal; outcome: ok | user_error | error | refused | deferred … */
  recordInteraction(type: string, outcome: string, seconds: number): void {
    this.interactions.inc({ type, outcome });
    this.handlerSeconds.observe({ type }, seconds);
  }

  /** status: e.g. posted | skipped | failed. */
  recordDigestRun(status: string): void {
    this.digestRuns.inc({ status });
  }

  /** Every HTTP response, including refused signatures (401) and oversized bodies (413). */
  recordHttpRequest(route: string, status: number): void {
    this.httpRequests.inc({ route, status: String(status) });
  }

  render(): string {
    return (
      [
        ...this.interactions.render(),
        ...this.handlerSeconds.render(),
        ...this.digestRuns.render(),
        ...this.httpRequests.render(),
      ].join('\n') + '\n'
    );
  }
}
