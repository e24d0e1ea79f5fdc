import { describe, expect, it } from 'vitest';
import { registryResolvers } from './municipality/municipality.resolver.js';
import { parseRegistry, RegistryError } from './registry.js';

const subgraphs = ['reservation'];
const city = { key: '03355022', name: 'Hansestadt Lüneburg', kind: 'CITY', subgraphs: { reservation: 'http://127.0.0.1:4001/graphql' } };
const logo = 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E';

function problemsOf(theme: unknown): string[] {
  try {
    parseRegistry({ municipalities: [{ ...city, theme }] }, { subgraphs });
    return [];
  } catch (error) {
    // The registry names what it got after each problem; the rule is what matters here.
    if (error instanceof RegistryError) return error.problems.map((problem) => problem.replace(/ \(got .*\)$/, ''));
    throw error;
  }
}

describe("a municipality's theme in the registry", () => {
  it('is served as Municipality.theme, the logo null when none is given', () => {
    const registry = parseRegistry({ municipalities: [{ ...city, theme: { primaryColor: '#b5121b', logoUrl: logo } }] }, { subgraphs });
    const context = { registry: () => registry };
    expect(registryResolvers.Query.municipalityByKey(undefined, { key: city.key }, context)?.theme).toEqual({ primaryColor: '#b5121b', logoUrl: logo });
    const plain = parseRegistry({ municipalities: [{ ...city, theme: { primaryColor: '#004b76' } }] }, { subgraphs });
    expect(registryResolvers.Query.municipalityByKey(undefined, { key: city.key }, { registry: () => plain })?.theme).toEqual({
      primaryColor: '#004b76',
      logoUrl: null,
    });
  });

  it('refuses a colour that white text cannot be read on (WCAG AA), a malformed colour and a logo from elsewhere', () => {
    expect(problemsOf({ primaryColor: '#004b76', logoUrl: '/logos/lueneburg.svg' })).toEqual([]);
    expect(problemsOf({ primaryColor: '#ffd700' })).toEqual([
      'municipalities[0] "03355022" (Hansestadt Lüneburg): theme.primaryColor must be a colour #rrggbb that white text on it (and it as text on white) reads at 4.5:1 at least (WCAG 2.1 AA)',
    ]);
    expect(problemsOf({ primaryColor: 'red', logoUrl: 'javascript:alert(1)' })).toEqual([
      'municipalities[0] "03355022" (Hansestadt Lüneburg): theme.primaryColor must be a colour #rrggbb',
      'municipalities[0] "03355022" (Hansestadt Lüneburg): theme.logoUrl must be an https URL, a path starting with / or a data:image URL of at most 20000 characters',
    ]);
  });
});
