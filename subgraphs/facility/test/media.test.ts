import { crc32, deflateSync } from 'node:zlib';
import { FacilityEntity, FacilityKind, FacilityMemberRole, facilityModule, PublicationStatus } from '@kita/facility';
import { formatId, newLocalId, type SubgraphServer } from '@kita/shared';
import { postGraphQL, startTestSubgraph, TestDatabases, tokenFor } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FacilityMediaEntity, MediaKind } from '../src/media/media.entity.js';
import { insertMembers } from './support.js';

const lueneburg = '03355022';
const databases = new TestDatabases();
let subgraph: SubgraphServer;
let origin: string;

// Real files, built byte by byte so the test shows what each format starts with.

/** A 1×1 PNG of one RGB colour: signature, IHDR, IDAT (deflated scanline), IEND. */
function png(rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, checksum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0); // width
  header.writeUInt32BE(1, 4); // height
  header[8] = 8; // bits per sample
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, ...rgb]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 1×1 grey baseline JPEG: one quantisation table, one-symbol Huffman tables, one block. */
const jpeg = Buffer.from([
  ...[0xff, 0xd8], // SOI
  ...[0xff, 0xdb, 0x00, 0x43, 0x00, ...Array<number>(64).fill(1)], // DQT
  ...[0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00], // SOF0: 8 bit, 1×1, 1 component
  ...[0xff, 0xc4, 0x00, 0x14, 0x00, 0x01, ...Array<number>(15).fill(0), 0x00], // DHT: DC, code "0" = category 0
  ...[0xff, 0xc4, 0x00, 0x14, 0x10, 0x01, ...Array<number>(15).fill(0), 0x00], // DHT: AC, code "0" = end of block
  ...[0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00], // SOS
  0x3f, // DC 0, EOB, padded with ones
  ...[0xff, 0xd9], // EOI
]);

/** A one-page PDF with a correct cross-reference table; `padding` bytes of comment make it larger. */
function pdf(padding = 0): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];
  let text = `%PDF-1.4\n${padding ? `%${'x'.repeat(padding)}\n` : ''}`;
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

/** A valid PDF of exactly `bytes` bytes. */
function pdfOfSize(bytes: number): Buffer {
  const guess = pdf(bytes - pdf().length - 2);
  // More padding moves the cross-reference table, whose offset then takes more digits.
  return pdf(bytes - pdf().length - 2 - (guess.length - bytes));
}

const facility = (name: string, overrides: Partial<FacilityEntity> = {}) =>
  Object.assign(new FacilityEntity(), {
    kind: FacilityKind.KINDERTAGESSTAETTE,
    name,
    carrier: 'Hansestadt Lüneburg',
    street: 'Am Sande 1',
    postalCode: '21335',
    city: 'Lüneburg',
    district: 'Altstadt',
    latitude: 53.2484,
    longitude: 10.4081,
    ageFromMonths: 0,
    ageToMonths: 72,
    capacity: 40,
    status: PublicationStatus.PUBLISHED,
    ...overrides,
  });

const published = facility('Kita Sonnenblume');
const draft = facility('Kita Entwurf', { status: PublicationStatus.DRAFT });
// A published Tagespflege is public only with a valid Pflegeerlaubnis.
const owned = facility('Kindertagespflege Anna Meyer', {
  kind: FacilityKind.KINDERTAGESPFLEGE,
  capacity: 5,
  permitNumber: 'PE-2026-1',
  permitIssuedOn: '2026-01-01',
  permitValidUntil: '2030-12-31',
  permitMaxChildren: 5,
});
const full = facility('Kita Vollbild');
const idOf = (row: FacilityEntity) => formatId(lueneburg, row.id);

