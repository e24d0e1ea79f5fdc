import { insideArea } from '@kita/registry';
import { describe, expect, it } from 'vitest';
import {
  ageInMonths,
  type DemoData,
  dayNumber,
  defaultFacilityCount,
  demoData,
  formatDay,
  KRIPPE_PLACES_IN_AUGUST,
  municipalities,
  municipalityInfo,
  nextAugustFirst,
  placementOf,
  waitingChild,
  waitingTwiceIn,
} from './demo-data.js';

const EXPECTED: [string, string, 'CITY' | 'LANDKREIS' | 'REGION'][] = [
  ['03355022', 'Hansestadt Lüneburg', 'CITY'],
  ['03355', 'Landkreis Lüneburg', 'LANDKREIS'],
  ['03241001', 'Landeshauptstadt Hannover', 'CITY'],
  ['03241', 'Region Hannover', 'REGION'],
  ['03101', 'Stadt Braunschweig', 'CITY'],
  ['03103', 'Stadt Wolfsburg', 'CITY'],
  ['03403', 'Stadt Oldenburg (Oldb)', 'CITY'],
  ['03404', 'Stadt Osnabrück', 'CITY'],
  ['03151', 'Landkreis Gifhorn', 'LANDKREIS'],
  ['03159', 'Landkreis Göttingen', 'LANDKREIS'],
  ['03254', 'Landkreis Hildesheim', 'LANDKREIS'],
  ['03351', 'Landkreis Celle', 'LANDKREIS'],
  ['03352', 'Landkreis Cuxhaven', 'LANDKREIS'],
  ['03353', 'Landkreis Harburg', 'LANDKREIS'],
  ['03354', 'Landkreis Lüchow-Dannenberg', 'LANDKREIS'],
  ['03358', 'Heidekreis', 'LANDKREIS'],
  ['03359', 'Landkreis Stade', 'LANDKREIS'],
  ['03360', 'Landkreis Uelzen', 'LANDKREIS'],
  ['03452', 'Landkreis Aurich', 'LANDKREIS'],
  ['03454', 'Landkreis Emsland', 'LANDKREIS'],
  ['03457', 'Landkreis Leer', 'LANDKREIS'],
];

const LUENEBURG_STADTTEILE = [
  'Altstadt',
  'Bockelsberg',
  'Ebensberg',
  'Goseburg-Zeltberg',
  'Häcklingen',
  'Kaltenmoor',
  'Kreideberg',
  'Lüne-Moorfeld',
  'Mittelfeld',
  'Neu Hagen',
  'Ochtmissen',
  'Oedeme',
  'Rettmer',
  'Rotes Feld',
  'Schützenplatz',
  'Weststadt',
  'Wilschenbruch',
];
const LANDKREIS_LUENEBURG = ['Adendorf', 'Amt Neuhaus', 'Bardowick', 'Bleckede', 'Dahlenburg', 'Gellersen', 'Ilmenau', 'Ostheide', 'Scharnebeck'];

/** Angular distance in degrees (equirectangular; fine at these scales): a degree of longitude is shorter than one of latitude. */
function degreesApart(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const dLat = a.latitude - b.latitude;
  const dLon = (a.longitude - b.longitude) * Math.cos((((a.latitude + b.latitude) / 2) * Math.PI) / 180);
  return Math.hypot(dLat, dLon);
}
/** Plain distance in raw degrees, as a map user would eyeball it. */
function rawDegreesApart(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  return Math.hypot(a.latitude - b.latitude, a.longitude - b.longitude);
}
const dayOfText = (text: string) => dayNumber(new Date(`${text}T00:00:00Z`));
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

// Two dates either side of 1 August, so the "next 1 August" is close and far away.
const TODAYS = [new Date('2025-03-15T09:30:00Z'), new Date('2025-10-20T18:00:00Z')];
const all = (today: Date): DemoData[] => municipalities.map((m) => demoData(m.key, { today }));

