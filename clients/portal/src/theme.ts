import { isHexColor, readableOnWhite } from '@kita/schema/contrast';

/** KERN's dark blue: the portal's colour when neither config.json nor the registry gives one. */
export const defaultPrimary = '#1d3c6e';

/**
 * Applies a municipality's colour at run time as CSS custom properties: the portal's own
 * (`--portal-primary`, the header bar) and KERN UX's action colour (buttons, links). A colour that
 * white text does not read on at 4.5:1 (WCAG AA) is darkened until it does; the registry refuses
 * such colours, config.json's override is checked here.
 */
export function applyTheme(primary: string | null | undefined): string {
  const color = readableOnWhite(isHexColor(primary) ? primary : defaultPrimary);
  const root = document.documentElement.style;
  root.setProperty('--portal-primary', color);
  root.setProperty('--kern-color-action-default', color);
  return color;
}
