import { type ChildProcess, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (100 on practically every Linux). */
const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * From a /proc/<pid>/stat line: the parent, the process's CPU time (user + system, all threads, in
 * ms) and that of its children that ended and were waited for.
 */
function parseStat(stat: string): { ppid: number; cpuMs: number; endedChildrenCpuMs: number } {
  // The command name may contain spaces and parentheses; the fields after its last ')' do not.
  // fields[0] is field 3 of proc(5) (state): the parent is field 4, utime and stime 14 and 15,
  // cutime and cstime 16 and 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ms = (...indexes: number[]) => (indexes.reduce((sum, index) => sum + Number(fields[index]), 0) * 1000) / clockTicks;
  return { ppid: Number(fields[1]), cpuMs: ms(11, 12), endedChildrenCpuMs: ms(13, 14) };
}

/** CPU time a process has used so far, in ms. Read from outside: the process does nothing extra. */
export function cpuMillis(pid: number): number {
  return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).cpuMs;
}

/**
 * CPU time of a process and all its descendants, in ms: the instances' processes and their
 * embedded PostgreSQL with its server processes. Not a process group: PostgreSQL starts every
 * server process in a session of its own (setsid). Descendants that ended count through their
 * parent once it has waited for them, as PostgreSQL does for a server process whose connection
 * closed.
 */
export function treeCpuMillis(root: number): number {
  const processes = new Map<number, ReturnType<typeof parseStat>>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      processes.set(Number(entry), parseStat(readFileSync(`/proc/${entry}/stat`, 'utf8')));
    } catch {
      // The process ended between listing and reading.
    }
  }
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of processes) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  let total = 0;
  const pending = [root];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    const found = processes.get(pid);
    total += (found?.cpuMs ?? 0) + (found?.endedChildrenCpuMs ?? 0);
    pending.push(...(children.get(pid) ?? []));
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
