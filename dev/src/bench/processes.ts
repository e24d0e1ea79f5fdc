import { execFileSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (100 on practically every Linux). */
const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** The process group and CPU time (user + system, all threads, in ms) from a /proc/<pid>/stat line. */
function parseStat(stat: string): { pgid: number; cpuMs: number } {
  // The command name may contain spaces and parentheses; the fields after its last ')' do not.
  // fields[0] is field 3 of proc(5) (state): the process group is field 5, utime and stime 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pgid: Number(fields[2]), cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks };
}

/** CPU time a process has used so far, in ms. Read from outside: the process does nothing extra. */
export function cpuMillis(pid: number): number {
  return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).cpuMs;
}

/** CPU time of every live process of a process group (the instances and their PostgreSQL), in ms. */
export function groupCpuMillis(pgid: number): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = parseStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (stat.pgid === pgid) total += stat.cpuMs;
    } catch {
      // The process ended between listing and reading.
    }
  }
  return total;
}

/** Resolves with the first IPC message of `type`; rejects when the child fails, exits or times out. */
export function nextMessage<T extends { type: string }>(child: ChildProcess, type: T['type'], what: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${what}: no "${type}" within ${timeoutMs / 1000} s`)), timeoutMs);
    const onMessage = (message: { type: string; message?: string }) => {
      if (message.type === type) finish(undefined, message as T);
      else if (message.type === 'failed') finish(new Error(`${what} failed: ${message.message}`));
    };
    const onExit = (code: number | null, signal: string | null) => finish(new Error(`${what} exited (${signal ?? `code ${code}`}) before "${type}"`));
    const finish = (error?: Error, message?: T) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message!);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Asks a child to stop (IPC `stop` if it has a channel, else SIGTERM) and SIGKILLs it after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send({ type: 'stop' });
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** The last lines a child wrote to a stream, for error messages. */
export function tail(stream: NodeJS.ReadableStream | null, lines = 20): () => string {
  const kept: string[] = [];
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    kept.push(...chunk.split('\n').filter(Boolean));
    kept.splice(0, Math.max(0, kept.length - lines));
  });
  return () => kept.join('\n');
}
