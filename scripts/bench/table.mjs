// Plain-text table rendering (right-aligned numbers, left-aligned text).

/**
 * @param {Array<{ title: string, align?: 'left' | 'right' }>} columns
 * @param {Array<Array<string> | null>} rows  null renders a separator line
 */
export function renderTable(columns, rows) {
  const widths = columns.map((c, i) =>
    Math.max(c.title.length, ...rows.filter(Boolean).map((r) => String(r[i] ?? '').length)),
  );
  const fmtRow = (cells) =>
    cells
      .map((cell, i) => {
        const s = String(cell ?? '');
        return columns[i].align === 'left' ? s.padEnd(widths[i]) : s.padStart(widths[i]);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [fmtRow(columns.map((c) => c.title)), rule];
  for (const r of rows) out.push(r ? fmtRow(r) : rule);
  return out.join('\n');
}

/** Number formatters; null/undefined render as "-". */
export const fmt = {
  int: (v) => (v == null ? '-' : Math.round(v).toLocaleString('en-US')),
  fixed: (digits) => (v) => (v == null ? '-' : v.toFixed(digits)),
};
