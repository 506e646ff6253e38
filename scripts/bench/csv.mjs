// Parse the CSV printed by `redis-benchmark --csv` (RFC 4180 quoting).

/** Split one CSV line into fields. */
export function parseCsvLine(line) {
  const fields = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(cur);
      cur = '';
    } else cur += ch;
  }
  fields.push(cur);
  return fields;
}

/**
 * Parse redis-benchmark 7 CSV output:
 *   "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
 * Lines before the header (warnings) are ignored.
 * @returns {Array<{ test: string, rps: number, avgMs: number, minMs: number, p50Ms: number, p95Ms: number, p99Ms: number, maxMs: number }>}
 */
export function parseBenchmarkCsv(text) {
  const lines = String(text).split(/\r?\n/).filter((l) => l.trim() !== '');
  const headerAt = lines.findIndex((l) => /^"?test"?\s*,/.test(l));
  if (headerAt < 0) return [];
  const header = parseCsvLine(lines[headerAt]).map((h) => h.trim());
  const col = (name) => header.indexOf(name);
  const idx = {
    test: col('test'),
    rps: col('rps'),
    avgMs: col('avg_latency_ms'),
    minMs: col('min_latency_ms'),
    p50Ms: col('p50_latency_ms'),
    p95Ms: col('p95_latency_ms'),
    p99Ms: col('p99_latency_ms'),
    maxMs: col('max_latency_ms'),
  };
  if (idx.test < 0 || idx.rps < 0) {
    throw new Error(`unexpected redis-benchmark CSV header: ${lines[headerAt]}`);
  }
  const num = (fields, i) => (i >= 0 && fields[i] !== undefined && fields[i] !== '' ? Number(fields[i]) : null);
  return lines.slice(headerAt + 1).map((line) => {
    const f = parseCsvLine(line);
    return {
      test: f[idx.test],
      rps: num(f, idx.rps),
      avgMs: num(f, idx.avgMs),
      minMs: num(f, idx.minMs),
      p50Ms: num(f, idx.p50Ms),
      p95Ms: num(f, idx.p95Ms),
      p99Ms: num(f, idx.p99Ms),
      maxMs: num(f, idx.maxMs),
    };
  });
}
