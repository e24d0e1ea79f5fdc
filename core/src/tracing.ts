import { context, propagation, type Tracer, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';

export { type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
export { InMemorySpanExporter, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';

/** Adds the active span's `traceparent` to outgoing headers (nothing while tracing is off). */
export function injectTraceContext(headers: Record<string, string>): void {
  propagation.inject(context.active(), headers);
}

/** The tracer of this project's own spans (`municipality.fetch`); a no-op until `startTracing` registers a provider. */
export const kitaTracer = (): Tracer => trace.getTracer('kita-federation');

export interface TracingOptions {
  /** `service.name` of every span, e.g. `kita-gateway`. */
  serviceName: string;
  /** OTLP/HTTP base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`, e.g. http://collector:4318); spans go to `<endpoint>/v1/traces`. */
  endpoint?: string;
  /** An exporter of one's own instead (tests: `InMemorySpanExporter`); spans are then exported one by one. */
  exporter?: SpanExporter;
}

export interface Tracing {
  /** Exports what is buffered and unregisters the provider. */
  shutdown(): Promise<void>;
}

const noTracing: Tracing = { shutdown: async () => {} };

let recording = false;

/** Whether this process records spans (`startTracing` with an endpoint or exporter, not shut down). */
export const tracingActive = (): boolean => recording;

/**
 * Registers an OpenTelemetry tracer provider for the process, so the gateway's own spans
 * (@apollo/gateway's `gateway.request`, `gateway.fetch` …) and ours are recorded and exported by
 * OTLP/HTTP. Without an endpoint or exporter nothing is registered and every span is a no-op.
 * Deliberately no resource detectors (cloud metadata, host): a municipal deployment must not
 * phone home, and the resource says only which service this is.
 *
 * Call it before `@apollo/gateway` is first imported: the gateway binds its tracer when its module
 * loads (through its own copy of @opentelemetry/api), and a tracer bound earlier stays a no-op.
 */
export function startTracing(options: TracingOptions): Tracing {
  if (!options.endpoint && !options.exporter) return noTracing;
  const processor = options.exporter
    ? new SimpleSpanProcessor({ exporter: options.exporter })
    : new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: new URL('v1/traces', options.endpoint!.endsWith('/') ? options.endpoint : `${options.endpoint}/`).toString() }),
      });
  const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': options.serviceName }), spanProcessors: [processor] });
  // Spans follow async work (the gateway's fetch span stays the parent of ours across awaits).
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  // `traceparent` on subgraph requests (see the gateway's header policy), so a collector can join traces.
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  recording = true;
  return {
    shutdown: async () => {
      recording = false;
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
