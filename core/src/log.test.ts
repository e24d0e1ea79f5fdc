import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel, mayNeedRedaction } from './log.js';

function recording(level?: LogLevel) {
  const lines: string[] = [];
  return {
    lines,
    logger: createLogger('reservation@03355022', (line) => lines.push(line), { level }),
    parsed: () => lines.map((line) => JSON.parse(line) as Record<string, any>),
  };
}

describe('createLogger', () => {
  it('writes one JSON line per event with level, time, component and the snake_case event name', () => {
    const { logger, lines, parsed } = recording();

    logger.warn('municipality_unavailable', { municipality: '03355', reason: 'timeout' });

    expect(lines).toHaveLength(1);
    expect(parsed()[0]).toEqual({
      level: 'warn',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      component: 'reservation@03355022',
      event: 'municipality_unavailable',
      municipality: '03355',
      reason: 'timeout',
    });
  });

  it("redacts a child's and guardians' data and tokens wherever they sit in the fields", () => {
    const { logger, lines, parsed } = recording();

    logger.error('submission_failed', {
      firstName: 'Mia',
      child: { firstName: 'Mia', lastName: 'Neumann', birthDate: '2024-05-01' },
      input: { birthDate: '2024-05-01', guardians: [{ email: 'eltern@example.de', phone: '0171 000000' }], address: { street: 'Am Sande 1' } },
      payload: { part: { name: 'Mia Neumann' }, contacts: [{ email: 'eltern@example.de' }] },
      headers: { authorization: 'Bearer eyJhbGciOi', 'x-service-authorization': 'Bearer eyJraWQi' },
      authorization: 'Bearer eyJhbGciOi',
      municipality: '03355022',
    });

    const line = parsed()[0];
    expect(lines[0]).not.toMatch(/Mia|Neumann|2024-05-01|eltern@example|0171|Am Sande|eyJ/);
    expect(line.firstName).toBe('[Redacted]');
    expect(line.child).toBe('[Redacted]');
    expect(line.input).toEqual({ birthDate: '[Redacted]', guardians: '[Redacted]', address: '[Redacted]' });
    expect(line.payload).toEqual({ part: { name: '[Redacted]' }, contacts: [{ email: '[Redacted]' }] });
    expect(line.headers).toEqual({ authorization: '[Redacted]', 'x-service-authorization': '[Redacted]' });
    expect(line.municipality).toBe('03355022');
  });

  it('logs an error as its kind and code, never its message or stack', () => {
    const { logger, lines, parsed } = recording();
    const error = Object.assign(new TypeError('duplicate key value (first_name)=(Mia)'), { code: '23505' });

    logger.error('event_apply_failed', { error, consumer: 'vacancy' });

    expect(parsed()[0].error).toEqual({ kind: 'TypeError', code: '23505' });
    expect(lines[0]).not.toMatch(/Mia|duplicate key|at .*\.ts/);
  });

  it("writes only the configured level and above, and carries a child logger's request id on each line", () => {
    const { logger, parsed } = recording('warn');

    logger.info('listening', { url: 'http://127.0.0.1:4001/graphql' });
    logger.debug('http_request', {});
    logger.child({ requestId: 'req-0001-abcd' }).warn('municipality_unavailable', { municipality: '03355' });

    expect(parsed()).toEqual([expect.objectContaining({ level: 'warn', event: 'municipality_unavailable', requestId: 'req-0001-abcd' })]);
  });

  it('writes lines without a redacted key unredacted and in the same shape, and redacts bindings of a child logger', () => {
    const { logger, parsed } = recording();

    logger.info('http_request', { requestId: 'req-1', method: 'POST', path: '/graphql', status: 200, durationMs: 3.2, operationName: 'Search' });
    logger.child({ requestId: 'req-2', guardian: { email: 'eltern@example.de' } }).warn('municipality_unavailable', { municipality: '03355' });
    logger.child({ requestId: 'req-3' }).warn('submission_failed', { input: { contacts: [{ phone: '0171 000000' }] } });

    const [access, bound, nested] = parsed();
    expect(access).toEqual({
      level: 'info',
      time: expect.any(String),
      component: 'reservation@03355022',
      event: 'http_request',
      requestId: 'req-1',
      method: 'POST',
      path: '/graphql',
      status: 200,
      durationMs: 3.2,
      operationName: 'Search',
    });
    expect(bound.guardian).toBe('[Redacted]');
    expect(JSON.stringify(nested)).not.toMatch(/0171/);
  });

  it('sends a line to the redacting logger whenever a redacted key sits where a path could reach it', () => {
    expect(mayNeedRedaction({ requestId: 'x', status: 200, name: 'top-level names are event fields' })).toBe(false);
    expect(mayNeedRedaction({ payload: { name: 'Mia' } })).toBe(true);
    expect(mayNeedRedaction({ list: [{ deeper: { email: 'a@b.de' } }] })).toBe(true);
    expect(mayNeedRedaction({ headers: { 'x-service-authorization': 'Bearer x' } })).toBe(true);
    expect(mayNeedRedaction({ variables: {} })).toBe(true);
  });
});
