import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeProcess, stopAllNodeProcesses, type NodeProcess } from '../support/node-process.js';
import { RawConnection } from '../support/raw-socket.js';

let node: NodeProcess;
beforeAll(async () => {
  node = await startNodeProcess();
});
afterAll(stopAllNodeProcesses);

/** Sends `bytes` on a fresh connection and expects one error reply followed by the server closing it. */
async function expectProtocolError(bytes: string, error: string): Promise<void> {
  const conn = await RawConnection.open(node.port);
  try {
    conn.send(bytes);
    await conn.waitForClose();
    expect(conn.text()).toBe(`-ERR ${error}\r\n`);
  } finally {
    conn.close();
  }
}

async function expectAlive(): Promise<void> {
  const conn = await RawConnection.open(node.port);
  conn.send('PING\r\n');
  expect(await conn.waitFor((t) => t.endsWith('\r\n'))).toBe('+PONG\r\n');
  conn.close();
}

describe('protocol errors close the connection, the node lives', () => {
  it.each([
    ['*1\r\n$-5\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$600000000\r\n', 'Protocol error: invalid bulk length'],
    ['*abc\r\n', 'Protocol error: invalid multibulk length'],
    ['*3000000000\r\n', 'Protocol error: invalid multibulk length'],
    ['*1\r\nfoo\r\n', "Protocol error: expected '$', got 'f'"],
    ['SET "a b\r\n', 'Protocol error: unbalanced quotes in request'],
    ['x'.repeat(70 * 1024), 'Protocol error: too big inline request'],
    ['*1' + '1'.repeat(70 * 1024), 'Protocol error: too big mbulk count string'],
    ['*1\r\n$1' + '1'.repeat(70 * 1024), 'Protocol error: too big bulk count string'],
  ])('%j', async (bytes, error) => {
    await expectProtocolError(bytes, error);
    await expectAlive();
  });

  it('answers the commands before the bad frame first', async () => {
    const conn = await RawConnection.open(node.port);
    conn.send('PING\r\n*1\r\n$4\r\nPING\r\n*1\r\n$x\r\n');
    await conn.waitForClose();
    expect(conn.text()).toBe('+PONG\r\n+PONG\r\n-ERR Protocol error: invalid bulk length\r\n');
    conn.close();
  });

  it('honours proto-max-bulk-len changed at run time', async () => {
    const admin = node.client();
    await admin.config('SET', 'proto-max-bulk-len', '1mb');
    try {
      await expectProtocolError(`*2\r\n$4\r\nECHO\r\n$${1024 * 1024 + 1}\r\n`, 'Protocol error: invalid bulk length');
      const conn = await RawConnection.open(node.port);
      const big = 'x'.repeat(1024 * 1024);
      conn.send(`*2\r\n$4\r\nECHO\r\n$${big.length}\r\n${big}\r\n`);
      const reply = await conn.waitFor((t) => t.length >= big.length + 12);
      expect(reply).toBe(`$${big.length}\r\n${big}\r\n`);
      conn.close();
    } finally {
      await admin.config('SET', 'proto-max-bulk-len', '512mb');
    }
  });

  it('drops a client whose query buffer passes client-query-buffer-limit', async () => {
    const admin = node.client();
    await admin.config('SET', 'client-query-buffer-limit', '1mb');
    try {
      const conn = await RawConnection.open(node.port);
      conn.send(`*2\r\n$4\r\nECHO\r\n$${3 * 1024 * 1024}\r\n` + 'x'.repeat(2 * 1024 * 1024));
      await conn.waitForClose();
      conn.close();
      await expectAlive();
    } finally {
      await admin.config('SET', 'client-query-buffer-limit', '1gb');
    }
  });

  it('survives random bytes from many connections', async () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = ['*', '$', '\r\n', '\n', '-1', '0', '3', '99999999999', 'PING', 'SET', '"', "'", '\\x', ' ', '\x00', '\xff'];
    for (let i = 0; i < 100; i++) {
      const conn = await RawConnection.open(node.port);
      let bytes = '';
      for (let j = 0; j < 40; j++) bytes += alphabet[Math.floor(random() * alphabet.length)];
      conn.send(bytes);
      conn.close();
    }
    await expectAlive();
  });
});

describe('unauthenticated limits', () => {
  it('refuses big frames before AUTH when a password is set', async () => {
    const secured = await startNodeProcess(['--requirepass', 'secret']);
    try {
      const conn = await RawConnection.open(secured.port);
      conn.send('*11\r\n');
      await conn.waitForClose();
      expect(conn.text()).toBe('-ERR Protocol error: unauthenticated multibulk length\r\n');
      const conn2 = await RawConnection.open(secured.port);
      conn2.send('*2\r\n$4\r\nAUTH\r\n$16385\r\n');
      await conn2.waitForClose();
      expect(conn2.text()).toBe('-ERR Protocol error: unauthenticated bulk length\r\n');
      const conn3 = await RawConnection.open(secured.port);
      conn3.send('GET a\r\nAUTH wrong\r\nAUTH secret\r\n*11\r\n' + '$1\r\na\r\n'.repeat(11));
      await conn3.waitFor((t) => t.split('\r\n').length > 4);
      expect(conn3.text()).toBe(
        '-NOAUTH Authentication required.\r\n' +
          '-WRONGPASS invalid username-password pair or user is disabled.\r\n' +
          "+OK\r\n-ERR unknown command 'a', with args beginning with: 'a' 'a' 'a' 'a' 'a' 'a' 'a' 'a' 'a' 'a' \r\n",
      );
      conn.close();
      conn2.close();
      conn3.close();
    } finally {
      await secured.stop();
    }
  });
});

describe('pipelining and protocols', () => {
  it('answers 10,000 pipelined commands in order', async () => {
    const redis = node.client();
    const pipeline = redis.pipeline();
    for (let i = 0; i < 10_000; i++) pipeline.set(`p:${i}`, `v${i}`);
    for (let i = 0; i < 10_000; i++) pipeline.get(`p:${i}`);
    const results = (await pipeline.exec())!;
    expect(results.length).toBe(20_000);
    for (let i = 0; i < 10_000; i++) {
      expect(results[i]).toEqual([null, 'OK']);
      expect(results[10_000 + i]).toEqual([null, `v${i}`]);
    }
  });

  it('speaks RESP3 after HELLO 3 and RESP2 after HELLO 2', async () => {
    const conn = await RawConnection.open(node.port);
    conn.send('HELLO 3\r\n');
    const hello = await conn.waitFor((t) => t.includes('modules'));
    expect(hello.startsWith('%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n')).toBe(true);
    const before = conn.text().length;
    conn.send('GET missing-key\r\nHELLO 2\r\n');
    await conn.waitFor((t) => t.includes('modules', before));
    expect(conn.text().slice(before).startsWith('_\r\n*14\r\n')).toBe(true);
    conn.close();
  });

  it('accepts inline commands as telnet sends them', async () => {
    const conn = await RawConnection.open(node.port);
    conn.send('SET inline "hello world"\r\n\r\nGET inline\n');
    expect(await conn.waitFor((t) => t.split('\r\n').length >= 4)).toBe('+OK\r\n$11\r\nhello world\r\n');
    conn.close();
  });
});
