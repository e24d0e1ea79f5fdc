/**
 * Deterministic, realistic demo data for `npm start`: facilities, vacancies and reservations
 * for the 21 municipalities of docs/DOMAIN.md (Lower Saxony).
 *
 * Self-contained on purpose: no IDs (the caller assigns them; vacancies and reservations point
 * at facilities by array index), nothing imported but the shared seeded randomness. The same key, options and `today` always
 * give the same data; facilities do not depend on `today` at all, only dates do.
 *
 * Coordinates are approximate real points (~0.01°) inside each Stadtteil / Gemeinde; facility
 * points are jittered by at most ~0.005° latitude and ~0.008° longitude around them.
 */

import { SeededRandom } from '@kita/shared';

export type FacilityKind = 'KINDERTAGESSTAETTE' | 'KINDERTAGESPFLEGE' | 'GROSSTAGESPFLEGE';
export type HoursBand = 'HALF_DAY' | 'THREE_QUARTER' | 'FULL_DAY';
export interface OpeningHours {
  /** 1 = Monday .. 7 = Sunday */
  weekday: number;
  /** 'HH:MM' */
  opens: string;
  closes: string;
}
export interface MunicipalityInfo {
  /** AGS, e.g. '03355022' or '03355' */
  key: string;
  name: string;
  kind: 'CITY' | 'LANDKREIS' | 'REGION';
  parent?: string;
  center: { latitude: number; longitude: number };
  /**
   * The box (degrees) that holds every facility the demo places here: its districts' points,
   * widened by more than the facilities' jitter. The registry's `area`: the gateway routes
   * geographic searches by it. A city's box lies inside its Landkreis' box (they overlap).
   */
  area: { south: number; west: number; north: number; east: number };
  /** Stadtteile for cities, Gemeinden / Samtgemeinden / towns for Landkreise and the Region. */
  districts: DistrictInfo[];
}
export interface DistrictInfo {
  name: string;
  latitude: number;
  longitude: number;
  /**
   * The box (degrees) that holds every facility the demo places in this district: its point
   * widened by the facilities' jitter (`facilityJitter`), rounded outwards to 0.001°. The
   * registry's district area; the point is its centroid. Boxes of neighbouring Stadtteile may overlap.
   */
  area: { south: number; west: number; north: number; east: number };
}
export type CarrierType = 'MUNICIPAL' | 'CHURCH' | 'WELFARE' | 'PARENTS' | 'PRIVATE' | 'PERSON';
export type FacilityStatus = 'PUBLISHED' | 'DRAFT' | 'SUBMITTED';
export type ReservationStatus = 'SUBMITTED' | 'IN_REVIEW' | 'OFFERED' | 'ACCEPTED' | 'DECLINED' | 'WITHDRAWN';
export interface DemoFacility {
  kind: FacilityKind;
  name: string;
  carrier: string;
  carrierType: CarrierType;
  street: string;
  postalCode: string;
  city: string;
  district: string;
  latitude: number;
  longitude: number;
  ageFromMonths: number;
  ageToMonths: number;
  capacity: number;
  openingHours: OpeningHours[];
  status: FacilityStatus;
}
export interface DemoVacancy {
  facilityIndex: number;
  places: number;
  ageFromMonths: number;
  ageToMonths: number;
  hoursBand: HoursBand;
  /** YYYY-MM-DD */
  availableFrom: string;
  availableUntil: string | null;
}
export interface DemoReservation {
  facilityIndex: number;
  childBirthDate: string;
  wishedStart: string;
  hoursPerWeek: number;
  status: ReservationStatus;
  /** 'demo-parent-1' .. 'demo-parent-40' */
  parentSubject: string;
  /** ISO timestamp */
  createdAt: string;
  /** WITHDRAWN by the system because the child accepted a place (here or in another municipality), not by the family. */
  placedElsewhere?: boolean;
}
export interface DemoData {
  municipality: MunicipalityInfo;
  facilities: DemoFacility[];
  vacancies: DemoVacancy[];
  reservations: DemoReservation[];
}

// ---------------------------------------------------------------------------------------------
// Dates as whole UTC day numbers (days since 1970-01-01)
// ---------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

function dayOf(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}
function ymd(day: number): { y: number; m: number; d: number } {
  const date = new Date(day * DAY_MS);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}
/** YYYY-MM-DD of a day number. */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
/** The UTC calendar day of `date` as a day number. */
export function dayNumber(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}
function addMonths(day: number, months: number): number {
  const { y, m, d } = ymd(day);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return dayOf(year, month, Math.min(d, last));
}
function firstOfNextMonth(day: number): number {
  const { y, m } = ymd(day);
  return m === 12 ? dayOf(y + 1, 1, 1) : dayOf(y, m + 1, 1);
}
/** Whole months of age on `at` for a child born on `birth` (both day numbers). */
export function ageInMonths(birth: number, at: number): number {
  const b = ymd(birth);
  const a = ymd(at);
  return (a.y - b.y) * 12 + (a.m - b.m) - (a.d < b.d ? 1 : 0);
}
/** The first 1 August strictly after `today` (start of the Kita year). */
export function nextAugustFirst(today: number): number {
  const { y } = ymd(today);
  const thisYear = dayOf(y, 8, 1);
  return today < thisYear ? thisYear : dayOf(y + 1, 8, 1);
}
function nextFebruaryFirst(today: number): number {
  const { y } = ymd(today);
  const thisYear = dayOf(y, 2, 1);
  return today < thisYear ? thisYear : dayOf(y + 1, 2, 1);
}

// ---------------------------------------------------------------------------------------------
// Municipalities: real Stadtteile / Gemeinden with approximate coordinates and postal codes
// ---------------------------------------------------------------------------------------------

interface RawDistrict {
  name: string;
  lat: number;
  lon: number;
  plz: string;
  /** Relative weight (roughly population) for spreading facilities. */
  w: number;
  /** Town for postal addresses (Landkreise); defaults to the district name. */
  city?: string;
  /** Municipal carrier: 'S' = Stadt <city>, 'SG' = Samtgemeinde <name>, 'F' = Flecken <name>, else literal; default Gemeinde <name>. */
  admin?: string;
  /** Protestant carrier when it differs from the municipality's. */
  church?: string;
  /** Share of church facilities that are Catholic, when it differs from the municipality's. */
  cath?: number;
  /** Real streets of the district, used for part of the addresses. */
  streets?: string[];
}

interface RawMunicipality {
  key: string;
  name: string;
  kind: 'CITY' | 'LANDKREIS' | 'REGION';
  parent?: string;
  center: [number, number];
  /** Postal city of a CITY; Landkreise use their districts' towns. */
  city?: string;
  /** Default facility count. */
  count: number;
  church: string;
  cath: number;
  awo: string;
  drk: string;
  lebenshilfe: string;
  districts: RawDistrict[];
}

type DistrictExtras = Omit<RawDistrict, 'name' | 'lat' | 'lon' | 'plz' | 'w'>;
function d(name: string, lat: number, lon: number, plz: string, w: number, extras: DistrictExtras = {}): RawDistrict {
  return { name, lat, lon, plz, w, ...extras };
}

