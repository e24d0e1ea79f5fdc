// The HTML of the development login: German first with English subtitles (the people testing are
// German municipal staff and international developers), no scripts, no external resources.
import { type DemoAccount, type DemoRole, demoMunicipalityNames } from './accounts.js';

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const roleLabels: Record<DemoRole, string> = {
  parent: 'Eltern <span lang="en">(parent)</span>',
  provider: 'Anbieter <span lang="en">(provider)</span>',
  office: 'Jugendamt <span lang="en">(office)</span>',
  analyst: 'Planung <span lang="en">(analyst)</span>',
};

const styles = `
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f4f5f7}
main{max-width:46rem;margin:0 auto;padding:1rem}
.card{background:#fff;border-radius:.5rem;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.15);margin-bottom:1rem}
h1{font-size:1.5rem;margin:0}h2{font-size:1.15rem;margin:0 0 .5rem}
.en{color:#4a4a4a;margin:.1rem 0 1rem}
label{display:block;font-weight:600;margin-top:1rem}
input{display:block;width:100%;max-width:24rem;font:inherit;padding:.6rem;border:2px solid #6b6b6b;border-radius:.25rem;margin-top:.25rem}
input:focus,button:focus,a:focus{outline:3px solid #0b5fff;outline-offset:2px}
button{font:inherit;font-weight:600;margin-top:1.25rem;padding:.65rem 1.5rem;border:0;border-radius:.25rem;background:#0b4fa8;color:#fff;cursor:pointer;min-height:44px}
button.secondary{background:#e3e6ea;color:#1b1b1b;margin-left:.5rem}
.error{border-left:.3rem solid #b00020;background:#fdecee;padding:.6rem .8rem;margin:1rem 0 0;font-weight:600}
.hint{font-size:.9rem;color:#3d3d3d}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
caption{text-align:left;font-weight:600;font-size:1.05rem;padding-bottom:.5rem}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid #d5d8dc}
@media (max-width:40rem){thead{position:absolute;left:-9999px}tr{display:block;padding:.5rem 0;border-bottom:1px solid #d5d8dc}td{display:block;border:0;padding:.1rem 0}td[data-label]::before{content:attr(data-label) ": ";font-weight:600}}
code,textarea{font-family:ui-monospace,Menlo,Consolas,monospace}
textarea{width:100%;min-height:9rem;font-size:.8rem;padding:.5rem;word-break:break-all}
`;

/** What a person signs in to, by client ID: names, not identifiers. */
const clientNames: Record<string, string> = {
  'kita-portal': 'das Elternportal',
  'kita-office': 'den Arbeitsbereich für Jugendamt und Anbieter',
  'kita-dashboard': 'das Planungs-Dashboard',
  'kita-sandbox': 'Apollo Sandbox',
  'kita-login-page': 'einen Zugangs-Token für Entwicklerinnen und Entwickler',
};

/** The common page frame. `body` must already be HTML-escaped where it contains data. */
export function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function municipalityCell(account: DemoAccount): string {
  if (account.municipalities.length === 0) return '<span aria-label="keine">–</span>';
  return account.municipalities.map((key) => `${escapeHtml(demoMunicipalityNames[key] ?? key)} <span class="hint">(${escapeHtml(key)})</span>`).join('<br>');
}

/** The table of demo accounts shown below the login form. */
export function accountTable(accounts: DemoAccount[], password: string | undefined): string {
  const rows = accounts
    .map(
      (account) => `<tr>
<td data-label="Benutzername"><code>${escapeHtml(account.username)}</code></td>
<td data-label="Rolle">${roleLabels[account.role] ?? escapeHtml(account.role)}</td>
<td data-label="Gemeinde">${municipalityCell(account)}</td>
<td data-label="Beschreibung">${escapeHtml(account.description)}</td>
</tr>`,
    )
    .join('\n');
  const passwordHint = password
    ? `<p class="hint">Passwort für alle Demo-Konten: <code>${escapeHtml(password)}</code> <span lang="en">(password of every demo account)</span></p>`
    : '';
  return `<section class="card" aria-labelledby="accounts-title">
<h2 id="accounts-title">Demo-Konten <span lang="en" class="hint">/ Demo accounts</span></h2>
${passwordHint}
<div class="table-wrap">
<table>
<caption class="hint">Nur für Entwicklung und Tests <span lang="en">(development and tests only)</span></caption>
<thead><tr><th scope="col">Benutzername</th><th scope="col">Rolle</th><th scope="col">Gemeinde</th><th scope="col">Beschreibung</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>
</section>`;
}