describe('municipalities', () => {
  it('lists all 21 of DOMAIN.md in table order with their names and kinds', () => {
    expect(municipalities.map((m) => [m.key, m.name, m.kind])).toEqual(EXPECTED);
    for (const [key, name] of EXPECTED) expect(municipalityInfo(key).name).toBe(name);
  });

  it('sets parents for the two cities inside a Landkreis / the Region only', () => {
    const parents = Object.fromEntries(municipalities.filter((m) => m.parent).map((m) => [m.key, m.parent]));
    expect(parents).toEqual({ '03355022': '03355', '03241001': '03241' });
  });

  it('throws on an unknown key', () => {
    expect(() => municipalityInfo('99999')).toThrow(/Unknown municipality/);
    expect(() => demoData('03355023')).toThrow(/Unknown municipality/);
  });

  it('has exactly the 17 Stadtteile of Hansestadt Lüneburg and the Gemeinden of Landkreis Lüneburg', () => {
    expect(
      municipalityInfo('03355022')
        .districts.map((x) => x.name)
        .sort(),
    ).toEqual([...LUENEBURG_STADTTEILE].sort());
    expect(municipalityInfo('03355').districts.map((x) => x.name)).toEqual(expect.arrayContaining(LANDKREIS_LUENEBURG));
    const kaltenmoor = municipalityInfo('03355022').districts.find((x) => x.name === 'Kaltenmoor')!;
    expect(rawDegreesApart(kaltenmoor, { latitude: 53.2384, longitude: 10.4328 })).toBeLessThan(0.01);
    expect(rawDegreesApart(municipalityInfo('03355022').center, { latitude: 53.2464, longitude: 10.4115 })).toBeLessThan(0.01);
  });

  it('has at least 6 distinct districts per municipality, each near its center', () => {
    for (const m of municipalities) {
      expect(m.districts.length, m.name).toBeGreaterThanOrEqual(6);
      expect(new Set(m.districts.map((x) => x.name)).size, m.name).toBe(m.districts.length);
      for (const x of m.districts) {
        expect(degreesApart(x, m.center), `${m.name}: ${x.name}`).toBeLessThan(0.24);
        // Lower Saxony, roughly.
        expect(x.latitude).toBeGreaterThan(51.3);
        expect(x.latitude).toBeLessThan(53.9);
        expect(x.longitude).toBeGreaterThan(6.6);
        expect(x.longitude).toBeLessThan(11.6);
      }
    }
    // Cities are compact: every Stadtteil lies within a few kilometres of the center.
    for (const m of municipalities.filter((x) => x.kind === 'CITY')) {
      for (const x of m.districts) expect(degreesApart(x, m.center), `${m.name}: ${x.name}`).toBeLessThan(0.08);
    }
  });
});

