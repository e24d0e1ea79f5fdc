import { errorCode, otherErrors } from '@kita/sdk';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../i18n';

// The office area's small building blocks: notices, buttons, one way to run a clerk's action (busy
// while it runs, the API's error code in plain words) and the date arithmetic of its pages. The
// form fields are the apps' shared ones (@kita/app-shell/fields).
export { Checkbox, SelectField, TextArea, TextField } from '@kita/app-shell/fields';

export function Notice({ kind, title, children }: { kind: 'success' | 'danger' | 'warning' | 'info'; title?: string; children: ReactNode }) {
  return (
    <div className={`kern-alert kern-alert--${kind}`} role={kind === 'danger' ? 'alert' : 'status'}>
      {title ? (
        <div className="kern-alert__header">
          <span className="kern-title">{title}</span>
        </div>
      ) : null}
      <div className="kern-alert__body">{typeof children === 'string' ? <p className="kern-body">{children}</p> : children}</div>
    </div>
  );
}

export function Button({
  kind = 'primary',
  children,
  ...rest
}: { kind?: 'primary' | 'secondary' | 'tertiary'; children: ReactNode } & React.ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button type="button" className={`kern-btn kern-btn--${kind}`} {...rest}>
      <span className="kern-label">{children}</span>
    </button>
  );
}

/** Runs a clerk's action: busy meanwhile, afterwards the API's refusal (its extensions.code) in plain words, or null. */
export function useAction() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setFailure(null);
    try {
      await action();
      return true;
    } catch (error) {
      const code = errorCode(error) ?? 'generic';
      const text = t(`office.errors.${code}`, { defaultValue: t('office.errors.generic') });
      // A refused input or step: the API says what is wrong in plain words (never echoing the input).
      const detail = code === 'BAD_USER_INPUT' || code === 'INVALID_TRANSITION' || code === 'STALE_ALLOCATION' ? otherErrors(error)[0]?.message : undefined;
      setFailure(detail ? `${text} ${detail}` : text);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, failure, run, clear: () => setFailure(null) };
}

/** The workspace's date formats, empty for a missing date. */
export const formatDay = (day: string | null | undefined, language: string) => (day ? formatDate(day, language) : '');
export const formatMoment = (instant: string | null | undefined, language: string) => (instant ? formatDateTime(instant, language) : '');

/**
 * Today plus `days`, as a LocalDate, in the browser's calendar: the clerk's German day, which is
 * the API's (`today()` in @kita/shared counts in Europe/Berlin). UTC would be a day behind after
 * midnight until 01:00 (02:00 in summer).
 */
export function dayFromToday(days: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate() + days)).toISOString().slice(0, 10);
}

export { daysUntil } from '../components/status';

/** Completed months between a birth date and a day, as the API counts them for age groups. */
export function ageInMonths(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return (y - by) * 12 + (m - bm) - (d < bd ? 1 : 0);
}

/** KRIPPE under 36 months, KINDERGARTEN 36 to 71, SCHOOL_AGE from 72 (as the API's AgeGroup). */
export function ageGroupOf(birthDate: string, on: string): 'KRIPPE' | 'KINDERGARTEN' | 'SCHOOL_AGE' {
  const months = ageInMonths(birthDate, on);
  return months < 36 ? 'KRIPPE' : months < 72 ? 'KINDERGARTEN' : 'SCHOOL_AGE';
}

/** The first characters of a keyed pseudonym: enough to tell children apart on a page, never a name. */
export const shortPseudonym = (pseudonym: string | null | undefined) => (pseudonym ? pseudonym.slice(0, 8).toUpperCase() : '–');