// A Kita carrier's account is a member of three Kitas; Anna Meyer owns her Kindertagespflege.
const tokens = {
  provider: () => tokenFor({ role: 'provider', subject: 'provider-kita-traeger', municipalities: [lueneburg] }),
  providerOfOwned: () => tokenFor({ role: 'provider', subject: 'provider-anna-meyer' }),
  office: () => tokenFor({ role: 'office', municipalities: [lueneburg] }),
};

beforeAll(async () => {
  subgraph = await startTestSubgraph(databases, facilityModule, lueneburg);
  origin = new URL(subgraph.url).origin;
  const em = subgraph.database.orm.em.fork();
  await em.insertMany(FacilityEntity, [published, draft, owned, full]);
  await insertMembers(subgraph, 'provider-kita-traeger', [published.id, draft.id, full.id], FacilityMemberRole.MEMBER);
  await insertMembers(subgraph, 'provider-anna-meyer', [owned.id]);
  // A facility at the limit of 20, written directly: the limit test needs no 20 uploads.
  await em.insertMany(
    FacilityMediaEntity,
    Array.from({ length: 20 }, (_, position) =>
      Object.assign(new FacilityMediaEntity(), {
        facilityId: full.id,
        kind: MediaKind.PHOTO,
        contentType: 'image/png',
        fileName: `bild-${position}.png`,
        byteSize: 8,
        sha256: '0'.repeat(64),
        content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        altText: `Bild ${position}`,
        position,
      }),
    ),
  );
});

afterAll(async () => {
  await subgraph?.close();
  await databases.drop();
});

const add = `mutation Add($facilityId: ID!, $input: MediaInput!) {
  addFacilityMedia(facilityId: $facilityId, input: $input) { id kind url contentType fileName byteSize altText caption }
}`;
const remove = `mutation Remove($id: ID!) { removeFacilityMedia(id: $id) }`;
const mediaOf = `query Media($id: ID!) { facility(id: $id) { media { id kind url contentType fileName byteSize altText caption } } }`;

const photoInput = (content: Buffer, overrides: Record<string, unknown> = {}) => ({
  kind: 'PHOTO',
  fileName: 'garten.png',
  contentType: 'image/png',
  contentBase64: content.toString('base64'),
  altText: 'Kinder spielen im Sandkasten',
  ...overrides,
});
const attachmentInput = (content: Buffer, overrides: Record<string, unknown> = {}) => ({
  kind: 'ATTACHMENT',
  fileName: 'Konzeption 2026.pdf',
  contentType: 'application/pdf',
  contentBase64: content.toString('base64'),
  ...overrides,
});

async function storedRows(): Promise<number> {
  const [{ count }] = await subgraph.database.orm.em.fork().execute<Array<{ count: number }>>('select count(*)::int as count from facility_media');
  return count;
}

/** Adds a photo to `facility` as its provider and returns the answer's FacilityMedia. */
async function addPhoto(row: FacilityEntity, content = png([200, 80, 40]), overrides: Record<string, unknown> = {}) {
  const { body } = await postGraphQL(subgraph.url, add, { facilityId: idOf(row), input: photoInput(content, overrides) }, await tokens.office());
  expect(body.errors).toBeUndefined();
  return body.data.addFacilityMedia as { id: string; url: string };
}

const get = (localId: string, headers: Record<string, string> = {}, method = 'GET') => fetch(`${origin}/media/${localId}`, { method, headers });
const localIdOf = (id: string) => id.split(':')[1];

