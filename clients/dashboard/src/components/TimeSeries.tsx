import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export interface SeriesPoint {
  day: string;
  waiting: number | null;
  placed: number | null;
  freePlaces: number;
}

/**
 * Waiting children, placed children and free places over time (Observable Plot). Readable
 * without colour: each series has its own dash pattern and marker shape and is named at its end;
 * suppressed days are gaps, not zeros.
 */
export function TimeSeries({ points, label }: { points: SeriesPoint[]; label: string }) {
  const { t } = useTranslation();
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = holder.current;
    if (!element || points.length === 0) return;
    const series = [
      { field: 'waiting' as const, name: t('figures.waiting'), stroke: '#1d3c6e', dash: 'none', symbol: 'circle' },
      { field: 'placed' as const, name: t('figures.placed'), stroke: '#0b6b2f', dash: '6,3', symbol: 'square' },
      { field: 'freePlaces' as const, name: t('figures.freePlaces'), stroke: '#8a3a00', dash: '2,3', symbol: 'triangle' },
    ];
    const data = series.flatMap((s) => points.map((point) => ({ date: new Date(`${point.day}T00:00:00Z`), value: point[s.field], series: s.name })));
    const monthly = data.filter((row) => row.date.getUTCDate() === 1);
    const last = series.map((s) => [...data].reverse().find((row) => row.series === s.name && row.value !== null)).filter(Boolean);
    const width = Math.max(320, Math.min(element.clientWidth || 800, 960));
    const plot = Plot.plot({
      width,
      height: 320,
      marginRight: 110,
      style: { fontSize: '13px', background: 'transparent' },
      x: { type: 'utc', label: null },
      y: { grid: true, label: t('series.axis'), zero: true },
      marks: [
        ...series.map((s) =>
          Plot.lineY(data, { filter: (row) => row.series === s.name, x: 'date', y: 'value', stroke: s.stroke, strokeWidth: 2, strokeDasharray: s.dash }),
        ),
        ...series.map((s) =>
          Plot.dot(monthly, {
            filter: (row) => row.series === s.name && row.value !== null,
            x: 'date',
            y: 'value',
            stroke: s.stroke,
            fill: 'white',
            symbol: s.symbol,
            r: 3.5,
          }),
        ),
        Plot.text(last, { x: 'date', y: 'value', text: 'series', dx: 8, textAnchor: 'start' }),
        Plot.ruleY([0]),
      ],
      document,
    });
    // One image with one label: the marks' own labels are not allowed inside it.
    for (const labelled of plot.querySelectorAll('[aria-label]')) labelled.removeAttribute('aria-label');
    plot.setAttribute('role', 'img');
    plot.setAttribute('aria-label', label);
    element.replaceChildren(plot);
    return () => element.replaceChildren();
  }, [points, label, t]);
  return <div ref={holder} className="time-series" />;
}