const RAW: RawMunicipality[] = [
  {
    key: '03355022',
    name: 'Hansestadt Lüneburg',
    kind: 'CITY',
    parent: '03355',
    center: [53.2464, 10.4115],
    city: 'Lüneburg',
    count: 40,
    church: 'Ev.-luth. Kirchenkreis Lüneburg',
    cath: 0.1,
    awo: 'AWO Kreisverband Lüneburg e.V.',
    drk: 'DRK-Kreisverband Lüneburg e.V.',
    lebenshilfe: 'Lebenshilfe Lüneburg-Harburg gGmbH',
    districts: [
      d('Altstadt', 53.249, 10.408, '21335', 6, {
        streets: ['Am Sande', 'Heiligengeiststraße', 'Bardowicker Straße', 'Auf dem Meere', 'Lünertorstraße', 'Neue Sülze'],
      }),
      d('Bockelsberg', 53.232, 10.409, '21335', 3, { streets: ['Scharnhorststraße', 'Uelzener Straße'] }),
      d('Ebensberg', 53.257, 10.445, '21337', 4, { streets: ['Erbstorfer Landstraße', 'Oertelsburger Straße'] }),
      d('Goseburg-Zeltberg', 53.264, 10.414, '21339', 3, { streets: ['Goseburgstraße', 'Zeltberg'] }),
      d('Häcklingen', 53.211, 10.383, '21335', 2),
      d('Kaltenmoor', 53.2384, 10.4328, '21337', 7, {
        streets: ['Graf-Schenk-von-Stauffenberg-Straße', 'Carl-Friedrich-Goerdeler-Straße', 'Theodor-Heuss-Straße'],
      }),
      d('Kreideberg', 53.261, 10.395, '21339', 6, { streets: ['Vor dem Neuen Tore', 'Am Kreideberg'] }),
      d('Lüne-Moorfeld', 53.265, 10.43, '21337', 4, { streets: ['Lüner Weg'] }),
      d('Mittelfeld', 53.2389, 10.3906, '21335', 5, { streets: ['Oedemer Weg', 'Ernst-Braune-Straße', 'Meinekenhop', 'Auf der Höhe', 'Ringstraße'] }),
      d('Neu Hagen', 53.245, 10.446, '21337', 6, { streets: ['Dahlenburger Landstraße', 'Theodor-Heuss-Straße'] }),
      d('Ochtmissen', 53.276, 10.38, '21339', 1.5),
      d('Oedeme', 53.228, 10.377, '21335', 4, { streets: ['Oedemer Weg'] }),
      d('Rettmer', 53.217, 10.362, '21335', 1.5),
      d('Rotes Feld', 53.241, 10.404, '21335', 6, { streets: ['Barckhausenstraße', 'Wallstraße', 'Soltauer Straße'] }),
      d('Schützenplatz', 53.249, 10.427, '21337', 6, { streets: ['Schützenstraße', 'Bleckeder Landstraße'] }),
      d('Weststadt', 53.252, 10.385, '21339', 6, { streets: ['Vögelser Straße'] }),
      d('Wilschenbruch', 53.2317, 10.4194, '21335', 0.7),
    ],
  },
  {
    key: '03355',
    name: 'Landkreis Lüneburg',
    kind: 'LANDKREIS',
    center: [53.25, 10.64],
    count: 30,
    church: 'Ev.-luth. Kirchenkreis Lüneburg',
    cath: 0.05,
    awo: 'AWO Kreisverband Lüneburg e.V.',
    drk: 'DRK-Kreisverband Lüneburg e.V.',
    lebenshilfe: 'Lebenshilfe Lüneburg-Harburg gGmbH',
    districts: [
      d('Adendorf', 53.283, 10.445, '21365', 11),
      d('Amt Neuhaus', 53.284, 10.934, '19273', 4.5, { city: 'Neuhaus' }),
      d('Bardowick', 53.294, 10.388, '21357', 17, { admin: 'SG' }),
      d('Bleckede', 53.289, 10.734, '21354', 9.5, { admin: 'S' }),
      d('Dahlenburg', 53.188, 10.732, '21368', 6, { admin: 'SG' }),
      d('Gellersen', 53.25, 10.356, '21391', 13, { city: 'Reppenstedt', admin: 'SG' }),
      d('Ilmenau', 53.183, 10.401, '21406', 11, { city: 'Melbeck', admin: 'SG' }),
      d('Ostheide', 53.23, 10.52, '21397', 11, { city: 'Barendorf', admin: 'SG' }),
      d('Scharnebeck', 53.292, 10.504, '21379', 16, { admin: 'SG' }),
    ],
  },
  {
    key: '03241001',
    name: 'Landeshauptstadt Hannover',
    kind: 'CITY',
    parent: '03241',
    center: [52.3745, 9.7386],
    city: 'Hannover',
    count: 40,
    church: 'Ev.-luth. Stadtkirchenverband Hannover',
    cath: 0.2,
    awo: 'AWO Region Hannover e.V.',
    drk: 'DRK Region Hannover e.V.',
    lebenshilfe: 'Lebenshilfe Hannover e.V.',
    districts: [
      d('Mitte', 52.3745, 9.7386, '30159', 11),
      d('Oststadt', 52.382, 9.753, '30161', 15),
      d('List', 52.395, 9.753, '30163', 44),
      d('Zoo', 52.377, 9.77, '30175', 4),
      d('Südstadt', 52.36, 9.753, '30171', 42),
      d('Nordstadt', 52.388, 9.72, '30167', 17),
      d('Vahrenwald', 52.398, 9.74, '30165', 24),
      d('Hainholz', 52.397, 9.722, '30165', 7),
      d('Linden-Nord', 52.373, 9.713, '30451', 16),
      d('Linden-Mitte', 52.365, 9.716, '30449', 12),
      d('Linden-Süd', 52.359, 9.725, '30449', 10),
      d('Ricklingen', 52.345, 9.72, '30459', 14),
      d('Döhren', 52.344, 9.768, '30519', 14),
      d('Wülfel', 52.331, 9.775, '30519', 4),
      d('Kleefeld', 52.375, 9.795, '30625', 12),
      d('Groß-Buchholz', 52.394, 9.795, '30655', 27),
      d('Bothfeld', 52.414, 9.79, '30659', 20),
      d('Sahlkamp', 52.414, 9.762, '30179', 13),
      d('Kirchrode', 52.36, 9.815, '30559', 10),
      d('Bemerode', 52.338, 9.825, '30539', 19),
      d('Misburg-Nord', 52.39, 9.845, '30629', 22),
      d('Badenstedt', 52.364, 9.685, '30455', 13),
      d('Limmer', 52.38, 9.69, '30453', 6),
      d('Herrenhausen', 52.393, 9.695, '30419', 8),
      d('Stöcken', 52.413, 9.67, '30419', 13),
      d('Mühlenberg', 52.33, 9.703, '30457', 7),
      d('Vinnhorst', 52.426, 9.705, '30419', 6),
    ],
  },
  {
    key: '03241',
    name: 'Region Hannover',
    kind: 'REGION',
    center: [52.4, 9.74],
    count: 35,
    church: 'Ev.-luth. Kirchenkreis Burgwedel-Langenhagen',
    cath: 0.15,
    awo: 'AWO Region Hannover e.V.',
    drk: 'DRK Region Hannover e.V.',
    lebenshilfe: 'Lebenshilfe Hannover e.V.',
    districts: [
      d('Langenhagen', 52.447, 9.738, '30851', 55, { admin: 'S' }),
      d('Garbsen', 52.418, 9.598, '30823', 62, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Neustadt-Wunstorf' }),
      d('Laatzen', 52.316, 9.797, '30880', 42, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Laatzen-Springe' }),
      d('Lehrte', 52.372, 9.977, '31275', 45, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Burgdorf' }),
      d('Neustadt am Rübenberge', 52.505, 9.46, '31535', 45, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Neustadt-Wunstorf' }),
      d('Wunstorf', 52.425, 9.435, '31515', 42, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Neustadt-Wunstorf' }),
      d('Burgdorf', 52.446, 10.006, '31303', 31, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Burgdorf' }),
      d('Seelze', 52.396, 9.598, '30926', 34, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Ronnenberg' }),
      d('Isernhagen', 52.465, 9.85, '30916', 25),
      d('Springe', 52.208, 9.554, '31832', 29, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Laatzen-Springe' }),
      d('Barsinghausen', 52.303, 9.461, '30890', 34, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Ronnenberg' }),
      d('Hemmingen', 52.316, 9.727, '30966', 19, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Laatzen-Springe' }),
      d('Ronnenberg', 52.319, 9.656, '30952', 25, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Ronnenberg' }),
      d('Sehnde', 52.315, 9.964, '31319', 24, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Burgdorf' }),
      d('Gehrden', 52.313, 9.601, '30989', 15, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Ronnenberg' }),
      d('Pattensen', 52.265, 9.763, '30982', 15, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Laatzen-Springe' }),
      d('Wedemark', 52.53, 9.7, '30900', 30),
      d('Burgwedel', 52.493, 9.858, '30938', 21, { admin: 'S' }),
      d('Wennigsen', 52.274, 9.571, '30974', 14, { church: 'Ev.-luth. Kirchenkreis Ronnenberg' }),
    ],
  },
  {
    key: '03101',
    name: 'Stadt Braunschweig',
    kind: 'CITY',
    center: [52.2689, 10.5268],
    city: 'Braunschweig',
    count: 34,
    church: 'Ev.-luth. Propstei Braunschweig',
    cath: 0.15,
    awo: 'AWO Kreisverband Braunschweig e.V.',
    drk: 'DRK-Kreisverband Braunschweig-Salzgitter e.V.',
    lebenshilfe: 'Lebenshilfe Braunschweig gGmbH',
    districts: [
      d('Innenstadt', 52.264, 10.523, '38100', 14),
      d('Östliches Ringgebiet', 52.268, 10.548, '38102', 25),
      d('Westliches Ringgebiet', 52.261, 10.502, '38118', 24),
      d('Nördliches Ringgebiet', 52.28, 10.53, '38106', 18),
      d('Weststadt', 52.246, 10.488, '38120', 22),
      d('Heidberg', 52.232, 10.532, '38124', 11),
      d('Lehndorf', 52.268, 10.48, '38116', 9),
      d('Querum', 52.299, 10.562, '38108', 7),
      d('Riddagshausen', 52.274, 10.58, '38104', 2),
      d('Gliesmarode', 52.283, 10.56, '38106', 5),
      d('Wenden', 52.32, 10.523, '38110', 6),
      d('Rüningen', 52.218, 10.495, '38122', 4),
      d('Stöckheim', 52.215, 10.538, '38124', 5),
      d('Lamme', 52.268, 10.445, '38116', 5),
      d('Veltenhof', 52.31, 10.49, '38112', 2),
      d('Volkmarode', 52.293, 10.598, '38104', 5),
      d('Broitzem', 52.237, 10.463, '38122', 4),
      d('Kanzlerfeld', 52.286, 10.47, '38116', 4),
      d('Mascherode', 52.225, 10.56, '38126', 4),
    ],
  },
  {
    key: '03103',
    name: 'Stadt Wolfsburg',
    kind: 'CITY',
    center: [52.4227, 10.7865],
    city: 'Wolfsburg',
    count: 28,
    church: 'Ev.-luth. Kirchenkreis Wolfsburg-Wittingen',
    cath: 0.25,
    awo: 'AWO Kreisverband Wolfsburg e.V.',
    drk: 'DRK-Kreisverband Wolfsburg e.V.',
    lebenshilfe: 'Lebenshilfe Wolfsburg gGmbH',
    districts: [
      d('Stadtmitte', 52.421, 10.787, '38440', 12),
      d('Alt-Wolfsburg', 52.433, 10.8, '38448', 4),
      d('Fallersleben', 52.415, 10.723, '38442', 12),
      d('Vorsfelde', 52.443, 10.843, '38448', 12),
      d('Detmerode', 52.395, 10.742, '38444', 8),
      d('Westhagen', 52.405, 10.735, '38444', 9),
      d('Ehmen', 52.393, 10.705, '38442', 4),
      d('Sülfeld', 52.452, 10.695, '38442', 3),
      d('Kästorf', 52.447, 10.76, '38448', 2),
      d('Reislingen', 52.405, 10.83, '38446', 6),
      d('Laagberg', 52.408, 10.77, '38440', 6),
      d('Nordsteimke', 52.39, 10.805, '38446', 2),
    ],
  },
  {
    key: '03403',
    name: 'Stadt Oldenburg (Oldb)',
    kind: 'CITY',
    center: [53.1435, 8.2146],
    city: 'Oldenburg',
    count: 30,
    church: 'Ev.-luth. Kirchengemeinde Oldenburg',
    cath: 0.12,
    awo: 'AWO Bezirksverband Weser-Ems e.V.',
    drk: 'DRK-Kreisverband Oldenburg-Stadt e.V.',
    lebenshilfe: 'Lebenshilfe Oldenburg e.V.',
    districts: [
      d('Innenstadt', 53.141, 8.213, '26122', 8),
      d('Bürgerfelde', 53.157, 8.198, '26127', 14),
      d('Donnerschwee', 53.151, 8.238, '26123', 11),
      d('Nadorst', 53.162, 8.222, '26123', 10),
      d('Ohmstede', 53.166, 8.258, '26125', 10),
      d('Ofenerdiek', 53.188, 8.217, '26125', 8),
      d('Etzhorn', 53.193, 8.195, '26125', 4),
      d('Osternburg', 53.13, 8.228, '26135', 15),
      d('Kreyenbrück', 53.115, 8.22, '26133', 13),
      d('Bümmerstede', 53.1, 8.205, '26133', 6),
      d('Eversten', 53.133, 8.188, '26131', 17),
      d('Bloherfelde', 53.142, 8.165, '26129', 8),
      d('Wechloy', 53.153, 8.162, '26129', 6),
      d('Haarentor', 53.148, 8.188, '26129', 6),
    ],
  },
  {
    key: '03404',
    name: 'Stadt Osnabrück',
    kind: 'CITY',
    center: [52.2799, 8.0472],
    city: 'Osnabrück',
    count: 30,
    church: 'Ev.-luth. Kirchenkreis Osnabrück',
    cath: 0.45,
    awo: 'AWO Kreisverband Osnabrück-Stadt e.V.',
    drk: 'DRK-Kreisverband Osnabrück-Stadt e.V.',
    lebenshilfe: 'Heilpädagogische Hilfe Osnabrück gGmbH',
    districts: [
      d('Innenstadt', 52.276, 8.044, '49074', 10),
      d('Westerberg', 52.283, 8.025, '49076', 8),
      d('Weststadt', 52.27, 8.023, '49076', 10),
      d('Wüste', 52.264, 8.03, '49080', 11),
      d('Kalkhügel', 52.259, 8.044, '49080', 6),
      d('Schölerberg', 52.256, 8.062, '49082', 12),
      d('Fledder', 52.266, 8.072, '49084', 6),
      d('Schinkel', 52.283, 8.08, '49084', 11),
      d('Haste', 52.305, 8.045, '49090', 8),
      d('Sonnenhügel', 52.295, 8.053, '49088', 8),
      d('Dodesheide', 52.303, 8.072, '49088', 7),
      d('Eversburg', 52.295, 8.0, '49090', 6),
      d('Hellern', 52.256, 7.997, '49078', 8),
      d('Atter', 52.287, 7.97, '49076', 4),
      d('Voxtrup', 52.256, 8.11, '49086', 7),
      d('Sutthausen', 52.24, 8.037, '49082', 3),
      d('Nahne', 52.247, 8.055, '49082', 3),
    ],
  },
  {
    key: '03151',
    name: 'Landkreis Gifhorn',
    kind: 'LANDKREIS',
    center: [52.55, 10.6],
    count: 28,
    church: 'Ev.-luth. Kirchenkreis Gifhorn',
    cath: 0.08,
    awo: 'AWO Kreisverband Gifhorn e.V.',
    drk: 'DRK-Kreisverband Gifhorn e.V.',
    lebenshilfe: 'Lebenshilfe Gifhorn e.V.',
    districts: [
      d('Gifhorn', 52.478, 10.55, '38518', 42, { admin: 'S' }),
      d('Wittingen', 52.727, 10.738, '29378', 11, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Wolfsburg-Wittingen' }),
      d('Meinersen', 52.474, 10.355, '38536', 21, { admin: 'SG' }),
      d('Sassenburg', 52.52, 10.63, '38524', 11),
      d('Isenbüttel', 52.435, 10.58, '38550', 16, { admin: 'SG' }),
      d('Papenteich', 52.388, 10.533, '38527', 24, { city: 'Meine', admin: 'SG' }),
      d('Boldecker Land', 52.46, 10.72, '38554', 11, { city: 'Weyhausen', admin: 'SG' }),
      d('Brome', 52.6, 10.93, '38465', 15, { admin: 'SG' }),
      d('Hankensbüttel', 52.733, 10.6, '29386', 9, { admin: 'SG' }),
      d('Wesendorf', 52.6, 10.527, '29392', 15, { admin: 'SG' }),
    ],
  },
  {
    key: '03159',
    name: 'Landkreis Göttingen',
    kind: 'LANDKREIS',
    center: [51.58, 10.05],
    count: 32,
    church: 'Ev.-luth. Kirchenkreis Göttingen-Münden',
    cath: 0.15,
    awo: 'AWO Kreisverband Göttingen e.V.',
    drk: 'DRK-Kreisverband Göttingen-Northeim e.V.',
    lebenshilfe: 'Lebenshilfe Göttingen e.V.',
    districts: [
      d('Göttingen', 51.5413, 9.9158, '37073', 118, { admin: 'S' }),
      d('Duderstadt', 51.512, 10.26, '37115', 20, { admin: 'S', cath: 0.8 }),
      d('Osterode am Harz', 51.728, 10.252, '37520', 21, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Harzer Land' }),
      d('Herzberg am Harz', 51.656, 10.338, '37412', 12, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Harzer Land' }),
      d('Bovenden', 51.589, 9.924, '37120', 13, { admin: 'F' }),
      d('Rosdorf', 51.5, 9.9, '37124', 12),
      d('Friedland', 51.42, 9.917, '37133', 9),
      d('Gleichen', 51.47, 10.02, '37130', 9, { city: 'Gleichen' }),
      d('Dransfeld', 51.5, 9.762, '37127', 9, { admin: 'SG' }),
      d('Adelebsen', 51.58, 9.755, '37139', 6, { admin: 'F' }),
      d('Gieboldehausen', 51.61, 10.215, '37434', 14, { admin: 'SG', cath: 0.8 }),
      d('Radolfshausen', 51.575, 10.101, '37136', 7, { city: 'Ebergötzen', admin: 'SG' }),
    ],
  },
  {
    key: '03254',
    name: 'Landkreis Hildesheim',
    kind: 'LANDKREIS',
    center: [52.1, 9.95],
    count: 30,
    church: 'Ev.-luth. Kirchenkreis Hildesheim-Sarstedt',
    cath: 0.3,
    awo: 'AWO Kreisverband Hildesheim-Alfeld e.V.',
    drk: 'DRK-Kreisverband Hildesheim e.V.',
    lebenshilfe: 'Lebenshilfe Hildesheim e.V.',
    districts: [
      d('Hildesheim', 52.1508, 9.9511, '31134', 100, { admin: 'S' }),
      d('Sarstedt', 52.239, 9.86, '31157', 19, { admin: 'S' }),
      d('Alfeld (Leine)', 51.986, 9.827, '31061', 19, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Hildesheimer Land-Alfeld' }),
      d('Bad Salzdetfurth', 52.058, 10.009, '31162', 13, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Hildesheimer Land-Alfeld' }),
      d('Bockenem', 51.998, 10.134, '31167', 10, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Hildesheimer Land-Alfeld' }),
      d('Elze', 52.122, 9.736, '31008', 9, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Hildesheimer Land-Alfeld' }),
      d('Giesen', 52.198, 9.895, '31180', 10),
      d('Harsum', 52.21, 10.017, '31177', 11, { cath: 0.6 }),
      d('Algermissen', 52.254, 9.971, '31191', 8, { cath: 0.6 }),
      d('Nordstemmen', 52.162, 9.784, '31171', 12),
      d('Holle', 52.088, 10.164, '31188', 7, { church: 'Ev.-luth. Kirchenkreis Hildesheimer Land-Alfeld' }),
      d('Schellerten', 52.187, 10.1, '31174', 8, { cath: 0.5 }),
      d('Diekholzen', 52.092, 9.927, '31199', 7),
      d('Gronau (Leine)', 52.086, 9.779, '31028', 6, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Hildesheimer Land-Alfeld' }),
    ],
  },
  {
    key: '03351',
    name: 'Landkreis Celle',
    kind: 'LANDKREIS',
    center: [52.7, 10.1],
    count: 28,
    church: 'Ev.-luth. Kirchenkreis Celle',
    cath: 0.06,
    awo: 'AWO Kreisverband Celle e.V.',
    drk: 'DRK-Kreisverband Celle e.V.',
    lebenshilfe: 'Lebenshilfe Celle e.V.',
    districts: [
      d('Celle', 52.6226, 10.0805, '29221', 70, { admin: 'S' }),
      d('Bergen', 52.809, 9.961, '29303', 13, { admin: 'S' }),
      d('Faßberg', 52.898, 10.169, '29328', 6),
      d('Südheide', 52.832, 10.092, '29320', 13, { city: 'Hermannsburg' }),
      d('Winsen (Aller)', 52.677, 9.912, '29308', 13),
      d('Wietze', 52.652, 9.835, '29323', 8),
      d('Hambühren', 52.63, 9.98, '29313', 10),
      d('Eschede', 52.734, 10.235, '29348', 6),
      d('Lachendorf', 52.618, 10.25, '29331', 12, { admin: 'SG' }),
      d('Wathlingen', 52.538, 10.151, '29339', 15, { admin: 'SG' }),
      d('Flotwedel', 52.58, 10.186, '29342', 11, { city: 'Wienhausen', admin: 'SG' }),
    ],
  },
  {
    key: '03352',
    name: 'Landkreis Cuxhaven',
    kind: 'LANDKREIS',
    center: [53.65, 8.8],
    count: 28,
    church: 'Ev.-luth. Kirchenkreis Cuxhaven-Hadeln',
    cath: 0.05,
    awo: 'AWO Kreisverband Cuxhaven e.V.',
    drk: 'DRK-Kreisverband Cuxhaven/Hadeln e.V.',
    lebenshilfe: 'Lebenshilfe Cuxhaven e.V.',
    districts: [
      d('Cuxhaven', 53.855, 8.69, '27472', 48, { admin: 'S' }),
      d('Geestland', 53.603, 8.598, '27607', 31, { city: 'Geestland', admin: 'S', church: 'Ev.-luth. Kirchenkreis Wesermünde' }),
      d('Land Hadeln', 53.809, 8.9, '21762', 16, { city: 'Otterndorf', admin: 'SG' }),
      d('Hemmoor', 53.698, 9.14, '21745', 14, { admin: 'SG' }),
      d('Am Dobrock', 53.77, 9.063, '21781', 9, { city: 'Cadenberge', admin: 'SG' }),
      d('Börde Lamstedt', 53.635, 9.1, '21769', 6, { city: 'Lamstedt', admin: 'SG' }),
      d('Wurster Nordseeküste', 53.688, 8.569, '27632', 17, { city: 'Dorum', church: 'Ev.-luth. Kirchenkreis Wesermünde' }),
      d('Schiffdorf', 53.536, 8.66, '27619', 14, { church: 'Ev.-luth. Kirchenkreis Wesermünde' }),
      d('Loxstedt', 53.469, 8.653, '27612', 16, { church: 'Ev.-luth. Kirchenkreis Wesermünde' }),
      d('Beverstedt', 53.435, 8.819, '27616', 14, { church: 'Ev.-luth. Kirchenkreis Wesermünde' }),
    ],
  },
  {
    key: '03353',
    name: 'Landkreis Harburg',
    kind: 'LANDKREIS',
    center: [53.34, 10.03],
    count: 32,
    church: 'Ev.-luth. Kirchenkreis Hittfeld',
    cath: 0.08,
    awo: 'AWO Kreisverband Harburg-Land e.V.',
    drk: 'DRK-Kreisverband Harburg-Land e.V.',
    lebenshilfe: 'Lebenshilfe Lüneburg-Harburg gGmbH',
    districts: [
      d('Winsen (Luhe)', 53.358, 10.212, '21423', 36, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Winsen' }),
      d('Buchholz in der Nordheide', 53.327, 9.87, '21244', 40, { admin: 'S' }),
      d('Seevetal', 53.385, 9.98, '21218', 42, { city: 'Seevetal' }),
      d('Rosengarten', 53.386, 9.895, '21224', 13),
      d('Neu Wulmstorf', 53.465, 9.796, '21629', 22),
      d('Tostedt', 53.283, 9.713, '21255', 27, { admin: 'SG' }),
      d('Hanstedt', 53.259, 10.016, '21271', 13, { admin: 'SG', church: 'Ev.-luth. Kirchenkreis Winsen' }),
      d('Salzhausen', 53.224, 10.167, '21376', 16, { admin: 'SG', church: 'Ev.-luth. Kirchenkreis Winsen' }),
      d('Jesteburg', 53.309, 9.957, '21266', 12, { admin: 'SG' }),
      d('Hollenstedt', 53.368, 9.715, '21279', 12, { admin: 'SG' }),
      d('Stelle', 53.385, 10.11, '21435', 11, { church: 'Ev.-luth. Kirchenkreis Winsen' }),
      d('Elbmarsch', 53.41, 10.368, '21436', 12, { city: 'Marschacht', admin: 'SG', church: 'Ev.-luth. Kirchenkreis Winsen' }),
    ],
  },
  {
    key: '03354',
    name: 'Landkreis Lüchow-Dannenberg',
    kind: 'LANDKREIS',
    center: [53.02, 11.15],
    count: 25,
    church: 'Ev.-luth. Kirchenkreis Lüchow-Dannenberg',
    cath: 0.05,
    awo: 'AWO Kreisverband Lüchow-Dannenberg e.V.',
    drk: 'DRK-Kreisverband Lüchow-Dannenberg e.V.',
    lebenshilfe: 'Lebenshilfe Lüchow-Dannenberg gGmbH',
    districts: [
      d('Lüchow (Wendland)', 52.968, 11.153, '29439', 9.5, { admin: 'Samtgemeinde Lüchow (Wendland)' }),
      d('Dannenberg (Elbe)', 53.098, 11.093, '29451', 8, { admin: 'Samtgemeinde Elbtalaue' }),
      d('Hitzacker (Elbe)', 53.152, 11.043, '29456', 5, { admin: 'Samtgemeinde Elbtalaue' }),
      d('Wustrow (Wendland)', 52.923, 11.128, '29462', 3, { admin: 'Samtgemeinde Lüchow (Wendland)' }),
      d('Clenze', 52.936, 10.956, '29459', 2.5, { admin: 'Samtgemeinde Lüchow (Wendland)' }),
      d('Bergen an der Dumme', 52.892, 10.957, '29468', 1.5, { admin: 'Samtgemeinde Lüchow (Wendland)' }),
      d('Gartow', 53.025, 11.463, '29471', 1.5, { admin: 'Samtgemeinde Gartow' }),
      d('Küsten', 52.975, 11.058, '29482', 1.5, { admin: 'Samtgemeinde Lüchow (Wendland)' }),
      d('Zernien', 53.07, 10.883, '29499', 1.5, { admin: 'Samtgemeinde Elbtalaue' }),
    ],
  },
  {
    key: '03358',
    name: 'Heidekreis',
    kind: 'LANDKREIS',
    center: [52.95, 9.8],
    count: 26,
    church: 'Ev.-luth. Kirchenkreis Soltau',
    cath: 0.06,
    awo: 'AWO Kreisverband Heidekreis e.V.',
    drk: 'DRK-Kreisverband Soltau e.V.',
    lebenshilfe: 'Lebenshilfe Soltau e.V.',
    districts: [
      d('Soltau', 52.986, 9.843, '29614', 22, { admin: 'S' }),
      d('Walsrode', 52.862, 9.593, '29664', 24, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Walsrode' }),
      d('Munster', 52.986, 10.087, '29633', 15, { admin: 'S' }),
      d('Schneverdingen', 53.117, 9.796, '29640', 19, { admin: 'S' }),
      d('Bad Fallingbostel', 52.867, 9.696, '29683', 12, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Walsrode' }),
      d('Bispingen', 53.083, 9.998, '29646', 6),
      d('Neuenkirchen', 53.037, 9.722, '29643', 5),
      d('Wietzendorf', 52.93, 9.979, '29649', 4),
    ],
  },
  {
    key: '03359',
    name: 'Landkreis Stade',
    kind: 'LANDKREIS',
    center: [53.55, 9.5],
    count: 30,
    church: 'Ev.-luth. Kirchenkreis Stade',
    cath: 0.06,
    awo: 'AWO Kreisverband Stade e.V.',
    drk: 'DRK-Kreisverband Stade e.V.',
    lebenshilfe: 'Lebenshilfe Stade e.V.',
    districts: [
      d('Stade', 53.6, 9.476, '21680', 48, { admin: 'Hansestadt Stade' }),
      d('Buxtehude', 53.477, 9.701, '21614', 40, { admin: 'Hansestadt Buxtehude', church: 'Ev.-luth. Kirchenkreis Buxtehude' }),
      d('Jork', 53.531, 9.682, '21635', 12, { church: 'Ev.-luth. Kirchenkreis Buxtehude' }),
      d('Drochtersen', 53.707, 9.385, '21706', 12),
      d('Harsefeld', 53.454, 9.503, '21698', 22, { admin: 'SG', church: 'Ev.-luth. Kirchenkreis Buxtehude' }),
      d('Apensen', 53.432, 9.617, '21641', 9, { admin: 'SG', church: 'Ev.-luth. Kirchenkreis Buxtehude' }),
      d('Fredenbeck', 53.524, 9.4, '21717', 14, { admin: 'SG' }),
      d('Oldendorf-Himmelpforten', 53.614, 9.313, '21709', 14, { city: 'Himmelpforten', admin: 'SG' }),
      d('Horneburg', 53.507, 9.579, '21640', 12, { admin: 'SG', church: 'Ev.-luth. Kirchenkreis Buxtehude' }),
      d('Lühe', 53.563, 9.615, '21720', 10, { city: 'Steinkirchen', admin: 'SG', church: 'Ev.-luth. Kirchenkreis Buxtehude' }),
    ],
  },
  {
    key: '03360',
    name: 'Landkreis Uelzen',
    kind: 'LANDKREIS',
    center: [52.98, 10.55],
    count: 26,
    church: 'Ev.-luth. Kirchenkreis Uelzen',
    cath: 0.05,
    awo: 'AWO Kreisverband Uelzen e.V.',
    drk: 'DRK-Kreisverband Uelzen e.V.',
    lebenshilfe: 'Lebenshilfe Uelzen e.V.',
    districts: [
      d('Uelzen', 52.965, 10.56, '29525', 33, { admin: 'Hansestadt Uelzen' }),
      d('Bad Bevensen', 53.08, 10.586, '29549', 9, { admin: 'Samtgemeinde Bevensen-Ebstorf' }),
      d('Ebstorf', 53.029, 10.414, '29574', 5, { admin: 'Samtgemeinde Bevensen-Ebstorf' }),
      d('Suderburg', 52.896, 10.45, '29556', 6, { admin: 'SG' }),
      d('Rosche', 52.985, 10.75, '29571', 7, { admin: 'SG' }),
      d('Bienenbüttel', 53.142, 10.488, '29553', 7),
      d('Wrestedt', 52.904, 10.576, '29559', 6, { admin: 'Samtgemeinde Aue' }),
      d('Bad Bodenteich', 52.831, 10.686, '29389', 4, { admin: 'Samtgemeinde Aue' }),
      d('Altenmedingen', 53.133, 10.599, '29575', 2, { admin: 'Samtgemeinde Bevensen-Ebstorf' }),
    ],
  },
  {
    key: '03452',
    name: 'Landkreis Aurich',
    kind: 'LANDKREIS',
    center: [53.5, 7.4],
    count: 28,
    church: 'Ev.-luth. Kirchenkreis Aurich',
    cath: 0.05,
    awo: 'AWO Kreisverband Aurich e.V.',
    drk: 'DRK-Kreisverband Aurich e.V.',
    lebenshilfe: 'Lebenshilfe Aurich e.V.',
    districts: [
      d('Aurich', 53.471, 7.484, '26603', 42, { admin: 'S' }),
      d('Norden', 53.596, 7.206, '26506', 25, { admin: 'S', church: 'Ev.-luth. Kirchenkreis Norden' }),
      d('Großefehn', 53.396, 7.575, '26629', 14),
      d('Wiesmoor', 53.415, 7.733, '26639', 13, { admin: 'S' }),
      d('Ihlow', 53.405, 7.446, '26632', 12),
      d('Südbrookmerland', 53.48, 7.39, '26624', 19),
      d('Hage', 53.603, 7.286, '26524', 11, { admin: 'SG', church: 'Ev.-luth. Kirchenkreis Norden' }),
      d('Brookmerland', 53.522, 7.28, '26529', 13, { city: 'Marienhafe', admin: 'SG', church: 'Ev.-luth. Kirchenkreis Norden' }),
      d('Krummhörn', 53.428, 7.096, '26736', 12, { city: 'Krummhörn' }),
      d('Hinte', 53.417, 7.187, '26759', 7),
      d('Dornum', 53.647, 7.432, '26553', 5, { church: 'Ev.-luth. Kirchenkreis Norden' }),
    ],
  },
  {
    key: '03454',
    name: 'Landkreis Emsland',
    kind: 'LANDKREIS',
    center: [52.72, 7.4],
    count: 32,
    church: 'Ev.-luth. Kirchenkreis Emsland-Bentheim',
    cath: 0.7,
    awo: 'AWO Kreisverband Emsland e.V.',
    drk: 'DRK-Kreisverband Emsland e.V.',
    lebenshilfe: 'Lebenshilfe Emsland e.V.',
    districts: [
      d('Lingen (Ems)', 52.523, 7.319, '49808', 56, { admin: 'S', cath: 0.6 }),
      d('Meppen', 52.692, 7.291, '49716', 36, { admin: 'S' }),
      d('Haren (Ems)', 52.793, 7.242, '49733', 24, { admin: 'S' }),
      d('Haselünne', 52.671, 7.484, '49740', 13, { admin: 'S' }),
      d('Lathen', 52.868, 7.32, '49762', 12, { admin: 'SG' }),
      d('Sögel', 52.844, 7.527, '49751', 17, { admin: 'SG' }),
      d('Herzlake', 52.687, 7.603, '49770', 10, { admin: 'SG' }),
      d('Geeste', 52.6, 7.27, '49744', 12),
      d('Werlte', 52.85, 7.682, '49757', 17, { admin: 'SG' }),
    ],
  },
  {
    key: '03457',
    name: 'Landkreis Leer',
    kind: 'LANDKREIS',
    center: [53.22, 7.5],
    count: 27,
    church: 'Ev.-luth. Kirchenkreis Emden-Leer',
    cath: 0.05,
    awo: 'AWO Kreisverband Leer e.V.',
    drk: 'DRK-Kreisverband Leer e.V.',
    lebenshilfe: 'Lebenshilfe Leer e.V.',
    districts: [
      d('Leer', 53.231, 7.461, '26789', 35, { city: 'Leer (Ostfriesland)', admin: 'Stadt Leer (Ostfriesland)' }),
      d('Weener', 53.166, 7.356, '26826', 16, { admin: 'S' }),
      d('Moormerland', 53.31, 7.49, '26802', 23),
      d('Westoverledingen', 53.164, 7.45, '26810', 21),
      d('Rhauderfehn', 53.128, 7.575, '26817', 18),
      d('Ostrhauderfehn', 53.138, 7.628, '26842', 10),
      d('Uplengen', 53.305, 7.747, '26670', 12, { city: 'Uplengen' }),
      d('Hesel', 53.304, 7.594, '26835', 11, { admin: 'SG' }),
      d('Jümme', 53.242, 7.628, '26849', 7, { city: 'Filsum', admin: 'SG' }),
      d('Bunde', 53.183, 7.27, '26831', 8),
      d('Jemgum', 53.269, 7.385, '26844', 4),
    ],
  },
];

/** How far (degrees, at most) the demo places a facility from its district's point, each way. */
export const facilityJitter = { latitude: 0.005, longitude: 0.008 };
/** Margins of a municipality's box around its districts' points: twice the facilities' jitter. */
const areaMargin = { latitude: 2 * facilityJitter.latitude, longitude: 2 * facilityJitter.longitude };
const down = (x: number) => Math.floor(x * 1000) / 1000;
const up = (x: number) => Math.ceil(x * 1000) / 1000;

function districtAreaOf(x: RawDistrict): DistrictInfo['area'] {
  return {
    south: down(x.lat - facilityJitter.latitude),
    west: down(x.lon - facilityJitter.longitude),
    north: up(x.lat + facilityJitter.latitude),
    east: up(x.lon + facilityJitter.longitude),
  };
}

function areaOf(m: RawMunicipality): MunicipalityInfo['area'] {
  const latitudes = [m.center[0], ...m.districts.map((x) => x.lat)];
  const longitudes = [m.center[1], ...m.districts.map((x) => x.lon)];
  return {
    south: down(Math.min(...latitudes) - areaMargin.latitude),
    west: down(Math.min(...longitudes) - areaMargin.longitude),
    north: up(Math.max(...latitudes) + areaMargin.latitude),
    east: up(Math.max(...longitudes) + areaMargin.longitude),
  };
}

export const municipalities: MunicipalityInfo[] = RAW.map((m) => ({
  key: m.key,
  name: m.name,
  kind: m.kind,
  ...(m.parent ? { parent: m.parent } : {}),
  center: { latitude: m.center[0], longitude: m.center[1] },
  area: areaOf(m),
  districts: m.districts.map((x) => ({ name: x.name, latitude: x.lat, longitude: x.lon, area: districtAreaOf(x) })),
}));

const rawByKey = new Map(RAW.map((m) => [m.key, m]));
const infoByKey = new Map(municipalities.map((m) => [m.key, m]));

/** The municipality with this official key; throws on an unknown key. */
export function municipalityInfo(key: string): MunicipalityInfo {
  const info = infoByKey.get(key);
  if (!info) throw new Error(`Unknown municipality key '${key}' (known: ${[...infoByKey.keys()].join(', ')})`);
  return info;
}

/** How many facilities demoData() generates for this municipality without options.facilities. */
export function defaultFacilityCount(key: string): number {
  municipalityInfo(key);
  return rawByKey.get(key)!.count;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

const NATURE = [
  'Sonnenblume',
  'Regenbogen',
  'Pusteblume',
  'Löwenzahn',
  'Kunterbunt',
  'Sternschnuppe',
  'Wirbelwind',
  'Arche Noah',
  'Zwergenland',
  'Spatzennest',
  'Schatzkiste',
  'Abenteuerland',
  'Rappelkiste',
  'Glühwürmchen',
  'Marienkäfer',
  'Igelbande',
  'Sonnenschein',
  'Seepferdchen',
  'Wichtelhaus',
  'Baumhaus',
  'Kleine Strolche',
  'Pfiffikus',
  'Hummelnest',
  'Sonnenkinder',
  'Apfelbäumchen',
  'Rasselbande',
  'Schmetterling',
  'Kleeblatt',
  'Leuchtturm',
  'Pippi Langstrumpf',
  'Villa Kunterbunt',
  'Mullewapp',
  'Farbklecks',
  'Wolkenschloss',
];
const FOREST = ['Fuchsbau', 'Eichhörnchen', 'Wurzelzwerge', 'Waldwichtel', 'Tannenzapfen', 'Moosmäuse', 'Buchenkinder', 'Waldameisen'];
const SMALL = [
  'Sonnenschein',
  'Kleine Füße',
  'Krümelkiste',
  'Zwergenstube',
  'Mäusenest',
  'Pünktchen',
  'Wichtelstube',
  'Kükennest',
  'Purzelbaum',
  'Kleine Hände',
  'Bärenhöhle',
  'Schneckenhaus',
  'Spatzenburg',
  'Hummelhaus',
  'Rabennest',
  'Knirpsenland',
];
const BIG_TP = [
  'Rasselbande',
  'Zwergenburg',
  'Wurzelkinder',
  'Kleine Entdecker',
  'Kinderstube',
  'Krabbelkiste',
  'Purzelbaum',
  'Kükenstall',
  'Hummelnest',
  'Bullerbü',
  'Flohkiste',
  'Sternenkinder',
];
const SAINTS_EV = [
  'Johannis',
  'Nicolai',
  'Michaelis',
  'Marien',
  'Lamberti',
  'Stephanus',
  'Paulus',
  'Matthäus',
  'Petri',
  'Markus',
  'Lukas',
  'Martin',
  'Jakobi',
  'Andreas',
  'Thomas',
  'Christophorus',
  'Georg',
  'Laurentius',
];
const SAINTS_CATH = [
  'Marien',
  'Josef',
  'Elisabeth',
  'Ansgar',
  'Bonifatius',
  'Hedwig',
  'Antonius',
  'Franziskus',
  'Clemens',
  'Godehard',
  'Bernward',
  'Liborius',
  'Ludgerus',
  'Vitus',
  'Michael',
  'Maria Goretti',
];
const FIRST_NAMES = [
  'Anna',
  'Sabine',
  'Katrin',
  'Julia',
  'Stefanie',
  'Nicole',
  'Claudia',
  'Maria',
  'Sandra',
  'Melanie',
  'Christina',
  'Jana',
  'Laura',
  'Svenja',
  'Birgit',
  'Heike',
  'Petra',
  'Ines',
  'Kerstin',
  'Miriam',
  'Tanja',
  'Nadine',
  'Silke',
  'Anja',
  'Daniela',
  'Yvonne',
  'Meike',
  'Wiebke',
  'Frauke',
  'Insa',
  'Fatma',
  'Olga',
  'Elena',
  'Natalia',
  'Ayşe',
  'Lena',
  'Sarah',
  'Jessica',
  'Thomas',
  'Jens',
  'Markus',
];
const LAST_NAMES = [
  'Müller',
  'Schmidt',
  'Meyer',
  'Schulz',
  'Wagner',
  'Becker',
  'Hoffmann',
  'Schröder',
  'Koch',
  'Richter',
  'Klein',
  'Wolf',
  'Neumann',
  'Schwarz',
  'Braun',
  'Hartmann',
  'Krüger',
  'Lange',
  'Werner',
  'Peters',
  'Janssen',
  'Hinrichs',
  'Brandt',
  'Vogel',
  'Ahrens',
  'Petersen',
  'Behrens',
  'Lüdemann',
  'Harms',
  'Otten',
  'Gerdes',
  'Cordes',
  'Wilkens',
  'Heuer',
  'Kaya',
  'Yılmaz',
  'Nowak',
  'Haase',
  'Bruns',
  'Meier',
  'Köhler',
  'Fischer',
];
const STREETS = [
  'Lindenstraße',
  'Schulstraße',
  'Am Sportplatz',
  'Birkenweg',
  'Gartenstraße',
  'Mühlenweg',
  'Bahnhofstraße',
  'Wiesenweg',
  'Eichenweg',
  'Rosenstraße',
  'Ahornweg',
  'Feldstraße',
  'Buchenweg',
  'Kastanienallee',
  'Heideweg',
  'Parkstraße',
  'Tannenweg',
  'Goethestraße',
  'Schillerstraße',
  'Jahnstraße',
  'Fliederweg',
  'Erlenweg',
  'Am Kindergarten',
  'Hauptstraße',
  'Breslauer Straße',
  'Königsberger Straße',
  'Friedrich-Ebert-Straße',
  'Am Mühlenbach',
  'Hermann-Löns-Straße',
  'Wilhelm-Busch-Straße',
  'Theodor-Storm-Straße',
];
const RESIDENTIAL = [
  'Lerchenweg',
  'Finkenweg',
  'Amselweg',
  'Drosselweg',
  'Meisenweg',
  'Birkenweg',
  'Fliederweg',
  'Rosenweg',
  'Tulpenweg',
  'Kiefernweg',
  'Holunderweg',
  'Am Wiesengrund',
  'Im Winkel',
  'Sonnenweg',
  'Ginsterweg',
  'Ulmenweg',
];
const VILLAGE = ['Dorfstraße', 'Am Dorfteich', 'Im Dorfe', 'Alte Dorfstraße'];
const CHURCH_STREETS = ['Kirchstraße', 'Kirchplatz', 'Am Kirchberg', 'Kirchweg'];

type AgeGroup = 'KRIPPE' | 'KINDERGARTEN' | 'MIXED' | 'HORT';
const AGES: Record<AgeGroup, [number, number]> = {
  KRIPPE: [0, 36],
  KINDERGARTEN: [36, 72],
  MIXED: [0, 72],
  HORT: [72, 144],
};
const PREFIX: Record<AgeGroup, string[]> = {
  KRIPPE: ['Krippe', 'Kinderkrippe', 'Kita'],
  KINDERGARTEN: ['Kindergarten', 'Kita'],
  MIXED: ['Kita', 'Kita', 'Kindertagesstätte', 'Kinderhaus'],
  HORT: ['Hort', 'Kinderhort'],
};

// ---------------------------------------------------------------------------------------------
// Facilities
// ---------------------------------------------------------------------------------------------

interface Spec {
  kind: FacilityKind;
  district: RawDistrict;
  group?: AgeGroup;
  published?: boolean;
}

interface Ctx {
  rng: SeededRandom;
  m: RawMunicipality;
  usedNames: Set<string>;
  usedPeople: Set<string>;
  usedNature: Set<string>;
  usedAddresses: Set<string>;
}

function cityOf(m: RawMunicipality, x: RawDistrict): string {
  return m.kind === 'CITY' ? m.city! : (x.city ?? x.name);
}
/** A place name for facility names: the Stadtteil in a city, the town in a Landkreis. */
function placeOf(m: RawMunicipality, x: RawDistrict): string {
  return m.kind === 'CITY' ? x.name : cityOf(m, x);
}
function adminOf(m: RawMunicipality, x: RawDistrict): string {
  if (m.kind === 'CITY') return m.name.replace(' (Oldb)', '');
  switch (x.admin) {
    case undefined:
      return `Gemeinde ${x.name}`;
    case 'S':
      return `Stadt ${x.name}`;
    case 'SG':
      return `Samtgemeinde ${x.name}`;
    case 'F':
      return `Flecken ${x.name}`;
    default:
      return x.admin;
  }
}
function houseNumber(rng: SeededRandom): string {
  return `${rng.int(1, 64)}${rng.chance(0.08) ? rng.pick(['a', 'b']) : ''}`;
}
function streetFor(ctx: Ctx, x: RawDistrict, church: boolean, residential: boolean): string {
  const { rng, m } = ctx;
  let address = '';
  for (let attempt = 0; attempt < 20; attempt++) {
    let street: string;
    if (church && rng.chance(0.5)) street = rng.pick(CHURCH_STREETS);
    else if (x.streets && rng.chance(residential ? 0.3 : 0.7)) street = rng.pick(x.streets);
    else if (residential) street = rng.pick(RESIDENTIAL);
    else if (m.kind !== 'CITY' && rng.chance(0.15)) street = rng.pick(VILLAGE);
    else street = rng.pick(STREETS);
    address = `${street} ${houseNumber(rng)}`;
    // One facility per address and postal code.
    if (!ctx.usedAddresses.has(`${x.plz} ${address}`)) break;
  }
  ctx.usedAddresses.add(`${x.plz} ${address}`);
  return address;
}
/** A name word, preferring ones not yet used in this municipality. */
function nature(ctx: Ctx): string {
  const unused = NATURE.filter((word) => !ctx.usedNature.has(word));
  const word = ctx.rng.pick(unused.length ? unused : NATURE);
  ctx.usedNature.add(word);
  return word;
}
function uniqueName(ctx: Ctx, make: () => string, suffix: string): string {
  for (let i = 0; i < 12; i++) {
    const name = make();
    if (!ctx.usedNames.has(name)) {
      ctx.usedNames.add(name);
      return name;
    }
  }
  let name = `${make()} ${suffix}`;
  for (let n = 2; ctx.usedNames.has(name); n++) name = `${make()} ${suffix} ${n}`;
  ctx.usedNames.add(name);
  return name;
}
function person(ctx: Ctx): string {
  for (;;) {
    const name = `${ctx.rng.pick(FIRST_NAMES)} ${ctx.rng.pick(LAST_NAMES)}`;
    if (!ctx.usedPeople.has(name)) {
      ctx.usedPeople.add(name);
      return name;
    }
  }
}
function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}
function week(days: number, opens: number, closes: number, fridayCloses = closes): OpeningHours[] {
  const rows: OpeningHours[] = [];
  for (let weekday = 1; weekday <= days; weekday++) {
    rows.push({ weekday, opens: hhmm(opens), closes: hhmm(weekday === 5 ? fridayCloses : closes) });
  }
  return rows;
}
const h = (hours: number, minutes = 0) => hours * 60 + minutes;

function kitaHours(rng: SeededRandom, group: AgeGroup): OpeningHours[] {
  if (group === 'HORT') {
    const closes = rng.pick([h(16), h(16, 30), h(17)]);
    return week(5, rng.pick([h(11, 30), h(11, 45), h(12)]), closes, rng.chance(0.3) ? h(15) : closes);
  }
  if (group === 'KINDERGARTEN' && rng.chance(0.1)) return week(5, h(8), rng.pick([h(12, 30), h(13)]));
  const opens = rng.pick([h(6, 30), h(7), h(7), h(7), h(7, 15), h(7, 30), h(7, 30), h(8)]);
  const closes = rng.pick([h(15), h(16), h(16), h(16, 30), h(16, 30), h(17), h(17), h(17, 30)]);
  const friday = rng.chance(0.4) ? Math.min(closes, rng.pick([h(14), h(15), h(15, 30)])) : closes;
  return week(5, opens, closes, friday);
}
function tagespflegeHours(rng: SeededRandom, big: boolean): OpeningHours[] {
  const opens = rng.pick(big ? [h(7), h(7, 30)] : [h(7), h(7, 30), h(7, 30), h(8)]);
  const closes = rng.pick(big ? [h(15), h(16), h(16, 30)] : [h(14), h(15), h(15, 30), h(16), h(16, 30)]);
  const days = !big && rng.chance(0.15) ? 4 : 5;
  const friday = rng.chance(0.4) ? rng.pick([h(13), h(14)]) : closes;
  return week(days, opens, closes, Math.min(friday, closes));
}

function kita(ctx: Ctx, spec: Spec): Omit<DemoFacility, 'latitude' | 'longitude' | 'status' | 'district' | 'city' | 'postalCode'> {
  const { rng, m } = ctx;
  const x = spec.district;
  const group: AgeGroup =
    spec.group ??
    rng.weighted<AgeGroup>([
      ['KRIPPE', 28],
      ['KINDERGARTEN', 27],
      ['MIXED', 35],
      ['HORT', 10],
    ]);
  const [ageFromMonths, ageToMonths] = AGES[group];
  const place = placeOf(m, x);
  const prefix = () => rng.pick(PREFIX[group]);
  let capacity =
    group === 'KRIPPE'
      ? 15 * rng.int(2, 4)
      : group === 'KINDERGARTEN'
        ? 25 * rng.int(1, 4)
        : group === 'MIXED'
          ? Math.min(120, 15 * rng.int(1, 2) + 25 * rng.int(1, 4))
          : 20 * rng.int(1, 3);
  const cathShare = x.cath ?? m.cath;
  const carrierKind = rng.weighted([
    ['municipal', 30],
    ['church', 25],
    ['awo', 8],
    ['drk', 7],
    ['johanniter', 4],
    ['lebenshilfe', group === 'HORT' ? 0 : 4],
    ['parents', 12],
    ['private', 8],
  ] as const);
  let name: string;
  let carrier: string;
  let carrierType: CarrierType;
  let church = false;
  switch (carrierKind) {
    case 'municipal':
      name = uniqueName(ctx, () => `${prefix()} ${rng.chance(0.35) ? place : nature(ctx)}`, place);
      carrier = adminOf(m, x);
      carrierType = 'MUNICIPAL';
      break;
    case 'church': {
      church = true;
      carrierType = 'CHURCH';
      if (rng.chance(cathShare)) {
        const saint = rng.pick(SAINTS_CATH);
        name = uniqueName(ctx, () => `Kath. ${prefix()} St. ${saint}`, place);
        carrier = `Kath. Kirchengemeinde St. ${saint}`;
      } else {
        name = uniqueName(ctx, () => `Ev. ${prefix()} St. ${rng.pick(SAINTS_EV)}`, place);
        carrier = x.church ?? m.church;
      }
      break;
    }
    case 'awo':
      name = uniqueName(ctx, () => `AWO ${prefix()} ${rng.chance(0.5) ? place : nature(ctx)}`, place);
      carrier = m.awo;
      carrierType = 'WELFARE';
      break;
    case 'drk':
      name = uniqueName(ctx, () => `DRK ${prefix()} ${rng.chance(0.5) ? place : nature(ctx)}`, place);
      carrier = m.drk;
      carrierType = 'WELFARE';
      break;
    case 'johanniter':
      name = uniqueName(ctx, () => `Johanniter-${prefix()} ${nature(ctx)}`, place);
      carrier = 'Johanniter-Unfall-Hilfe e.V.';
      carrierType = 'WELFARE';
      break;
    case 'lebenshilfe':
      name = uniqueName(ctx, () => `Lebenshilfe ${prefix()} ${nature(ctx)}`, place);
      carrier = m.lebenshilfe;
      carrierType = 'WELFARE';
      break;
    case 'parents': {
      carrierType = 'PARENTS';
      if (group === 'KINDERGARTEN' && rng.chance(0.4)) {
        const forest = rng.pick(FOREST);
        name = uniqueName(ctx, () => `Waldkindergarten ${forest}`, place);
        carrier = `Waldkindergarten ${forest} e.V.`;
        capacity = rng.pick([20, 25]);
      } else if (group !== 'HORT' && rng.chance(0.25)) {
        name = uniqueName(ctx, () => `Montessori-Kinderhaus ${place}`, 'II');
        carrier = `Montessori-Verein ${place} e.V.`;
      } else {
        const word = nature(ctx);
        name = uniqueName(ctx, () => `${m.kind === 'CITY' && group !== 'HORT' && rng.chance(0.4) ? 'Kinderladen' : prefix()} ${word}`, place);
        carrier = `Elterninitiative ${word} e.V.`;
      }
      break;
    }
    default: {
      const word = nature(ctx);
      name = uniqueName(ctx, () => `${rng.pick(['Kinderhaus', 'Bilinguale Kita', prefix()])} ${word}`, place);
      carrier = `${word} Kinderbetreuung gGmbH`;
      carrierType = 'PRIVATE';
      break;
    }
  }
  return {
    kind: 'KINDERTAGESSTAETTE',
    name,
    carrier,
    carrierType,
    street: streetFor(ctx, x, church, false),
    ageFromMonths,
    ageToMonths,
    capacity,
    openingHours: kitaHours(rng, group),
  };
}

function tagespflege(ctx: Ctx, spec: Spec): Omit<DemoFacility, 'latitude' | 'longitude' | 'status' | 'district' | 'city' | 'postalCode'> {
  const { rng } = ctx;
  const big = spec.kind === 'GROSSTAGESPFLEGE';
  const who = person(ctx);
  let name: string;
  let carrier: string;
  if (big) {
    name = uniqueName(ctx, () => `Großtagespflege ${rng.pick(BIG_TP)}`, placeOf(ctx.m, spec.district));
    carrier = `${who} und ${person(ctx)}`;
  } else {
    name = rng.chance(0.65)
      ? uniqueName(ctx, () => `Kindertagespflege ${who}`, 'II')
      : uniqueName(ctx, () => `Tagespflege ${rng.pick(SMALL)}`, placeOf(ctx.m, spec.district));
    carrier = who;
  }
  return {
    kind: spec.kind,
    name,
    carrier,
    carrierType: 'PERSON',
    street: streetFor(ctx, spec.district, false, true),
    ageFromMonths: 0,
    ageToMonths: 36,
    capacity: big ? (rng.chance(0.4) ? 10 : 8) : rng.pick([3, 4, 5, 5, 5]),
    openingHours: tagespflegeHours(rng, big),
  };
}

function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

function buildFacilities(m: RawMunicipality, count: number): { facilities: DemoFacility[]; groups: (AgeGroup | undefined)[] } {
  const rng = new SeededRandom(`demo-data:${m.key}:facilities`);
  const ctx: Ctx = { rng, m, usedNames: new Set(), usedPeople: new Set(), usedNature: new Set(), usedAddresses: new Set() };

  // Forced specs: a test parent searches "Krippe in Kaltenmoor".
  const forced: Spec[] = [];
  if (m.key === '03355022') {
    const kaltenmoor = m.districts.find((x) => x.name === 'Kaltenmoor')!;
    for (let i = 0; i < Math.min(2, count); i++) forced.push({ kind: 'KINDERTAGESSTAETTE', district: kaltenmoor, group: 'KRIPPE', published: true });
  }
  const rest = count - forced.length;
  const nKita = Math.max(0, Math.round(count * 0.55) - forced.length);
  const nBig = Math.min(rest - Math.min(nKita, rest), Math.round(count * 0.1));
  const kinds: FacilityKind[] = [];
  for (let i = 0; i < rest; i++) kinds.push(i < nKita ? 'KINDERTAGESSTAETTE' : i < nKita + nBig ? 'GROSSTAGESPFLEGE' : 'KINDERTAGESPFLEGE');
  kinds.splice(0, kinds.length, ...rng.shuffle(kinds));

  // Every district once (while there are facilities left), the rest by weight.
  const districts = rng.shuffle([...m.districts]);
  const weighted = m.districts.map((x) => [x, x.w] as const);
  const specs: Spec[] = kinds.map((kind, i) => ({ kind, district: i < districts.length ? districts[i] : rng.weighted(weighted) }));
  for (const spec of forced) specs.splice(rng.int(0, specs.length), 0, spec);

  const facilities: DemoFacility[] = [];
  const groups: (AgeGroup | undefined)[] = [];
  for (const spec of specs) {
    const x = spec.district;
    const base = spec.kind === 'KINDERTAGESSTAETTE' ? kita(ctx, spec) : tagespflege(ctx, spec);
    const status: FacilityStatus = spec.published
      ? 'PUBLISHED'
      : rng.weighted<FacilityStatus>([
          ['PUBLISHED', 90],
          ['SUBMITTED', 6],
          ['DRAFT', 4],
        ]);
    facilities.push({
      kind: base.kind,
      name: base.name,
      carrier: base.carrier,
      carrierType: base.carrierType,
      street: base.street,
      postalCode: x.plz,
      city: cityOf(m, x),
      district: x.name,
      latitude: round5(x.lat + (rng.next() * 2 - 1) * facilityJitter.latitude),
      longitude: round5(x.lon + (rng.next() * 2 - 1) * facilityJitter.longitude),
      ageFromMonths: base.ageFromMonths,
      ageToMonths: base.ageToMonths,
      capacity: base.capacity,
      openingHours: base.openingHours,
      status,
    });
    groups.push(spec.kind === 'KINDERTAGESSTAETTE' ? groupOf(base.ageFromMonths, base.ageToMonths) : undefined);
  }
  return { facilities, groups };
}

function groupOf(from: number, to: number): AgeGroup {
  return (Object.keys(AGES) as AgeGroup[]).find((g) => AGES[g][0] === from && AGES[g][1] === to)!;
}

/** Longest opening day in minutes, and the weekly opening time in hours. */
function openTimes(hours: OpeningHours[]): { longestDay: number; weekly: number } {
  let longestDay = 0;
  let weekly = 0;
  for (const row of hours) {
    const minutes = minutesOf(row.closes) - minutesOf(row.opens);
    longestDay = Math.max(longestDay, minutes);
    weekly += minutes / 60;
  }
  return { longestDay, weekly };
}

// ---------------------------------------------------------------------------------------------
// Vacancies
// ---------------------------------------------------------------------------------------------

const VACANCY_BANDS: [number, number][] = [
  [0, 36],
  [12, 36],
  [0, 12],
  [24, 36],
  [36, 72],
  [12, 72],
  [0, 72],
  [72, 144],
  [72, 120],
];

function buildVacancies(m: RawMunicipality, facilities: DemoFacility[], today: number): DemoVacancy[] {
  const rng = new SeededRandom(`demo-data:${m.key}:vacancies:${formatDay(today)}`);
  const august = nextAugustFirst(today);
  const february = nextFebruaryFirst(today);
  const earliest = today - 30;
  const latest = today + 270;
  const vacancies: DemoVacancy[] = [];
  let guaranteedKaltenmoor = false;

  facilities.forEach((f, facilityIndex) => {
    if (f.status === 'DRAFT') return;
    const kaltenmoorKrippe =
      !guaranteedKaltenmoor &&
      f.district === 'Kaltenmoor' &&
      f.kind === 'KINDERTAGESSTAETTE' &&
      f.ageFromMonths === 0 &&
      f.ageToMonths === 36 &&
      f.status === 'PUBLISHED';
    if (!kaltenmoorKrippe && !rng.chance(0.62)) return;
    const count = f.kind === 'KINDERTAGESPFLEGE' ? (rng.chance(0.8) ? 1 : 2) : rng.int(1, 3);
    // The rules the seed's groups set (see seed.ts, groupsOf): a vacancy lies in one group (a Kita
    // spanning 36 months has a Krippe and a Kindergarten group), in an hours band the group offers
    // (Tagespflege groups are THREE_QUARTER), and the places offered never add up to more than the facility has.
    const splitAt36 = f.kind === 'KINDERTAGESSTAETTE' && f.ageFromMonths < 36 && f.ageToMonths > 36;
    const bands = VACANCY_BANDS.filter(([from, to]) => from >= f.ageFromMonths && to <= f.ageToMonths && !(splitAt36 && from < 36 && to > 36));
    let placesLeft = f.capacity;
    const { longestDay } = openTimes(f.openingHours);
    const seen = new Set<string>();
    for (let i = 0; i < count; i++) {
      const [ageFromMonths, ageToMonths] =
        kaltenmoorKrippe && i === 0 ? [0, 36] : rng.pick(bands.length ? bands : [splitAt36 ? [f.ageFromMonths, 36] : [f.ageFromMonths, f.ageToMonths]]);
      let from: number;
      const r = rng.next();
      if ((kaltenmoorKrippe && i === 0) || r < 0.35) from = august;
      else if (r < 0.45 && february >= earliest && february <= latest) from = february;
      else {
        from = today + rng.int(-30, 270);
        if (rng.chance(0.5)) {
          const first = firstOfNextMonth(from);
          if (first <= latest) from = first;
        }
      }
      const key = `${ageFromMonths}-${ageToMonths}-${from}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let until: string | null = null;
      if (rng.chance(0.45)) {
        const { y, m: month } = ymd(from);
        const endOfKitaYear = dayOf(month >= 8 ? y + 1 : y, 7, 31);
        until = formatDay(rng.chance(0.5) && endOfKitaYear - from > 60 ? endOfKitaYear : addMonths(from, rng.int(3, 12)) - 1);
      }
      const wanted =
        f.kind === 'KINDERTAGESPFLEGE'
          ? rng.int(1, 2)
          : f.kind === 'GROSSTAGESPFLEGE'
            ? rng.int(1, 3)
            : rng.weighted([
                [1, 30],
                [2, 28],
                [3, 20],
                [4, 12],
                [5, 10],
              ] as const);
      const places = Math.min(wanted, placesLeft);
      if (places < 1) break;
      placesLeft -= places;
      const hoursBand: HoursBand =
        longestDay >= 8 * 60 && f.kind === 'KINDERTAGESSTAETTE'
          ? rng.weighted<HoursBand>([
              ['FULL_DAY', 55],
              ['THREE_QUARTER', 30],
              ['HALF_DAY', 15],
            ])
          : longestDay >= 6 * 60
            ? rng.weighted<HoursBand>([
                ['THREE_QUARTER', 65],
                ['HALF_DAY', 35],
              ])
            : 'HALF_DAY';
      vacancies.push({ facilityIndex, places, ageFromMonths, ageToMonths, hoursBand, availableFrom: formatDay(from), availableUntil: until });
    }
    if (kaltenmoorKrippe) guaranteedKaltenmoor = true;
  });

  // At least one place from the start of the Kita year.
  const augustText = formatDay(august);
  if (vacancies.length && !vacancies.some((v) => v.availableFrom === augustText)) {
    const v = vacancies.find((x) => facilities[x.facilityIndex].kind === 'KINDERTAGESSTAETTE') ?? vacancies[0];
    v.availableFrom = augustText;
    if (v.availableUntil !== null && v.availableUntil <= augustText) v.availableUntil = null;
  }
  krippePlacesInAugust(m, facilities, vacancies, augustText, ['KINDERTAGESSTAETTE']);
  krippePlacesInAugust(m, facilities, vacancies, augustText, ['KINDERTAGESPFLEGE', 'GROSSTAGESPFLEGE']);
  return vacancies;
}

/** How many Kitas, and how many Tagespflege, always offer places to one- to three-year-olds from the start of the Kita year. */
export const KRIPPE_PLACES_IN_AUGUST = 3;

/**
 * Places from the start of the Kita year (`august`) for children of 12 to 36 months, the Krippe
 * age most families ask for, in the KRIPPE_PLACES_IN_AUGUST published facilities of `kinds` in the
 * most populous districts (then by index; all of them when fewer): a family looking for next
 * August always finds some of each kind where most families live, whatever today's draw. These
 * facilities do not depend on today. One that has no such place yet gets one of its vacancies
 * turned into one (its places stay the same), or one place when it has none.
 */
function krippePlacesInAugust(m: RawMunicipality, facilities: DemoFacility[], vacancies: DemoVacancy[], august: string, kinds: FacilityKind[]): void {
  const weight = new Map(m.districts.map((district) => [district.name, district.w]));
  const covers = (v: DemoVacancy) => v.ageFromMonths <= 12 && v.ageToMonths >= 36;
  const eligible = facilities
    .map((f, index) => ({ f, index }))
    .filter(({ f }) => f.status === 'PUBLISHED' && kinds.includes(f.kind) && f.ageFromMonths <= 12 && f.ageToMonths >= 36)
    .sort((a, b) => (weight.get(b.f.district) ?? 0) - (weight.get(a.f.district) ?? 0) || a.index - b.index);
  for (const { f, index } of eligible.slice(0, KRIPPE_PLACES_IN_AUGUST)) {
    if (vacancies.some((v) => v.facilityIndex === index && v.availableFrom === august && covers(v))) continue;
    const own = vacancies.filter((v) => v.facilityIndex === index);
    // Rather one of the Krippe's own places (ages up to 36 months) than one of the Kindergarten's.
    const v = own.find((x) => x.ageToMonths <= 36) ?? own[0];
    if (v) Object.assign(v, { ageFromMonths: 12, ageToMonths: 36, availableFrom: august, availableUntil: null });
    else {
      // A band the facility's group offers (see buildVacancies): Tagespflege groups are THREE_QUARTER.
      const hoursBand: HoursBand = openTimes(f.openingHours).longestDay >= 6 * 60 ? 'THREE_QUARTER' : 'HALF_DAY';
      vacancies.push({ facilityIndex: index, places: 1, ageFromMonths: 12, ageToMonths: 36, hoursBand, availableFrom: august, availableUntil: null });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reservations
// ---------------------------------------------------------------------------------------------

const PARENTS = 40;
const HOURS = [20, 25, 30, 35, 40, 45];

/**
 * One child per demo parent, born 2 weeks to 5 years before today. Independent of the
 * municipality, so a parent who reserves in several municipalities does so for the same child
 * (the multiple-reservation problem the system has to recognise).
 */
function children(today: number): { subject: string; birth: number }[] {
  const rng = new SeededRandom(`demo-data:children:${formatDay(today)}`);
  return Array.from({ length: PARENTS }, (_, i) => ({ subject: `demo-parent-${i + 1}`, birth: today - rng.int(14, 5 * 365) }));
}

/** Children placed somewhere, of all demo children: few, so that most of them still wait. */
const placedShare = 0.1;

/** The municipalities where `waitingChild` waits twice (open choices, no acceptance): for the offices' duplicate review. */
export const waitingTwiceIn = ['03355022', '03355'] as const;

/** The demo parent whose child waits in Hansestadt and Landkreis Lüneburg at once: the first child of 1 to 4 years next August. */
export function waitingChild(today: number): string {
  const august = nextAugustFirst(today);
  const found = children(today).find((c) => ageInMonths(c.birth, august) >= 12 && ageInMonths(c.birth, august) < 48);
  return (found ?? children(today)[0]).subject;
}

/**
 * Where a demo child holds its one accepted place (its home municipality), or null: decided per
 * child, independent of any municipality's facilities, so that every municipality's data agrees
 * without knowing the others'. The child waiting twice is never placed.
 */
export function placementOf(subject: string, today: number): string | null {
  if (subject === waitingChild(today)) return null;
  const rng = new SeededRandom(`demo-data:placement:${subject}:${formatDay(today)}`);
  return rng.chance(placedShare) ? rng.pick(RAW.map((m) => m.key)) : null;
}

/** Makes `waitingChild` wait here with an open choice, at the first published facility that takes its age, unless it does already. */
function waitTwice(reservations: DemoReservation[], facilities: DemoFacility[], groups: (AgeGroup | undefined)[], today: number): void {
  const subject = waitingChild(today);
  const open = ['SUBMITTED', 'IN_REVIEW', 'OFFERED'];
  if (reservations.some((r) => r.parentSubject === subject && open.includes(r.status))) return;
  const child = children(today).find((c) => c.subject === subject)!;
  const wished = nextAugustFirst(today);
  const age = ageInMonths(child.birth, wished);
  const facilityIndex = facilities.findIndex(
    (f, index) => f.status === 'PUBLISHED' && groups[index] !== 'HORT' && age >= Math.max(f.ageFromMonths, 6) && age < f.ageToMonths,
  );
  if (facilityIndex < 0) return;
  reservations.push({
    facilityIndex,
    childBirthDate: formatDay(child.birth),
    wishedStart: formatDay(wished),
    hoursPerWeek: 30,
    status: 'SUBMITTED',
    parentSubject: subject,
    createdAt: '',
  });
}

function buildReservations(m: RawMunicipality, facilities: DemoFacility[], groups: (AgeGroup | undefined)[], today: number): DemoReservation[] {
  const rng = new SeededRandom(`demo-data:${m.key}:reservations:${formatDay(today)}`);
  const pool = children(today);
  const august = nextAugustFirst(today);
  const reservations: DemoReservation[] = [];

  facilities.forEach((f, facilityIndex) => {
    if (f.status !== 'PUBLISHED' || groups[facilityIndex] === 'HORT') return;
    const count = f.kind === 'KINDERTAGESSTAETTE' ? rng.pick([0, 1, 2, 3, 3, 3, 4, 4, 5, 5, 6]) : rng.pick([0, 0, 1, 1, 2]);
    const taken = new Set<string>();
    const { weekly } = openTimes(f.openingHours);
    const hourChoices = HOURS.filter((x) => x <= weekly && (f.kind === 'KINDERTAGESSTAETTE' || x <= 35));
    for (let i = 0; i < count; i++) {
      let wished: number;
      const r = rng.next();
      if (r < 0.5) wished = august;
      else if (r < 0.9) wished = addMonths(firstOfNextMonth(today), rng.int(0, 11));
      else wished = today + rng.int(7, 300);
      const minAge = Math.max(f.ageFromMonths, 6);
      const candidates = pool.filter((c) => !taken.has(c.subject) && ageInMonths(c.birth, wished) >= minAge && ageInMonths(c.birth, wished) < f.ageToMonths);
      if (!candidates.length) continue;
      const child = rng.pick(candidates);
      taken.add(child.subject);
      const status = rng.weighted<ReservationStatus>([
        ['SUBMITTED', 45],
        ['IN_REVIEW', 30],
        ['OFFERED', 10],
        ['ACCEPTED', 5],
        ['DECLINED', 4],
        ['WITHDRAWN', 3],
      ]);
      reservations.push({
        facilityIndex,
        childBirthDate: formatDay(child.birth),
        wishedStart: formatDay(wished),
        hoursPerWeek: hourChoices.length ? rng.pick(hourChoices) : 20,
        status,
        parentSubject: child.subject,
        createdAt: '',
      });
    }
  });

  // A child takes one place in the whole federation: see `placementOf`. Accepted only in its home
  // municipality (its first choice still open there), withdrawn everywhere else, as the
  // placed-elsewhere consumer would have done; a child not placed has no acceptance anywhere.
  const acceptedHere = new Set<string>();
  for (const r of reservations) {
    const home = placementOf(r.parentSubject, today);
    if (home === null) {
      if (r.status === 'ACCEPTED') r.status = 'SUBMITTED';
    } else if (home !== m.key) {
      if (['SUBMITTED', 'IN_REVIEW', 'OFFERED', 'ACCEPTED'].includes(r.status)) Object.assign(r, { status: 'WITHDRAWN', placedElsewhere: true });
    } else if (!acceptedHere.has(r.parentSubject) && r.status !== 'DECLINED' && r.status !== 'WITHDRAWN') {
      r.status = 'ACCEPTED';
      acceptedHere.add(r.parentSubject);
    } else if (['SUBMITTED', 'IN_REVIEW', 'OFFERED', 'ACCEPTED'].includes(r.status)) {
      Object.assign(r, { status: 'WITHDRAWN', placedElsewhere: true });
    }
  }
  if (m.key === waitingTwiceIn[0] || m.key === waitingTwiceIn[1]) waitTwice(reservations, facilities, groups, today);

  for (const r of reservations) {
    const [minDays, maxDays] = r.status === 'SUBMITTED' ? [1, 60] : r.status === 'IN_REVIEW' ? [7, 90] : r.status === 'WITHDRAWN' ? [10, 150] : [20, 150];
    const day = today - rng.int(minDays, maxDays);
    r.createdAt = new Date(day * DAY_MS + rng.int(7 * 60, 22 * 60 + 59) * 60_000 + rng.int(0, 59) * 1000).toISOString();
  }
  return reservations;
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/**
 * Demo facilities, vacancies and reservations for one municipality. Deterministic for the same
 * key, options and `today` (default: now; only its UTC calendar day matters).
 */
export function demoData(key: string, options: { facilities?: number; today?: Date } = {}): DemoData {
  const municipality = municipalityInfo(key);
  const m = rawByKey.get(key)!;
  const count = options.facilities ?? m.count;
  if (!Number.isInteger(count) || count < 0) throw new Error(`options.facilities must be a non-negative integer, got ${count}`);
  const today = dayNumber(options.today ?? new Date());
  const { facilities, groups } = buildFacilities(m, count);
  const vacancies = buildVacancies(m, facilities, today);
  const reservations = buildReservations(m, facilities, groups, today);
  return { municipality, facilities, vacancies, reservations };
}
