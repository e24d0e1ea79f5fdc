import { createLogger } from '@kita/shared';
import { describe, expect, it } from 'vitest';
import { formatLogLine } from './console-log.js';

/** What `npm start`'s logger prints for one call. */
function printed(log: (logger: ReturnType<typeof createLogger>) => void): string[] {
  const lines: string[] = [];
  const logger = createLogger('dev', (line) => lines.push(formatLogLine(line)), { level: 'warn' });
  log(logger);
  return lines;
}

describe("npm start's console", () => {
  it('prints an unavailable municipality as one readable line', () => {
    const lines = printed((logger) =>
      logger
        .child({ instance: 'gateway' })
        .warn('municipality_unavailable', { municipality: '03355', subgraph: 'facility', reason: 'circuit-open', requestId: 'req-0001-abcd' }),
    );

    expect(lines).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d WARN {2}\[gateway\] municipality 03355 unavailable \(facility: circuit open\) requestId=req-0001-abcd$/),
    ]);
  });

  it('prints a refused registry edit in words', () => {
    const lines = printed((logger) => logger.warn('registry_edit_refused', { path: '.data/registry.json', problems: 2 }));

    expect(lines[0]).toMatch(/ WARN {2}\[dev\] registry edit refused \(2 problems in \.data\/registry\.json\); the last good registry stays in use$/);
  });

  it('prints any other event by name with its fields, and nothing below warn', () => {
    const lines = printed((logger) => {
      logger.info('listening', { url: 'http://127.0.0.1:4001/graphql' });
      logger.error('permit_watch_failed', { kind: 'DriverException' });
    });

    expect(lines).toEqual([expect.stringMatching(/ ERROR \[dev\] permit watch failed kind=DriverException$/)]);
  });

  it('keeps a line that is not JSON as it is', () => {
    expect(formatLogLine('plain text')).toBe('plain text');
  });
});
