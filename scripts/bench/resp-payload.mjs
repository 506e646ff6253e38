// Generate a RESP command stream (as `redis-cli --pipe` expects) of
//   SET key:<i> <value>     for i = 0 … count-1
// in ready-to-write Buffer chunks.

/**
 * @param {{ count: number, value?: string, keyPrefix?: string, commandsPerChunk?: number }} o
 * @returns {{ chunks: Buffer[], bytes: number, count: number }}
 */
export function generateSetPayload({ count, value = 'value', keyPrefix = 'key:', commandsPerChunk = 10_000 }) {
  const valueBytes = Buffer.byteLength(value);
  const prefixBytes = Buffer.byteLength(keyPrefix);
  const tail = `$${valueBytes}\r\n${value}\r\n`;
  const chunks = [];
  let bytes = 0;
  for (let start = 0; start < count; start += commandsPerChunk) {
    const end = Math.min(count, start + commandsPerChunk);
    let text = '';
    for (let i = start; i < end; i++) {
      const id = String(i);
      text += `*3\r\n$3\r\nSET\r\n$${prefixBytes + id.length}\r\n${keyPrefix}${id}\r\n${tail}`;
    }
    const buf = Buffer.from(text);
    bytes += buf.length;
    chunks.push(buf);
  }
  return { chunks, bytes, count };
}
