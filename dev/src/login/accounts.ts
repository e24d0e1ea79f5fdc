/** The roles a person can log in with; the same names as the `role` claim the subgraphs read. */
export type DemoRole = 'parent' | 'provider' | 'office' | 'analyst';

/** A login of the development OpenID provider; `subject` becomes the token's `sub`. */
export interface DemoAccount {
  username: string;
  password: string;
  subject: string;
  role: DemoRole;
  /** Municipality keys (AGS) the token is scoped to: office and analyst accounts only. */
  municipalities: string[];
  name: string;
  email: string;
  description: string;
}

/** The one password of every demo account (development only, printed on the login page). */
export const demoPassword = 'kita-demo';

/** Names of the municipalities the demo accounts mention, for the login page's table. */
export const demoMunicipalityNames: Readonly<Record<string, string>> = {
  '03355022': 'Hansestadt Lüneburg',
  '03355': 'Landkreis Lüneburg',
  '03241001': 'Landeshauptstadt Hannover',
};

function account(username: string, subject: string, role: DemoRole, municipalities: string[], name: string, description: string): DemoAccount {
  return { username, password: demoPassword, subject, role, municipalities, name, email: `${username}@demo.kita.invalid`, description };
}

/** One or more demo logins per role. Subjects are fixed: demo data and tests refer to them. */
export const demoAccounts: DemoAccount[] = [
  account('eltern.neumann', 'demo-parent-1', 'parent', [], 'Jana Neumann', 'Mutter, sucht einen Krippenplatz in Lüneburg-Kaltenmoor'),
  account('eltern.yilmaz', 'demo-parent-2', 'parent', [], 'Ayşe Yılmaz', 'Mutter, sucht einen Kindergartenplatz im Landkreis Lüneburg'),
  account('kita.sonnenschein', 'demo-provider-03355022', 'provider', [], 'Kita Sonnenschein gGmbH', 'Kita-Träger in der Hansestadt Lüneburg'),
  account('tagespflege.heide', 'demo-provider-03355', 'provider', [], 'Maren Albers', 'Tagespflegeperson im Landkreis Lüneburg'),
  account(
    'tagespflege.neu',
    'demo-provider-new',
    'provider',
    [],
    'Lena Brandt',
    'Tagespflegeperson im Landkreis Lüneburg, noch ohne Einrichtung: registriert sich im Arbeitsbereich',
  ),
  account(
    'amt.lueneburg',
    'demo-office-03355022',
    'office',
    ['03355022'],
    'Jugendamt Hansestadt Lüneburg',
    'Jugendamt: sieht die Vormerkungen der Hansestadt Lüneburg',
  ),
  account(
    'amt.landkreis',
    'demo-office-03355',
    'office',
    ['03355'],
    'Jugendamt Landkreis Lüneburg',
    'Jugendamt: sieht die Vormerkungen des Landkreises Lüneburg',
  ),
  account(
    'amt.hannover',
    'demo-office-03241001',
    'office',
    ['03241001'],
    'Jugendamt Landeshauptstadt Hannover',
    'Jugendamt: sieht die Vormerkungen der Landeshauptstadt Hannover',
  ),
  account(
    'planung.lueneburg',
    'demo-analyst-lueneburg',
    'analyst',
    ['03355022', '03355'],
    'Jugendhilfeplanung Lüneburg',
    'Jugendhilfeplanung: anonymisierte Auswertungen für Hansestadt und Landkreis Lüneburg',
  ),
];
