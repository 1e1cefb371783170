import { ORDER_STATUSES, type Dashboard, type OrderStatus } from '@checkstand/contract';
import { useEffect, useId, useRef, useState } from 'react';
import { ADMIN_STATUS_LABELS, countOf, formatUtcDay } from '../admin-format';

/**
 * Stacking order, from the bottom: money in first (the money that did not match last), then waiting, then what
 * did not go through. A rank for every status, so a new one does not compile without its place.
 */
const STACK_RANK: Record<OrderStatus, number> = {
  paid: 0,
  partially_refunded: 1,
  refunded: 2,
  payment_mismatch: 3,
  processing: 4,
  pending: 5,
  failed: 6,
  expired: 7,
  cancelled: 8,
};

export const CHART_STATUSES: readonly OrderStatus[] = [...ORDER_STATUSES].sort(
  (a, b) => STACK_RANK[a] - STACK_RANK[b],
);

type Day = Dashboard['perDay'][number];

/** A day's count for a status: the contract's per-day record lists only the statuses that day had. */
function countOn(day: Day, status: OrderStatus): number {
  return day.byStatus[status] ?? 0;
}

function dayTotal(day: Day): number {
  return CHART_STATUSES.reduce((sum, status) => sum + countOn(day, status), 0);
}

/** One day's bar as segments, bottom up: each status with its count and the count below it. */
function segments(day: Day): { status: OrderStatus; below: number; n: number }[] {
  const result: { status: OrderStatus; below: number; n: number }[] = [];
  let below = 0;
  for (const status of CHART_STATUSES) {
    const n = countOn(day, status);
    if (n > 0) result.push({ status, below, n });
    below += n;
  }
  return result;
}

/** A round top for the y axis (1, 2, 5, 10, 20, 50…), at least 4 so small shops get a readable scale. */
export function niceMax(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

/** The width of the element, followed as it resizes (the chart is drawn in CSS pixels, so text stays legible). */
function useWidth<T extends HTMLElement>(fallback: number) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const next = Math.round(entries[0]?.contentRect.width ?? 0);
      if (next > 0) setWidth(next);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

/**
 * Orders created per day, stacked by status, as an inline SVG: one image for sighted users (with a summary as
 * its accessible name), and the same numbers as a table for everyone else.
 */
export function OrdersPerDayChart({ days }: { days: Day[] }) {
  const id = useId();
  const [frameRef, width] = useWidth<HTMLDivElement>(640);
  const used = CHART_STATUSES.filter((status) => days.some((day) => countOn(day, status) > 0));
  const totals = days.map(dayTotal);
  const total = totals.reduce((a, b) => a + b, 0);
  const max = niceMax(Math.max(0, ...totals));
  const busiest = days[totals.indexOf(Math.max(...totals))];

  const height = 220;
  const pad = { top: 12, right: 8, bottom: 28, left: 36 };
  const plotWidth = Math.max(100, width - pad.left - pad.right);
  const plotHeight = height - pad.top - pad.bottom;
  const slot = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(4, Math.min(40, slot * 0.62));
  const labelEvery = slot >= 34 ? 1 : slot >= 17 ? 2 : 3;
  const y = (n: number) => pad.top + plotHeight - (n / max) * plotHeight;
  const ticks = [0, max / 4, max / 2, (3 * max) / 4, max].filter((t) => Number.isInteger(t));

  const summary =
    total === 0
      ? `No orders in the last ${days.length} days.`
      : `${countOf(total, 'order')} in the last ${days.length} days` +
        (busiest
          ? `; the busiest day was ${formatUtcDay(busiest.date, 'long')} with ${Math.max(...totals)}.`
          : '.');

  return (
    <figure className="admin-chart">
      <figcaption className="admin-chart__caption">
        <span id={`${id}-title`} className="admin-chart__title">
          Orders per day, by status
        </span>
        <span className="admin-muted"> · last {days.length} days (UTC)</span>
      </figcaption>
      <div ref={frameRef} className="admin-chart__frame">
        <svg
          width={plotWidth + pad.left + pad.right}
          height={height}
          viewBox={`0 0 ${plotWidth + pad.left + pad.right} ${height}`}
          role="img"
          aria-labelledby={`${id}-title ${id}-summary`}
          className="admin-chart__svg"
        >
          {ticks.map((tick) => (
            <g key={tick}>
              <line
                x1={pad.left}
                x2={pad.left + plotWidth}
                y1={y(tick)}
                y2={y(tick)}
                className={tick === 0 ? 'admin-chart__axis' : 'admin-chart__grid'}
              />
              <text x={pad.left - 8} y={y(tick)} dy="0.32em" textAnchor="end" className="admin-chart__label">
                {tick}
              </text>
            </g>
          ))}
          {days.map((day, index) => {
            const x = pad.left + index * slot + (slot - barWidth) / 2;
            const dayLabel = formatUtcDay(day.date);
            return (
              <g key={day.date}>
                <title>
                  {`${formatUtcDay(day.date, 'long')}: ${
                    totals[index]
                      ? used
                          .filter((s) => day.byStatus[s])
                          .map((s) => `${day.byStatus[s]} ${ADMIN_STATUS_LABELS[s].toLowerCase()}`)
                          .join(', ')
                      : 'no orders'
                  }`}
                </title>
                {/* A transparent column so the whole day shows its tooltip, not just the bar. */}
                <rect
                  x={pad.left + index * slot}
                  y={pad.top}
                  width={slot}
                  height={plotHeight}
                  fill="transparent"
                />
                {segments(day).map(({ status, below, n }) => (
                  <rect
                    key={status}
                    x={x}
                    y={y(below + n)}
                    width={barWidth}
                    height={Math.max(1, y(below) - y(below + n) - 1)}
                    className={`admin-chart__bar admin-chart__bar--${status}`}
                  />
                ))}
                {(days.length - 1 - index) % labelEvery === 0 && (
                  <text
                    x={x + barWidth / 2}
                    y={height - 8}
                    textAnchor="middle"
                    className="admin-chart__label"
                  >
                    {labelEvery === 1 ? dayLabel : dayLabel.replace(/^\w+ /, '')}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <p id={`${id}-summary`} className="admin-chart__summary">
        {summary}
      </p>
      {used.length > 0 && (
        <ul className="admin-chart__legend" role="list" aria-label="Legend">
          {used.map((status) => (
            <li key={status}>
              <span className={`admin-chart__swatch admin-chart__bar--${status}`} aria-hidden="true" />
              {ADMIN_STATUS_LABELS[status]}
            </li>
          ))}
        </ul>
      )}
      <details className="admin-chart__table">
        <summary>Show the numbers as a table</summary>
        <div className="admin-table-scroll" role="region" aria-label="Orders per day" tabIndex={0}>
          <table className="admin-table admin-table--compact">
            <caption className="visually-hidden">Orders per day, by status (UTC days)</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {CHART_STATUSES.map((status) => (
                  <th key={status} scope="col" className="admin-table__num">
                    {ADMIN_STATUS_LABELS[status]}
                  </th>
                ))}
                <th scope="col" className="admin-table__num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {days.map((day, index) => (
                <tr key={day.date}>
                  <th scope="row" className="admin-table__nowrap">
                    <time dateTime={day.date}>{formatUtcDay(day.date, 'long')}</time>
                  </th>
                  {CHART_STATUSES.map((status) => (
                    <td key={status} className="admin-table__num">
                      {countOn(day, status)}
                    </td>
                  ))}
                  <td className="admin-table__num admin-table__strong">{totals[index]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