describe('demoData', () => {
  it('is deterministic for the same key, options and today', () => {
    for (const today of TODAYS) {
      for (const key of ['03355022', '03241', '03454']) {
        expect(demoData(key, { today })).toEqual(demoData(key, { today }));
        expect(demoData(key, { today, facilities: 7 })).toEqual(demoData(key, { today, facilities: 7 }));
      }
    }
    // Only the calendar day of `today` matters.
    expect(demoData('03101', { today: new Date('2025-03-15T00:00:01Z') })).toEqual(demoData('03101', { today: new Date('2025-03-15T23:59:59Z') }));
  });

  it('keeps the facilities when only today changes, and differs between municipalities', () => {
    const [a, b] = TODAYS.map((today) => demoData('03355022', { today }));
    expect(a.facilities).toEqual(b.facilities);
    expect(a.vacancies).not.toEqual(b.vacancies);
    const names = all(TODAYS[0]).map((x) => x.facilities.map((f) => f.name).join('|'));
    expect(new Set(names).size).toBe(21);
  });

  it('defaults to ~40 facilities for Lüneburg and Hannover, 25–35 elsewhere, several hundred in total', () => {
    const data = all(TODAYS[0]);
    for (const d of data) {
      const n = d.facilities.length;
      expect(n).toBe(defaultFacilityCount(d.municipality.key));
      if (['03355022', '03241001'].includes(d.municipality.key)) expect(n).toBe(40);
      else {
        expect(n, d.municipality.name).toBeGreaterThanOrEqual(25);
        expect(n, d.municipality.name).toBeLessThanOrEqual(35);
      }
    }
    const total = data.reduce((sum, d) => sum + d.facilities.length, 0);
    expect(total).toBeGreaterThanOrEqual(400);
    expect(total).toBeLessThanOrEqual(900);
  });

  it('honours options.facilities', () => {
    for (const n of [0, 1, 2, 5, 120]) {
      const d = demoData('03355022', { today: TODAYS[0], facilities: n });
      expect(d.facilities).toHaveLength(n);
      for (const v of d.vacancies) expect(v.facilityIndex).toBeLessThan(n);
    }
    expect(() => demoData('03355', { facilities: -1 })).toThrow();
  });

  it('places every facility in its district, near the municipality center, with a real district name', () => {
    for (const d of all(TODAYS[0])) {
      const districts = new Map(d.municipality.districts.map((x) => [x.name, x]));
      for (const f of d.facilities) {
        const x = districts.get(f.district);
        expect(x, `${d.municipality.name}: ${f.district}`).toBeDefined();
        expect(rawDegreesApart(f, x!), f.name).toBeLessThanOrEqual(0.02);
        expect(degreesApart(f, d.municipality.center), `${d.municipality.name}: ${f.name}`).toBeLessThanOrEqual(0.25);
      }
    }
  });

  it("holds every facility inside its municipality's area (the registry's, which the gateway routes by); the city's inside its Landkreis'", () => {
    for (const municipality of municipalities) {
      expect(insideArea(municipality.center, municipality.area), municipality.name).toBe(true);
      for (const facility of demoData(municipality.key, { facilities: 300, today: new Date(Date.UTC(2026, 5, 1)) }).facilities)
        expect(insideArea(facility, municipality.area), `${municipality.name}: ${facility.name}`).toBe(true);
    }
    const city = municipalityInfo('03355022').area;
    const landkreis = municipalityInfo('03355').area;
    expect(city.south >= landkreis.south && city.north <= landkreis.north && city.west >= landkreis.west && city.east <= landkreis.east).toBe(true);
  });

  it('produces plausible facilities', () => {
    const counts = { KINDERTAGESSTAETTE: 0, KINDERTAGESPFLEGE: 0, GROSSTAGESPFLEGE: 0 };
    let published = 0;
    let total = 0;
    for (const d of all(TODAYS[0])) {
      expect(new Set(d.facilities.map((f) => f.name)).size, d.municipality.name).toBe(d.facilities.length);
      for (const f of d.facilities) {
        total++;
        counts[f.kind]++;
        if (f.status === 'PUBLISHED') published++;
        expect(['PUBLISHED', 'DRAFT', 'SUBMITTED']).toContain(f.status);
        expect(f.name.length).toBeGreaterThan(5);
        expect(f.carrier.length).toBeGreaterThan(3);
        expect(f.street).toMatch(/^\D.* \d+[a-z]?$/);
        expect(f.postalCode).toMatch(/^\d{5}$/);
        expect(f.city.length).toBeGreaterThan(2);
        expect(f.openingHours.length).toBeGreaterThanOrEqual(4);
        for (const o of f.openingHours) {
          expect(o.weekday).toBeGreaterThanOrEqual(1);
          expect(o.weekday).toBeLessThanOrEqual(5);
          expect(o.opens).toMatch(TIME);
          expect(o.closes).toMatch(TIME);
          expect(o.opens < o.closes).toBe(true);
        }
        if (f.kind === 'KINDERTAGESSTAETTE') {
          expect([
            [0, 36],
            [36, 72],
            [0, 72],
            [72, 144],
          ]).toContainEqual([f.ageFromMonths, f.ageToMonths]);
          expect(f.capacity).toBeGreaterThanOrEqual(20);
          expect(f.capacity).toBeLessThanOrEqual(120);
          expect(f.carrierType).not.toBe('PERSON');
        } else {
          expect([f.ageFromMonths, f.ageToMonths]).toEqual([0, 36]);
          expect(f.carrierType).toBe('PERSON');
          if (f.kind === 'KINDERTAGESPFLEGE') {
            expect(f.capacity).toBeLessThanOrEqual(5);
            expect(f.name).toMatch(/^(Kinder)?[Tt]agespflege /);
          } else expect([8, 10]).toContain(f.capacity);
        }
      }
    }
    expect(counts.KINDERTAGESSTAETTE / total).toBeGreaterThan(0.5);
    expect(counts.KINDERTAGESSTAETTE / total).toBeLessThan(0.6);
    expect(counts.KINDERTAGESPFLEGE / total).toBeGreaterThan(0.3);
    expect(counts.KINDERTAGESPFLEGE / total).toBeLessThan(0.4);
    expect(counts.GROSSTAGESPFLEGE / total).toBeGreaterThan(0.07);
    expect(counts.GROSSTAGESPFLEGE / total).toBeLessThan(0.13);
    expect(published / total).toBeGreaterThan(0.82);
    expect(published / total).toBeLessThan(0.96);
  });

  it('has at least two published Krippen (0–36 months) in Kaltenmoor, one with a free place', () => {
    for (const options of [{}, { facilities: 2 }, { facilities: 5 }, { facilities: 80 }]) {
      const d = demoData('03355022', { today: TODAYS[1], ...options });
      const krippen = d.facilities
        .map((f, index) => ({ f, index }))
        .filter(
          ({ f }) =>
            f.district === 'Kaltenmoor' && f.kind === 'KINDERTAGESSTAETTE' && f.ageFromMonths === 0 && f.ageToMonths === 36 && f.status === 'PUBLISHED',
        );
      expect(krippen.length).toBeGreaterThanOrEqual(2);
      const withPlace = d.vacancies.filter((v) => krippen.some((k) => k.index === v.facilityIndex) && v.ageFromMonths === 0);
      expect(withPlace.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('produces vacancies within the facilities, their age ranges and the date window', () => {
    for (const today of TODAYS) {
      const t = dayNumber(today);
      const august = formatDay(nextAugustFirst(t));
      let withVacancies = 0;
      let facilities = 0;
      for (const d of all(today)) {
        facilities += d.facilities.length;
        withVacancies += new Set(d.vacancies.map((v) => v.facilityIndex)).size;
        expect(
          d.vacancies.some((v) => v.availableFrom === august),
          d.municipality.name,
        ).toBe(true);
        for (const v of d.vacancies) {
          expect(Number.isInteger(v.facilityIndex)).toBe(true);
          expect(v.facilityIndex).toBeGreaterThanOrEqual(0);
          expect(v.facilityIndex).toBeLessThan(d.facilities.length);
          const f = d.facilities[v.facilityIndex];
          expect(f.status).not.toBe('DRAFT');
          expect(v.ageFromMonths).toBeGreaterThanOrEqual(f.ageFromMonths);
          expect(v.ageToMonths).toBeLessThanOrEqual(f.ageToMonths);
          expect(v.ageFromMonths).toBeLessThan(v.ageToMonths);
          expect(v.places).toBeGreaterThanOrEqual(1);
          expect(v.places).toBeLessThanOrEqual(f.kind === 'KINDERTAGESPFLEGE' ? 2 : 5);
          expect(['HALF_DAY', 'THREE_QUARTER', 'FULL_DAY']).toContain(v.hoursBand);
          expect(v.availableFrom).toMatch(DATE);
          const from = dayOfText(v.availableFrom);
          expect(from).toBeGreaterThanOrEqual(t - 30);
          // The start of the Kita year is always offered, even when it is more than 270 days away.
          if (v.availableFrom !== august) expect(from).toBeLessThanOrEqual(t + 270);
          if (v.availableUntil !== null) {
            expect(v.availableUntil).toMatch(DATE);
            expect(v.availableUntil > v.availableFrom).toBe(true);
          }
        }
      }
      // About 62% drawn, and the three Kitas and three Tagespflege that always offer places next August.
      expect(withVacancies / facilities).toBeGreaterThan(0.5);
      expect(withVacancies / facilities).toBeLessThan(0.75);
    }
  });

  it("keeps its vacancies to the groups the seed makes of a facility: one group's ages, a band it offers, no more places than it has", () => {
    for (const today of TODAYS) {
      for (const d of all(today)) {
        const offered = new Map<number, number>();
        for (const v of d.vacancies) {
          const f = d.facilities[v.facilityIndex];
          offered.set(v.facilityIndex, (offered.get(v.facilityIndex) ?? 0) + v.places);
          // A Kita spanning 36 months has a Krippe and a Kindergarten group; Tagespflege groups are THREE_QUARTER.
          if (f.kind === 'KINDERTAGESSTAETTE' && f.ageFromMonths < 36 && f.ageToMonths > 36) expect(v.ageFromMonths >= 36 || v.ageToMonths <= 36).toBe(true);
          if (f.kind !== 'KINDERTAGESSTAETTE') expect(v.hoursBand).not.toBe('FULL_DAY');
        }
        for (const [index, places] of offered) expect(places, d.facilities[index].name).toBeLessThanOrEqual(d.facilities[index].capacity);
      }
    }
  });

  it('offers places from the next 1 August to one- to three-year-olds in three Kitas and three Tagespflege of every municipality, on any day', () => {
    // Either side of 1 August and of a year's and a month's end, a leap day, and every 30th day of three years.
    const days = ['2026-07-31', '2026-08-01', '2026-12-31', '2027-01-01', '2027-02-28', '2028-02-29', '2028-07-31', '2028-08-01'].map(
      (day) => new Date(`${day}T23:30:00Z`),
    );
    for (let day = dayNumber(new Date('2026-01-01')); day < dayNumber(new Date('2029-01-01')); day += 30) days.push(new Date(day * 86_400_000 + 9 * 3_600_000));
    const kindsOf = [['KINDERTAGESSTAETTE'], ['KINDERTAGESPFLEGE', 'GROSSTAGESPFLEGE']];
    for (const today of days) {
      const august = formatDay(nextAugustFirst(dayNumber(today)));
      for (const d of all(today)) {
        for (const kinds of kindsOf) {
          const offering = new Set(
            d.vacancies
              .filter((v) => v.availableFrom === august && v.ageFromMonths <= 12 && v.ageToMonths >= 36 && kinds.includes(d.facilities[v.facilityIndex].kind))
              .map((v) => v.facilityIndex),
          );
          const eligible = d.facilities.filter((f) => f.status === 'PUBLISHED' && kinds.includes(f.kind) && f.ageFromMonths <= 12 && f.ageToMonths >= 36);
          expect(offering.size, `${d.municipality.name} ${kinds[0]} ${formatDay(dayNumber(today))}`).toBeGreaterThanOrEqual(
            Math.min(KRIPPE_PLACES_IN_AUGUST, eligible.length),
          );
        }
      }
    }
  });

  it('always has what the portal test searches for near Kaltenmoor: three city Kitas and three Tagespflege in the Landkreis within 20 km, with a place next August for a child of 14 months', () => {
    // clients/portal/test/portal.test.ts: 30 facilities per municipality, a child born 14 months
    // before the wished start (the next 1 August), 25 hours a week, within 20 km of Kaltenmoor.
    const kaltenmoor = { latitude: 53.2384, longitude: 10.4328 };
    const kmApart = (a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) => degreesApart(a, b) * 111.2;
    for (let day = dayNumber(new Date('2026-01-01')); day < dayNumber(new Date('2029-01-01')); day += 3) {
      const today = new Date(day * 86_400_000 + 12 * 3_600_000);
      const august = formatDay(nextAugustFirst(day));
      const found = (key: string, kinds: string[]) => {
        const d = demoData(key, { facilities: 30, today });
        return new Set(
          d.vacancies
            .filter((v) => {
              const f = d.facilities[v.facilityIndex];
              return (
                f.status === 'PUBLISHED' &&
                kinds.includes(f.kind) &&
                f.ageFromMonths <= 14 &&
                f.ageToMonths > 14 &&
                v.ageFromMonths <= 14 &&
                v.ageToMonths > 14 &&
                v.availableFrom <= august &&
                (v.availableUntil === null || v.availableUntil >= august) &&
                kmApart(f, kaltenmoor) < 19.5
              );
            })
            .map((v) => v.facilityIndex),
        ).size;
      };
      expect(found('03355022', ['KINDERTAGESSTAETTE']), formatDay(day)).toBeGreaterThanOrEqual(3);
      expect(found('03355', ['KINDERTAGESPFLEGE', 'GROSSTAGESPFLEGE']), formatDay(day)).toBeGreaterThanOrEqual(3);
    }
  });

  it('produces reservations for published facilities with plausible children, dates and hours', () => {
    for (const today of TODAYS) {
      const t = dayNumber(today);
      let reservations = 0;
      let kitaReservations = 0;
      let publishedKitas = 0;
      const statuses: Record<string, number> = {};
      for (const d of all(today)) {
        publishedKitas += d.facilities.filter((f) => f.kind === 'KINDERTAGESSTAETTE' && f.status === 'PUBLISHED').length;
        reservations += d.reservations.length;
        kitaReservations += d.reservations.filter((r) => d.facilities[r.facilityIndex].kind === 'KINDERTAGESSTAETTE').length;
        const accepted = new Set<string>();
        for (const r of d.reservations) {
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          expect(r.facilityIndex).toBeGreaterThanOrEqual(0);
          expect(r.facilityIndex).toBeLessThan(d.facilities.length);
          const f = d.facilities[r.facilityIndex];
          expect(f.status).toBe('PUBLISHED');
          expect(r.parentSubject).toMatch(/^demo-parent-([1-9]|[1-3]\d|40)$/);
          expect(r.childBirthDate).toMatch(DATE);
          expect(r.wishedStart).toMatch(DATE);
          const birth = dayOfText(r.childBirthDate);
          const start = dayOfText(r.wishedStart);
          expect(birth).toBeLessThanOrEqual(t);
          expect(birth).toBeGreaterThanOrEqual(t - 5 * 366);
          expect(start).toBeGreaterThan(t);
          const age = ageInMonths(birth, start);
          expect(age).toBeGreaterThanOrEqual(f.ageFromMonths);
          expect(age).toBeLessThan(f.ageToMonths);
          expect([20, 25, 30, 35, 40, 45]).toContain(r.hoursPerWeek);
          expect(new Date(r.createdAt).toISOString()).toBe(r.createdAt);
          expect(new Date(r.createdAt).getTime()).toBeLessThan(t * 86_400_000);
          if (r.status === 'ACCEPTED') {
            expect(accepted.has(r.parentSubject)).toBe(false);
            accepted.add(r.parentSubject);
          }
        }
        // A family with an accepted place has withdrawn its open reservations.
        for (const r of d.reservations) {
          if (accepted.has(r.parentSubject)) expect(['ACCEPTED', 'DECLINED', 'WITHDRAWN']).toContain(r.status);
        }
        // The same demo parent always reserves for the same child.
        const births = new Map<string, string>();
        for (const r of d.reservations) {
          expect(births.get(r.parentSubject) ?? r.childBirthDate).toBe(r.childBirthDate);
          births.set(r.parentSubject, r.childBirthDate);
        }
      }
      // ~3 per published Kita (Horte take none), plus a few for Tagespflege.
      const perKita = kitaReservations / publishedKitas;
      expect(perKita).toBeGreaterThan(2.4);
      expect(perKita).toBeLessThan(3.5);
      expect(reservations).toBeGreaterThan(kitaReservations);
      expect(((statuses.SUBMITTED ?? 0) + (statuses.IN_REVIEW ?? 0)) / reservations).toBeGreaterThan(0.6);
      const august = formatDay(nextAugustFirst(t));
      const onAugust = all(today)
        .flatMap((d) => d.reservations)
        .filter((r) => r.wishedStart === august).length;
      expect(onAugust / reservations).toBeGreaterThan(0.3);
    }
  });

  it('follows its own rules across municipalities: one accepted place per child, no open choice beside it, and one child waiting in city and Landkreis', () => {
    const open = ['SUBMITTED', 'IN_REVIEW', 'OFFERED'];
    for (const today of [...TODAYS, new Date()]) {
      // The whole federation, and the smaller seeds (facility counts) `npm start` and the tests use.
      for (const sets of [all(today), municipalities.map((m) => demoData(m.key, { today, facilities: 12 }))]) {
        const acceptedIn = new Map<string, string[]>();
        for (const d of sets) {
          for (const r of d.reservations.filter((x) => x.status === 'ACCEPTED')) {
            acceptedIn.set(r.parentSubject, [...(acceptedIn.get(r.parentSubject) ?? []), d.municipality.key]);
          }
        }
        for (const [child, places] of acceptedIn) expect(places, child).toHaveLength(1);
        for (const d of sets) {
          for (const r of d.reservations)
            if (acceptedIn.has(r.parentSubject)) expect(open, `${r.parentSubject} in ${d.municipality.key}`).not.toContain(r.status);
        }
        // Withdrawn for a place: by the system (see seed.ts), only choices of children that have a place somewhere in the federation.
        for (const d of sets) {
          for (const r of d.reservations.filter((x) => x.placedElsewhere)) {
            expect(r.status).toBe('WITHDRAWN');
            expect(placementOf(r.parentSubject, dayNumber(today))).not.toBeNull();
          }
        }
        const child = waitingChild(dayNumber(today));
        expect(acceptedIn.has(child)).toBe(false);
        for (const key of waitingTwiceIn) {
          const d = sets.find((candidate) => candidate.municipality.key === key)!;
          expect(
            d.reservations.some((r) => r.parentSubject === child && open.includes(r.status)),
            key,
          ).toBe(true);
        }
      }
      // Somewhere a child still has its place.
      expect(all(today).some((d) => d.reservations.some((r) => r.status === 'ACCEPTED'))).toBe(true);
    }
  });
});
