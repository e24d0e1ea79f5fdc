import { useTranslation } from 'react-i18next';

const tones: Record<string, string> = { DRAFT: 'neutral', SUBMITTED: 'warn', PUBLISHED: 'ok', REJECTED: 'bad', SUSPENDED: 'bad' };

/** Where a profile stands in the office review, in words (never colour alone). */
export function PublicationBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className="status-badge" data-tone={tones[status] ?? 'neutral'} data-status={status}>
      {t(`publication.${status}`)}
    </span>
  );
}

/** Days from today (local calendar) to a YYYY-MM-DD day; negative when it lies behind. */
export function daysUntil(day: string): number {
  const [year, month, date] = day.split('-').map(Number);
  const now = new Date();
  return Math.round((Date.UTC(year, month - 1, date) - Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())) / 86_400_000);
}

/** Today as YYYY-MM-DD in the local calendar. */
export function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
