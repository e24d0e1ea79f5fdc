import type { TFunction } from 'i18next';
import { countText, coverageText, type Figures } from '../figures';
import { formatNumber } from '../i18n';
import type { Column } from './Figure';

const plain = (value: number) => String(value);

/** The figures' columns, in every table alike: waiting, placed, free places, capacity, coverage. */
export function figureColumns<Row extends Figures>(t: TFunction, language: string): Column<Row>[] {
  const number = (value: number) => formatNumber(value, language);
  const count = (field: 'waiting' | 'placed' | 'children') => ({
    key: field,
    header: t(`figures.${field}`),
    numeric: true,
    text: (row: Row) => countText(row[field], row.suppressed, number),
    csv: (row: Row) => countText(row[field], row.suppressed, plain),
  });
  return [
    count('waiting'),
    count('placed'),
    { key: 'freePlaces', header: t('figures.freePlaces'), numeric: true, text: (row) => number(row.freePlaces), csv: (row) => plain(row.freePlaces) },
    { key: 'capacity', header: t('figures.capacity'), numeric: true, text: (row) => number(row.capacity), csv: (row) => plain(row.capacity) },
    {
      key: 'coverage',
      header: t('figures.coverage'),
      numeric: true,
      text: (row) => coverageText(row, (value) => formatNumber(value, language, 2)),
      csv: (row) => coverageText(row, plain),
    },
  ];
}
