import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateSync } from 'node:zlib';
import { type Stack, startStack, subgraphNames } from '@kita/dev';
import { FacilityEntity, FacilityKind, PublicationStatus } from '@kita/facility';
import { type MunicipalityEntry, parseRegistry } from '@kita/registry';
import { dropDatabases, externalPostgres, formatId, listDatabases, newLocalId, silentLogger } from '@kita/shared';
import { postGraphQL, postgresUrl, testAuth, testVerifier, tokenFor } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const lueneburg = '03355022';
const landkreis = '03355';
const municipalities = [lueneburg, landkreis];
const prefix = `t${randomBytes(4).toString('hex')}`;
let stack: Stack;
let gatewayOrigin: string;
const servers: Server[] = [];
const published = new Map<string, FacilityEntity>();
const drafts = new Map<string, FacilityEntity>();

/** A 1×1 PNG of one RGB colour. */
function png(rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const framing = Buffer.alloc(8);
    framing.writeUInt32BE(data.length, 0);
    framing.writeUInt32BE(crc32(body), 4);
    return Buffer.concat([framing.subarray(0, 4), body, framing.subarray(4)]);
  };
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]); // 1×1, 8 bit, RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, ...rgb]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF whose comment line makes it `padding` bytes larger. */
function pdf(padding: number): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];
  let text = `%PDF-1.4\n%${'x'.repeat(padding)}\n`;
  const offsets = objects.map((object, index) => {
    const offset = text.length;
    text += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

const facility = (name: string, status: PublicationStatus) =>
  Object.assign(new FacilityEntity(), {
    kind: FacilityKind.KINDERTAGESSTAETTE,
    name,
    carrier: 'Träger e. V.',
    street: 'Am Markt 1',
    postalCode: '21335',
    city: 'Lüneburg',
    district: 'Altstadt',
    latitude: 53.2484,
    longitude: 10.4081,
    ageFromMonths: 0,
    ageToMonths: 72,
    capacity: 40,
    status,
  });

beforeAll(async () => {
  stack = await startStack({
    postgres: externalPostgres(postgresUrl()),
    databasePrefix: prefix,
    municipalities,
    verifier: testVerifier,
    auth: testAuth,
    gatewayPort: 0,
    subgraphPort: 0,
    seed: false,
    // A 5 MiB upload takes about a second on a busy machine; the default is 2.5 s.
    tenancy: { timeoutMs: 4000, failureThreshold: 100, openMs: 1000 },
    development: true,
    logger: silentLogger,
  });
  gatewayOrigin = new URL(stack.gateway.url).origin;
  for (const municipality of municipalities) {
    const rows = [
      facility(`Kita Sonnenschein ${municipality}`, PublicationStatus.PUBLISHED),
      facility(`Kita Entwurf ${municipality}`, PublicationStatus.DRAFT),
    ];
    await stack.instance(municipality, 'facility').database.orm.em.fork().insertMany(FacilityEntity, rows);
    published.set(municipality, rows[0]);
    drafts.set(municipality, rows[1]);
  }
});

afterAll(async () => {
  await stack?.stop();
  for (const server of servers) server.close();
  await dropDatabases(postgresUrl(), await listDatabases(postgresUrl(), prefix));
});

const add = `mutation Add($facilityId: ID!, $input: MediaInput!) { addFacilityMedia(facilityId: $facilityId, input: $input) { id url byteSize } }`;
const officeOf = (municipality: string) => tokenFor({ role: 'office', municipalities: [municipality] });

/** Uploads through the gateway as the municipality's office; returns the answer's FacilityMedia. */
async function upload(row: FacilityEntity, municipality: string, input: Record<string, unknown>): Promise<{ id: string; url: string; byteSize: number }> {
  const { status, body } = await postGraphQL(stack.gateway.url, add, { facilityId: formatId(municipality, row.id), input }, await officeOf(municipality));
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  return body.data.addFacilityMedia;
}

const photo = (content: Buffer) => ({
  kind: 'PHOTO',
  fileName: 'garten.png',
  contentType: 'image/png',
  contentBase64: content.toString('base64'),
  altText: 'Der Garten',
});
const fromGateway = (path: string, headers: Record<string, string> = {}) => fetch(`${gatewayOrigin}${path}`, { headers });
const fileHeaders = ['content-type', 'content-length', 'cache-control', 'etag', 'x-content-type-options', 'content-disposition'];
const headersOf = (response: Response) => Object.fromEntries(fileHeaders.map((name) => [name, response.headers.get(name)]));

/** Registry entries with one municipality's facility URL replaced, as an operator's edit would. */
async function withFacilityUrl(municipality: string, url: string, work: () => Promise<void>): Promise<void> {
  const entries: MunicipalityEntry[] = stack.entries.map((entry) =>
    entry.key === municipality ? { ...entry, subgraphs: { ...entry.subgraphs, facility: url } } : entry,
  );
  await stack.gateway.reload(parseRegistry({ municipalities: entries }, { subgraphs: [...subgraphNames] }));
  try {
    await work();
  } finally {
    await stack.gateway.reload(parseRegistry({ municipalities: stack.entries }, { subgraphs: [...subgraphNames] }));
  }
}

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

describe('photos and attachments through the gateway', () => {
  it("serves each municipality's file at the url the API gives, from that municipality's instance", async () => {
    const contents = new Map([
      [lueneburg, png([255, 0, 0])],
      [landkreis, png([0, 0, 255])],
    ]);
    for (const municipality of municipalities) {
      const added = await upload(published.get(municipality)!, municipality, photo(contents.get(municipality)!));
      const localId = added.id.split(':')[1];
      expect(added.url).toBe(`/media/${municipality}/${localId}`);

      const response = await fromGateway(added.url);
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer())).toEqual(contents.get(municipality));
      const direct = await fetch(stack.instance(municipality, 'facility').url.replace(/\/graphql$/, `/media/${localId}`));
      expect(headersOf(response)).toEqual(headersOf(direct));
      expect(headersOf(response)).toMatchObject({ 'content-type': 'image/png', 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' });

      // The same local ID under the other municipality names nothing there.
      const other = municipalities.find((key) => key !== municipality)!;
      expect((await fromGateway(`/media/${other}/${localId}`)).status).toBe(404);
    }
  });

  it('takes a 5 MiB attachment through both request limits and streams it back whole', async () => {
    const large = pdf(5 * 1024 * 1024 - pdf(0).length - 8);
    expect(large.length).toBeLessThanOrEqual(5 * 1024 * 1024);
    const added = await upload(published.get(landkreis)!, landkreis, {
      kind: 'ATTACHMENT',
      fileName: 'Konzeption.pdf',
      contentType: 'application/pdf',
      contentBase64: large.toString('base64'),
    });
    expect(added.byteSize).toBe(large.length);
    const response = await fromGateway(added.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="Konzeption.pdf"; filename*=UTF-8''Konzeption.pdf`);
    expect(response.headers.get('content-length')).toBe(String(large.length));
    expect(Buffer.from(await response.arrayBuffer()).equals(large)).toBe(true);
  });

  it('passes revalidation through: a matching ETag gets 304 without a body', async () => {
    const added = await upload(published.get(lueneburg)!, lueneburg, photo(png([1, 2, 3])));
    const etag = (await fromGateway(added.url)).headers.get('etag')!;
    const revalidated = await fromGateway(added.url, { 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(await revalidated.text()).toBe('');
  });

  it("passes the bearer token on, so the office can preview a draft's file that the public cannot fetch", async () => {
    const added = await upload(drafts.get(lueneburg)!, lueneburg, photo(png([7, 8, 9])));
    expect((await fromGateway(added.url)).status).toBe(404);
    const preview = await fromGateway(added.url, { authorization: `Bearer ${await officeOf(lueneburg)}` });
    expect(preview.status).toBe(200);
    expect(preview.headers.get('cache-control')).toBe('private, no-cache');
    expect(Buffer.from(await preview.arrayBuffer())).toEqual(png([7, 8, 9]));
  });

  it.each([
    ['a municipality not in the registry', `/media/03101/${newLocalId()}`, 'UNKNOWN_MUNICIPALITY'],
    ['a key that is no municipality key', `/media/lueneburg/${newLocalId()}`, 'UNKNOWN_MUNICIPALITY'],
    ['a key that only starts like a listed one', `/media/033550/${newLocalId()}`, 'UNKNOWN_MUNICIPALITY'],
    ['an unknown file', `/media/${lueneburg}/${newLocalId()}`, 'NOT_FOUND'],
    ['a malformed file ID', `/media/${lueneburg}/garten.png`, 'NOT_FOUND'],
    ['a path without a file', `/media/${lueneburg}`, 'NOT_FOUND'],
    ['a path below a file', `/media/${lueneburg}/${newLocalId()}/x`, 'NOT_FOUND'],
  ])('answers %s with a JSON 404 %s', async (_case, path, code) => {
    const response = await fromGateway(path);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code } }] });
  });

  it('answers 502 MUNICIPALITY_UNAVAILABLE when the instance is down', async () => {
    const added = await upload(published.get(lueneburg)!, lueneburg, photo(png([3, 3, 3])));
    const closed = createServer();
    const url = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    await withFacilityUrl(lueneburg, url, async () => {
      const response = await fromGateway(added.url);
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({
        errors: [{ extensions: { code: 'MUNICIPALITY_UNAVAILABLE', municipality: lueneburg, subgraph: 'facility' } }],
      });
    });
    // Back in the registry, the file is served again.
    expect((await fromGateway(added.url)).status).toBe(200);
  });

  it('answers 504 MUNICIPALITY_UNAVAILABLE when the instance does not answer in time, and 502 when it fails', async () => {
    const added = await upload(published.get(landkreis)!, landkreis, photo(png([4, 4, 4])));
    // Answers the gateway's schema check at once, never a file.
    const silent = await listen(createServer((request, response) => void (request.method === 'POST' && response.writeHead(503).end())));
    await withFacilityUrl(landkreis, silent, async () => {
      const response = await fromGateway(added.url);
      expect(response.status).toBe(504);
      expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'MUNICIPALITY_UNAVAILABLE', municipality: landkreis } }] });
    });
    const failing = await listen(
      createServer((_request, response) => response.writeHead(500, { 'content-type': 'text/plain' }).end('stack trace with secrets')),
    );
    await withFacilityUrl(landkreis, failing, async () => {
      const response = await fromGateway(added.url);
      expect(response.status).toBe(502);
      expect(await response.text()).not.toContain('secrets');
    });
  });

  it('answers a request body over 8 MiB with a JSON 413 and keeps serving', async () => {
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: add,
        variables: { facilityId: formatId(lueneburg, published.get(lueneburg)!.id), input: photo(Buffer.alloc(7 * 1024 * 1024)) },
      }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    for (let request = 0; request < 3; request += 1) expect((await postGraphQL(stack.gateway.url, '{ __typename }')).status).toBe(200);
  });
});
