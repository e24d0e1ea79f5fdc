import os from 'node:os';
import type { LoadResult } from './protocol.js';

/** One measured scenario. */
export interface Row {
  id: string;
  label: string;
  connections: number;
  load: LoadResult;
  /** Gateway process CPU (user + system) over the measured run, per completed request. */
  cpuMsPerRequest: number;
  /** Warnings the gateway logged during the measured run (e.g. a municipality unavailable). */
  gatewayWarnings: number;
}

export interface Target {
  name: string;
  pass: boolean;
  detail: string;
}

export const failures = (row: Row) => row.load.graphqlErrors + row.load.non2xx + row.load.socketErrors;

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** The results as a Markdown table (readable as plain text too). */
export function table(rows: Row[]): string {
  const header = ['row', 'scenario', 'conns', 'requests/s', 'p50 ms', 'p90 ms', 'p99 ms', 'gateway CPU ms/request', 'errors / non-2xx'];
  const lines = rows.map((row) => [
    row.id,
    row.label,
    String(row.connections),
    fixed(row.load.requestsPerSecond, 0),
    fixed(row.load.latency.p50, 0),
    fixed(row.load.latency.p90, 0),
    fixed(row.load.latency.p99, 0),
    fixed(row.cpuMsPerRequest, 2),
    `${row.load.graphqlErrors + row.load.socketErrors} / ${row.load.non2xx}`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const numeric = (column: number) => column >= 2;
  const format = (cells: string[]) =>
    `| ${cells.map((cell, column) => (numeric(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (numeric(column) ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [format(header), rule, ...lines.map(format)].join('\n');
}

/** The issue's three targets, each with the ratio it was judged by. */
export function targets(rows: Row[]): Target[] {
  const row = (id: string) => {
    const found = rows.find((candidate) => candidate.id === id);
    if (!found) throw new Error(`no row ${id}`);
    return found;
  };
  const routing = row('b').cpuMsPerRequest / row('a').cpuMsPerRequest;
  const c1 = row('c1').cpuMsPerRequest;
  const growth = [5, 21].map((count) => ({ count, ratio: row(`c${count}`).cpuMsPerRequest / c1 }));
  const perExtra = (row('c21').cpuMsPerRequest - c1) / 20;
  const parallel = row('d21').load.latency.p50 / row('d1').load.latency.p50;
  const parallelP99 = row('d21').load.latency.p99 / row('d1').load.latency.p99;
  return [
    {
      name: '(b) gateway CPU/request ≤ 1.1 × (a)',
      pass: routing <= 1.1,
      detail: `b/a = ${fixed(routing, 2)} (${fixed(row('b').cpuMsPerRequest, 2)} vs ${fixed(row('a').cpuMsPerRequest, 2)} ms)`,
    },
    {
      name: '(c) CPU/request grows less than linearly with municipalities',
      pass: growth.every(({ count, ratio }) => ratio < count),
      detail: `${growth.map(({ count, ratio }) => `c${count}/c1 = ${fixed(ratio, 2)} (linear: ${count})`).join(', ')}; each extra municipality adds ${fixed(perExtra, 2)} ms`,
    },
    {
      name: '(d) 21 delayed instances < 1.5 × the latency of one',
      pass: parallel < 1.5,
      detail: `p50 d21/d1 = ${fixed(parallel, 2)} (${fixed(row('d21').load.latency.p50, 0)} vs ${fixed(row('d1').load.latency.p50, 0)} ms); p99 ratio ${fixed(parallelP99, 2)}`,
    },
  ];
}

export function targetLines(checks: Target[]): string {
  return checks.map((check) => `${check.pass ? 'PASS' : 'FAIL'}  ${check.name}: ${check.detail}`).join('\n');
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
}

export function machine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
  };
}
