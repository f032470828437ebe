// Prometheus metrics over prom-client, one registry per instance (passed in, never prom-client's global
// default registry, so tests and several apps in one process do not share counters). Every replica exposes
// its own counters and Prometheus sums them across replicas. Besides ours, prom-client's default process
// metrics: CPU, memory and heap, event-loop lag, GC durations, handles.
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Handler latency buckets in seconds (Prometheus' defaults: 5 ms … 10 s; Discord's deadline is 3 s). */
export const HANDLER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export interface MetricsOptions {
  /** prom-client's default process metrics (default true). */
  processMetrics?: boolean;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly interactions = new Counter({
    name: 'nexus_interactions_total',
    help: 'Interactions handled, by interaction type and outcome.',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly handlerSeconds = new Histogram({
    name: 'nexus_handler_seconds',
    help: 'Time from receiving an interaction to its final reply (including deferred work), by interaction type.',
    labelNames: ['type'] as const,
    buckets: [...HANDLER_BUCKETS],
    registers: [this.registry],
  });
  private readonly digestRuns = new Counter({
    name: 'nexus_digest_runs_total',
    help: 'Digest job runs, by status.',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  private readonly httpRequests = new Counter({
    name: 'nexus_http_requests_total',
    help: 'HTTP requests served by the interactions endpoint, by route and status code.',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });

  constructor(opts: MetricsOptions = {}) {
    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** type: ping | command | autocomplete | component | modal; outcome: ok | user_error | error | refused | deferred … */
  recordInteraction(type: string, outcome: string, seconds: number): void {
    this.interactions.inc({ type, outcome });
    if (Number.isFinite(seconds) && seconds >= 0) this.handlerSeconds.observe({ type }, seconds);
  }

  /** status: e.g. posted | skipped | failed. */
  recordDigestRun(status: string): void {
    this.digestRuns.inc({ status });
  }

  /** Every HTTP response, including refused signatures (401) and oversized bodies (413). */
  recordHttpRequest(route: string, status: number): void {
    this.httpRequests.inc({ route, status: String(status) });
  }

  /** The Prometheus text exposition format (0.0.4). */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** The Content-Type of render()'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
