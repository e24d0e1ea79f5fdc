import { isHexColor, minimumContrast, readableWithWhite } from '@kita/schema';
import { z } from 'zod';

/** How a municipality's portal looks: its colour and logo (the name is the entry's). */
export interface MunicipalityTheme {
  /** `#rrggbb`; white text on it and it as text on white reach WCAG AA (4.5:1), or the registry refuses it. */
  primaryColor: string;
  /** An https URL, a path on the portal's own host (`/logos/…`), or a `data:image/…` URL; absent: no logo. */
  logoUrl?: string;
}

const colorProblem = `must be a colour #rrggbb that white text on it (and it as text on white) reads at ${minimumContrast}:1 at least (WCAG 2.1 AA)`;
const logoProblem = 'must be an https URL, a path starting with / or a data:image URL of at most 20000 characters';

const isLogoUrl = (value: string): boolean =>
  value.length <= 20_000 && (/^https:\/\/[^\s]+$/.test(value) || /^\/[^\s/][^\s]*$/.test(value) || /^data:image\/(svg\+xml|png|webp)[;,]/.test(value));

/** The registry file's `theme` of an entry. */
export const themeSchema = z
  .object(
    {
      primaryColor: z
        .string({ error: colorProblem })
        .refine(isHexColor, 'must be a colour #rrggbb')
        .refine((color) => !isHexColor(color) || readableWithWhite(color), colorProblem),
      logoUrl: z.string({ error: logoProblem }).refine(isLogoUrl, logoProblem).optional(),
    },
    { error: 'must be an object { primaryColor, logoUrl }' },
  )
  .strict();