export interface LoginPageInput {
  action: string;
  clientId: string;
  accounts: DemoAccount[];
  /** The shared demo password, shown when every account uses it. */
  sharedPassword?: string;
  /** The username to refill after a failed attempt; the password is never echoed. */
  username?: string;
  error?: string;
}

/** The login form (the `login` prompt of an interaction). */
export function loginPage(input: LoginPageInput): string {
  const errorId = 'login-error';
  const describedBy = input.error ? ` aria-describedby="${errorId}" aria-invalid="true"` : '';
  const error = input.error ? `<p class="error" id="${errorId}" role="alert">${escapeHtml(input.error)}</p>` : '';
  return layout(
    'Anmelden – Kita-Portal (Entwicklung)',
    `<section class="card" aria-labelledby="login-title">
<h1 id="login-title">Anmelden</h1>
<p class="en">für ${escapeHtml(clientNames[input.clientId] ?? input.clientId)} <span lang="en">(development login)</span></p>
${error}
<form id="login-form" method="post" action="${escapeHtml(input.action)}">
<label for="username">Benutzername <span lang="en">/ Username</span></label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(input.username ?? '')}"${describedBy}${input.error ? '' : ' autofocus'}>
<label for="password">Passwort <span lang="en">/ Password</span></label>
<input id="password" name="password" type="password" autocomplete="current-password" required${describedBy}${input.error ? ' autofocus' : ''}>
<button type="submit">Anmelden</button>
</form>
</section>
${accountTable(input.accounts, input.sharedPassword)}`,
  );
}

/** An error page: what went wrong in German and English, with the OAuth error code if any. */
export function errorPage(german: string, english: string, details?: { error?: unknown; description?: unknown }): string {
  const code = details?.error ? `<p class="hint">Fehlercode <span lang="en">/ error</span>: <code>${escapeHtml(details.error)}</code></p>` : '';
  const description = details?.description ? `<p class="hint" lang="en">${escapeHtml(details.description)}</p>` : '';
  return layout(
    'Anmeldung nicht möglich',
    `<section class="card">
<h1>Anmeldung nicht möglich</h1>
<p class="en" lang="en">Sign-in failed</p>
<p>${escapeHtml(german)}</p>
<p lang="en">${escapeHtml(english)}</p>
${code}${description}
</section>`,
  );
}

export interface TokenPageInput {
  account: DemoAccount;
  accessToken: string;
  expiresAt: Date;
  restartUrl: string;
}

/** The result of the provider's own start page: an access token to paste into Apollo Sandbox. */
export function tokenPage(input: TokenPageInput): string {
  const { account } = input;
  const header = JSON.stringify({ Authorization: `Bearer ${input.accessToken}` });
  return layout(
    'Zugangstoken – Kita-Portal (Entwicklung)',
    `<section class="card" aria-labelledby="token-title">
<h1 id="token-title">Angemeldet als ${escapeHtml(account.name)}</h1>
<p class="en" lang="en">Signed in as <code>${escapeHtml(account.username)}</code>, role <code>${escapeHtml(account.role)}</code>, subject <code>${escapeHtml(account.subject)}</code></p>
<p>Gültig bis <span lang="en">/ valid until</span> ${escapeHtml(input.expiresAt.toISOString())}</p>
<label for="header">Header für Apollo Sandbox <span lang="en">/ header for Apollo Sandbox</span></label>
<textarea id="header" readonly>${escapeHtml(header)}</textarea>
<label for="token">Zugangstoken <span lang="en">/ access token</span></label>
<textarea id="token" readonly>${escapeHtml(input.accessToken)}</textarea>
<p><a href="${escapeHtml(input.restartUrl)}">Mit einem anderen Konto anmelden <span lang="en">/ sign in with another account</span></a></p>
</section>`,
  );
}

/** The confirmation page of RP-initiated logout; `form` is oidc-provider's hidden form. */
export function logoutPage(form: string, host: string): string {
  return layout(
    'Abmelden',
    `<section class="card">
<h1>Abmelden?</h1>
<p class="en" lang="en">Sign out of ${escapeHtml(host)}?</p>
${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Abmelden</button>
<button class="secondary" type="submit" form="op.logoutForm">Angemeldet bleiben</button>
</section>`,
  );
}

/** Shown after logout when the client gave no post-logout redirect. */
export function loggedOutPage(): string {
  return layout('Abgemeldet', '<section class="card"><h1>Abgemeldet</h1><p class="en" lang="en">You are signed out.</p></section>');
}
