// Generate RESP command streams (as `redis-cli --pipe` expects) in ready-to-write Buffer chunks:
//   generatePayload: any command per index, e.g. ZADD zset <score> member:<i>
//   generateSetPayload: SET key:<i> <value>     for i = 0 … count-1
// Arguments are ASCII text (keys, members, numbers), so a string's length is its byte count.

/**
 * @param {{ count: number, argsFor: (i: number) => string[], commandsPerChunk?: number }} o
 *   argsFor(i): the arguments of command i (called once per command, in order).
 * @returns {{ chunks: Buffer[], bytes: number, count: number }}
 */
export function generatePayload({ count, argsFor, commandsPerChunk = 10_000 }) {
  const chunks = [];
  let bytes = 0;
  for (let start = 0; start < count; start += commandsPerChunk) {
    const end = Math.min(count, start + commandsPerChunk);
    let text = '';
    for (let i = start; i < end; i++) {
      const args = argsFor(i);
      text += `*${args.length}\r\n`;
      for (const arg of args) text += `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`;
    }
    const buf = Buffer.from(text);
    bytes += buf.length;
    chunks.push(buf);
  }
  return { chunks, bytes, count };
}

/**
 * SET <keyPrefix><i> <value> for i = 0 … count-1; `value` may be a function of i (distinct values).
 * @param {{ count: number, value?: string | ((i: number) => string), keyPrefix?: string, commandsPerChunk?: number }} o
 * @returns {{ chunks: Buffer[], bytes: number, count: number }}
 */
export function generateSetPayload({ count, value = 'value', keyPrefix = 'key:', commandsPerChunk = 10_000 }) {
  const valueOf = typeof value === 'function' ? value : () => value;
  return generatePayload({ count, commandsPerChunk, argsFor: (i) => ['SET', `${keyPrefix}${i}`, valueOf(i)] });
}
