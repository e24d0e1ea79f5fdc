import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadCsv, toCsv } from '../csv';

export interface Column<Row> {
  key: string;
  header: string;
  /** The cell as shown. */
  text: (row: Row) => string;
  /** The cell in CSV (unformatted numbers; the suppressed mark kept). */
  csv?: (row: Row) => string;
  numeric?: boolean;
}

/** The municipalities a figure lacks, named on the figure itself. */
export function MissingNotice({ missing }: { missing: string[] }) {
  const { t } = useTranslation();
  if (missing.length === 0) return null;
  return (
    <p className="missing-notice" role="note">
      <strong>{t('missing.title')}</strong> {t('missing.text', { names: missing.join(', ') })}
    </p>
  );
}

/** One figure of the dashboard: a heading, what it lacks, its content and its CSV. */
export function Figure({ id, title, missing, children, note }: { id: string; title: string; missing: string[]; children: ReactNode; note?: string }) {
  return (
    <section className="figure" aria-labelledby={`${id}-title`} data-figure={id}>
      <h2 id={`${id}-title`} className="figure__title">
        {title}
      </h2>
      <MissingNotice missing={missing} />
      {note ? <p className="figure__note">{note}</p> : null}
      {children}
    </section>
  );
}

/** A table with a CSV download of exactly what it shows (suppressed cells stay "< 5"). */
export function DataTable<Row>({
  id,
  caption,
  columns,
  rows,
  fileName,
}: {
  id: string;
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  fileName: string;
}) {
  const { t } = useTranslation();
  const download = () =>
    downloadCsv(
      fileName,
      toCsv(
        columns.map((column) => column.header),
        rows.map((row) => columns.map((column) => (column.csv ?? column.text)(row))),
      ),
    );
  return (
    <div className="data-table">
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard */}
      <section className="data-table__scroll" aria-label={caption} tabIndex={0}>
        <table className="kern-table" id={id}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.key} scope="col" className={column.numeric ? 'numeric' : undefined}>
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={columns.map((column) => column.csv?.(row) ?? column.text(row)).join('|')}>
                {columns.map((column, position) =>
                  position === 0 ? (
                    <th key={column.key} scope="row">
                      {column.text(row)}
                    </th>
                  ) : (
                    <td key={column.key} className={column.numeric ? 'numeric' : undefined}>
                      {column.text(row)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <button type="button" className="kern-btn kern-btn--secondary csv-button" onClick={download}>
        <span className="kern-label">{t('csv.download', { name: caption })}</span>
      </button>
    </div>
  );
}
