// The demo municipalities' portal themes for the registry: a colour each (white text on it reads at
// 4.5:1 at least, as the registry demands) and a small SVG crest as a data: URL, drawn here (no
// municipality's real coat of arms, nothing from the internet).
import type { MunicipalityTheme } from '@kita/registry';

const colors: Record<string, string> = {
  '03355022': '#a3141c', // Hansestadt Lüneburg: red
  '03355': '#1d5b2e', // Landkreis Lüneburg: green
  '03241001': '#8a1538', // Landeshauptstadt Hannover
  '03241': '#00507a', // Region Hannover
  '03101': '#9b1b30',
  '03103': '#1f4e79',
  '03403': '#0b5d5e',
  '03404': '#7a1f1f',
  '03151': '#2d5a27',
  '03159': '#4b2e83',
  '03254': '#6b3a1f',
  '03351': '#1a5276',
  '03352': '#005f73',
  '03353': '#7b2d26',
  '03354': '#355e3b',
  '03358': '#5b3256',
  '03359': '#184e77',
  '03360': '#6a2c1a',
  '03452': '#0f4c5c',
  '03454': '#2e4057',
  '03457': '#5e2750',
};

/** Up to two capitals of the name's words after the title (Hansestadt, Landkreis, Stadt …). */
function initialsOf(name: string): string {
  const words = name
    .replace(/\(.*\)/, '')
    .split(/[\s-]+/)
    .filter(Boolean);
  const titled = words.length > 1 ? words.slice(1) : words;
  return titled
    .map((word) => word[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

/** A shield in the colour with the initials in white, as a data: URL. */
export function demoLogo(name: string, color: string): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 48" role="img">` +
    `<path d="M2 2h36v22c0 12-8 18-18 22C10 42 2 36 2 24z" fill="${color}" stroke="#ffffff" stroke-width="2"/>` +
    `<text x="20" y="29" text-anchor="middle" font-family="Arial,sans-serif" font-size="15" font-weight="700" fill="#ffffff">${initialsOf(name)}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** The theme of a demo municipality, or none for a key the demo does not colour. */
export function demoTheme(key: string, name: string): MunicipalityTheme | undefined {
  const primaryColor = colors[key];
  return primaryColor ? { primaryColor, logoUrl: demoLogo(name, primaryColor) } : undefined;
}