describe('adding photos and attachments', () => {
  it('stores a PNG, a JPEG and a PDF and lists them on the facility, photos first', async () => {
    const before = await storedRows();
    const provider = await tokens.provider();
    const files = [
      { input: attachmentInput(pdf(), { caption: 'Unsere pädagogische Konzeption' }), content: pdf() },
      { input: photoInput(png([30, 144, 255]), { caption: 'Der Garten im Sommer' }), content: png([30, 144, 255]) },
      { input: photoInput(jpeg, { fileName: 'gruppenraum.jpg', contentType: 'image/jpeg', altText: 'Der helle Gruppenraum' }), content: jpeg },
    ];
    const added = [];
    for (const file of files) {
      const { status, body } = await postGraphQL(subgraph.url, add, { facilityId: idOf(published), input: file.input }, provider);
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      added.push(body.data.addFacilityMedia);
    }
    expect(await storedRows()).toBe(before + 3);

    const [attachment, photo, jpegPhoto] = added;
    expect(photo).toEqual({
      id: expect.stringMatching(/^03355022:[0-9a-f-]{36}$/),
      kind: 'PHOTO',
      url: `/media/03355022/${localIdOf(photo.id)}`,
      contentType: 'image/png',
      fileName: 'garten.png',
      byteSize: png([30, 144, 255]).length,
      altText: 'Kinder spielen im Sandkasten',
      caption: 'Der Garten im Sommer',
    });
    expect(attachment).toMatchObject({ kind: 'ATTACHMENT', contentType: 'application/pdf', altText: '', byteSize: pdf().length });

    const { body } = await postGraphQL(subgraph.url, mediaOf, { id: idOf(published) });
    expect(body.data.facility.media).toEqual([photo, jpegPhoto, attachment]);

    const row = await subgraph.database.orm.em.fork().findOneOrFail(FacilityMediaEntity, { id: localIdOf(photo.id) }, { populate: ['content'] });
    expect(row.content).toEqual(png([30, 144, 255]));
    expect(row.facilityId).toBe(published.id);
  });

  it('resolves Facility.media for entity references, batched into one statement for many facilities', async () => {
    await addPhoto(owned);
    const representations = [published, owned, draft].map((row) => ({ __typename: 'Facility', id: idOf(row) }));
    const { result, statements } = await subgraph.database.statements.measure(() =>
      postGraphQL(subgraph.url, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Facility { id media { kind fileName } } } }`, {
        r: representations,
      }),
    );
    expect(result.body.errors).toBeUndefined();
    const [first, second, hidden] = result.body.data._entities;
    expect(first.media.map((media: any) => media.fileName)).toEqual(['garten.png', 'gruppenraum.jpg', 'Konzeption 2026.pdf']);
    expect(second.media).toEqual([{ kind: 'PHOTO', fileName: 'garten.png' }]);
    // A draft is not visible to the public, and neither are its media.
    expect(hidden).toBeNull();
    expect(statements.filter((sql) => sql.includes('facility_media'))).toHaveLength(1);
    // Listing never reads the bytes.
    expect(statements.some((sql) => /facility_media/.test(sql) && /"content"/.test(sql))).toBe(false);
  });

  it('accepts an attachment of exactly 5 MiB, a body the default 1 MB request limit would refuse', async () => {
    const large = pdfOfSize(5 * 1024 * 1024);
    expect(large.length).toBe(5 * 1024 * 1024);
    const { body } = await postGraphQL(subgraph.url, add, { facilityId: idOf(draft), input: attachmentInput(large) }, await tokens.office());
    expect(body.errors).toBeUndefined();
    expect(body.data.addFacilityMedia.byteSize).toBe(large.length);
    await postGraphQL(subgraph.url, remove, { id: body.data.addFacilityMedia.id }, await tokens.office());
  });
});

describe('refusing bad uploads, storing nothing', () => {
  const tooLargePhoto = Buffer.concat([png([1, 2, 3]), Buffer.alloc(2 * 1024 * 1024)]);
  const cases: Array<[string, string, string, Record<string, unknown>]> = [
    ['a photo over 2 MiB', 'PAYLOAD_TOO_LARGE', 'input.contentBase64', photoInput(tooLargePhoto)],
    ['an attachment over 5 MiB', 'PAYLOAD_TOO_LARGE', 'input.contentBase64', attachmentInput(pdfOfSize(5 * 1024 * 1024 + 1))],
    ['HTML declared as a PNG', 'UNSUPPORTED_MEDIA_TYPE', 'input.contentBase64', photoInput(Buffer.from('<html><script>alert(1)</script></html>'))],
    ['a JPEG declared as a PNG', 'UNSUPPORTED_MEDIA_TYPE', 'input.contentBase64', photoInput(jpeg)],
    ['a PDF as a photo', 'UNSUPPORTED_MEDIA_TYPE', 'input.contentType', photoInput(pdf(), { contentType: 'application/pdf' })],
    ['a PNG as an attachment', 'UNSUPPORTED_MEDIA_TYPE', 'input.contentType', attachmentInput(png([0, 0, 0]), { contentType: 'image/png' })],
    [
      'an SVG',
      'UNSUPPORTED_MEDIA_TYPE',
      'input.contentType',
      photoInput(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), { contentType: 'image/svg+xml' }),
    ],
    ['content that is not base64', 'BAD_USER_INPUT', 'input.contentBase64', photoInput(png([0, 0, 0]), { contentBase64: 'iVBORw0KGgo*AAAA' })],
    ['a photo without alt text', 'BAD_USER_INPUT', 'input.altText', photoInput(png([0, 0, 0]), { altText: null })],
    ['a photo with alt text of 2 characters', 'BAD_USER_INPUT', 'input.altText', photoInput(png([0, 0, 0]), { altText: 'ab' })],
    ['a caption of 501 characters', 'BAD_USER_INPUT', 'input.caption', photoInput(png([0, 0, 0]), { caption: 'x'.repeat(501) })],
    ['a file name with a path', 'BAD_USER_INPUT', 'input.fileName', photoInput(png([0, 0, 0]), { fileName: '../garten.png' })],
    ['a file name of 201 characters', 'BAD_USER_INPUT', 'input.fileName', photoInput(png([0, 0, 0]), { fileName: `${'a'.repeat(197)}.png` })],
  ];

  it.each(cases)('refuses %s with %s naming %s', async (_case, code, argument, input) => {
    const before = await storedRows();
    const { status, body } = await postGraphQL(subgraph.url, add, { facilityId: idOf(published), input }, await tokens.provider());
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions).toMatchObject({ code, argument });
    expect(await storedRows()).toBe(before);
  });

  it('refuses a 21st photo or attachment of a facility', async () => {
    const before = await storedRows();
    const { body } = await postGraphQL(subgraph.url, add, { facilityId: idOf(full), input: photoInput(png([0, 0, 0])) }, await tokens.provider());
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'facilityId', limit: 20 });
    expect(await storedRows()).toBe(before);
  });

  it('lets concurrent uploads together fill a facility up to the limit, not past it', async () => {
    const almostFull = facility('Kita Fast Voll');
    await subgraph.database.orm.em.fork().insert(FacilityEntity, almostFull);
    const office = await tokens.office();
    const answers = await Promise.all(
      Array.from({ length: 24 }, () => postGraphQL(subgraph.url, add, { facilityId: idOf(almostFull), input: photoInput(png([9, 9, 9])) }, office)),
    );
    expect(answers.filter((answer) => !answer.body.errors)).toHaveLength(20);
    expect(answers.filter((answer) => answer.body.errors?.[0].extensions?.code === 'BAD_USER_INPUT')).toHaveLength(4);
  });

  it('answers a request body over 8 MiB with a JSON 413, not a crash', async () => {
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: add, variables: { facilityId: idOf(published), input: attachmentInput(Buffer.alloc(7 * 1024 * 1024)) } }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    // The instance still serves, also on connections kept alive from before.
    for (let request = 0; request < 4; request += 1) {
      expect((await postGraphQL(subgraph.url, mediaOf, { id: idOf(published) })).status).toBe(200);
    }
  });
});

describe('who may add and remove', () => {
  const refusals: Array<[string, string, () => Promise<string | undefined>, () => string]> = [
    ['anonymous', 'UNAUTHENTICATED', async () => undefined, () => idOf(published)],
    ['a parent', 'FORBIDDEN', () => tokenFor({ role: 'parent' }), () => idOf(published)],
    ['an analyst of the municipality', 'FORBIDDEN', () => tokenFor({ role: 'analyst', municipalities: [lueneburg] }), () => idOf(published)],
    ['the provider of another facility', 'FORBIDDEN', () => tokens.providerOfOwned(), () => idOf(published)],
    ["another provider, for an owner's facility", 'FORBIDDEN', () => tokenFor({ role: 'provider', subject: 'someone-else' }), () => idOf(owned)],
    ['the office of another municipality', 'FORBIDDEN', () => tokenFor({ role: 'office', municipalities: ['03355'] }), () => idOf(published)],
    ['the office, for a facility of another municipality', 'WRONG_MUNICIPALITY', () => tokens.office(), () => formatId('03355', newLocalId())],
    ['the office, for an unknown facility', 'NOT_FOUND', () => tokens.office(), () => formatId(lueneburg, newLocalId())],
    [
      'a provider, for an unknown facility',
      'FORBIDDEN',
      () => tokenFor({ role: 'provider', subject: 'provider-anna-meyer' }),
      () => formatId(lueneburg, newLocalId()),
    ],
    ['the office, for a malformed ID', 'INVALID_ID', () => tokens.office(), () => 'kita-sonnenblume'],
  ];

  it.each(refusals)('refuses %s with %s', async (_who, code, token, facilityId) => {
    const before = await storedRows();
    const { body } = await postGraphQL(subgraph.url, add, { facilityId: facilityId(), input: photoInput(png([5, 5, 5])) }, await token());
    expect(body.errors?.[0].extensions?.code).toBe(code);
    expect(await storedRows()).toBe(before);
  });

  it.each([
    ['a member of the facility', () => tokens.provider(), () => published],
    ['the owner of the facility', () => tokens.providerOfOwned(), () => owned],
    ['the office of the municipality, for a draft', () => tokens.office(), () => draft],
  ])('lets %s add and remove', async (_who, token, row) => {
    const before = await storedRows();
    const added = await postGraphQL(subgraph.url, add, { facilityId: idOf(row()), input: photoInput(png([7, 7, 7])) }, await token());
    expect(added.body.errors).toBeUndefined();
    expect(await storedRows()).toBe(before + 1);
    const removed = await postGraphQL(subgraph.url, remove, { id: added.body.data.addFacilityMedia.id }, await token());
    expect(removed.body).toEqual({ data: { removeFacilityMedia: added.body.data.addFacilityMedia.id } });
    expect(await storedRows()).toBe(before);
  });

  it('refuses removals by anyone else, of unknown IDs and of another municipality, keeping the file', async () => {
    const photo = await addPhoto(published);
    const before = await storedRows();
    const attempts: Array<[string, string | undefined, string]> = [
      [photo.id, undefined, 'UNAUTHENTICATED'],
      [photo.id, await tokens.providerOfOwned(), 'FORBIDDEN'],
      [photo.id, await tokenFor({ role: 'office', municipalities: ['03355'] }), 'FORBIDDEN'],
      [formatId(lueneburg, newLocalId()), await tokens.office(), 'NOT_FOUND'],
      [formatId('03355', localIdOf(photo.id)), await tokens.office(), 'WRONG_MUNICIPALITY'],
    ];
    for (const [id, token, code] of attempts) {
      const { body } = await postGraphQL(subgraph.url, remove, { id }, token);
      expect(body.errors?.[0].extensions?.code, code).toBe(code);
    }
    expect(await storedRows()).toBe(before);
    expect((await get(localIdOf(photo.id))).status).toBe(200);
  });

  it('stops serving a removed file', async () => {
    const photo = await addPhoto(published);
    expect((await get(localIdOf(photo.id))).status).toBe(200);
    await postGraphQL(subgraph.url, remove, { id: photo.id }, await tokens.provider());
    expect((await get(localIdOf(photo.id))).status).toBe(404);
  });
});

describe('serving files at /media/<id>', () => {
  it('serves a photo byte for byte with type, length, caching and an ETag', async () => {
    const content = png([12, 34, 56]);
    const photo = await addPhoto(published, content);
    const response = await get(localIdOf(photo.id));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(content);
    expect(
      Object.fromEntries(
        ['content-type', 'content-length', 'cache-control', 'x-content-type-options', 'content-disposition', 'etag'].map((name) => [
          name,
          response.headers.get(name),
        ]),
      ),
    ).toEqual({
      'content-type': 'image/png',
      'content-length': String(content.length),
      'cache-control': 'public, max-age=3600',
      'x-content-type-options': 'nosniff',
      'content-disposition': 'inline',
      etag: `"${(await import('node:crypto')).createHash('sha256').update(content).digest('hex')}"`,
    });
  });

  it('answers a matching If-None-Match with 304 and no body, and a stale one with the file', async () => {
    const photo = await addPhoto(published, png([1, 1, 1]));
    const etag = (await get(localIdOf(photo.id))).headers.get('etag')!;
    const revalidated = await get(localIdOf(photo.id), { 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(await revalidated.text()).toBe('');
    const stale = await get(localIdOf(photo.id), { 'if-none-match': '"0000"' });
    expect(stale.status).toBe(200);
    expect(Buffer.from(await stale.arrayBuffer())).toEqual(png([1, 1, 1]));
  });

  it('offers a PDF as a download under its name, safely encoded', async () => {
    const { body } = await postGraphQL(
      subgraph.url,
      add,
      { facilityId: idOf(published), input: attachmentInput(pdf(), { fileName: 'Gebühren "2026".pdf' }) },
      await tokens.office(),
    );
    const response = await get(localIdOf(body.data.addFacilityMedia.id));
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="Geb_hren _2026_.pdf"; filename*=UTF-8''Geb%C3%BChren%20%222026%22.pdf`);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(pdf());
  });

  it('answers HEAD with the headers only', async () => {
    const photo = await addPhoto(published, jpeg, { fileName: 'a.jpg', contentType: 'image/jpeg' });
    const response = await get(localIdOf(photo.id), {}, 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(jpeg.length));
    expect(await response.text()).toBe('');
  });

  it("serves a draft's file only to its office and providers, never for caching by others", async () => {
    const photo = await addPhoto(draft, png([4, 5, 6]));
    const anonymous = await get(localIdOf(photo.id));
    expect(anonymous.status).toBe(404);
    const stranger = await get(localIdOf(photo.id), { authorization: `Bearer ${await tokens.providerOfOwned()}` });
    expect(stranger.status).toBe(404);
    for (const token of [await tokens.office(), await tokens.provider()]) {
      const response = await get(localIdOf(photo.id), { authorization: `Bearer ${token}` });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('private, no-cache');
      expect(Buffer.from(await response.arrayBuffer())).toEqual(png([4, 5, 6]));
    }
    const badToken = await get(localIdOf(photo.id), { authorization: 'Bearer not-a-token' });
    expect(badToken.status).toBe(401);
    expect(await badToken.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it.each([
    ['an unknown ID', newLocalId()],
    ['a malformed ID', 'not-a-uuid'],
    ['a UUID that is not v7', '2f1c3a7e-3b7c-4d2a-9c11-0b6a7a1e2f3d'],
    ['a global ID', `${lueneburg}:${newLocalId()}`],
    ['a nested path', `${newLocalId()}/x`],
  ])('answers %s with a JSON 404', async (_case, localId) => {
    const response = await get(localId);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });

  it('refuses writes to a file path', async () => {
    const photo = await addPhoto(published);
    const response = await fetch(`${origin}/media/${localIdOf(photo.id)}`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect((await get(localIdOf(photo.id))).status).toBe(200);
  });
});
