// Readable colours for a municipality's theme (WCAG 2.1 AA): the registry refuses a colour that
// fails, the portal darkens one from its own config.json until it passes. Imports nothing.

/** WCAG 2.1 AA for normal text: 4.5:1. */
export const minimumContrast = 4.5;

const hexColor = /^#[0-9a-fA-F]{6}$/;

/** `#rrggbb`. */
export const isHexColor = (value: unknown): value is string => typeof value === 'string' && hexColor.test(value);

const channels = (color: string): [number, number, number] => [1, 3, 5].map((at) => Number.parseInt(color.slice(at, at + 2), 16)) as [number, number, number];

/** Relative luminance (WCAG 2.1) of a `#rrggbb` colour. */
export function luminance(color: string): number {
  const [r, g, b] = channels(color).map((value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two `#rrggbb` colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** Whether white text on the colour (buttons, the header bar) and the colour as text on white (links) reach 4.5:1. */
export const readableWithWhite = (color: string): boolean => contrastRatio(color, '#ffffff') >= minimumContrast;

/** The colour itself when it is readable with white, else the same hue darkened in small steps until it is. */
export function readableOnWhite(color: string): string {
  let [r, g, b] = channels(color);
  let current = color.toLowerCase();
  while (!readableWithWhite(current)) {
    [r, g, b] = [r, g, b].map((value) => Math.floor(value * 0.92)) as [number, number, number];
    current = `#${[r, g, b].map((value) => value.toString(16).padStart(2, '0')).join('')}`;
  }
  return current;
}
