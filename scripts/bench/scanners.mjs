#!/usr/bin/env node
// The proxy's framing cost without sockets: ns per command to delimit a pipelined SET/GET request stream with
// RequestScanner (what the proxy does) against RequestParser.next() (what the node does: a full argv per
// command), and ns per reply to delimit the replies with ReplyScanner against ReplyParser.next(). Input arrives in
// 16 KB reads, as a socket delivers it, and reads cut commands and replies anywhere. Needs a build
// (packages/resp/dist). Usage: node scripts/bench/scanners.mjs [rounds=9]
import { encodeCommand, ReplyParser, ReplyScanner, RequestParser, RequestScanner } from '../../packages/resp/dist/index.js';

const COUNT = 200_000;
const READ = 16 * 1024;
const ROUNDS = Number(process.argv[2] ?? 9);

const frames = [];
const replies = [];
for (let i = 0; i < COUNT; i++) {
  const key = `key:${i % 100000}`;
  if (i % 2 === 0) {
    frames.push(encodeCommand(['SET', key, 'xxxxxxxxxxxxxxxx']));
    replies.push('+OK\r\n');
  } else {
    frames.push(encodeCommand(['GET', key]));
    replies.push('$16\r\nxxxxxxxxxxxxxxxx\r\n');
  }
}
const requests = Buffer.concat(frames);
const replyBytes = Buffer.from(replies.join(''), 'latin1');
/** RESP2 pub/sub messages, the case where the proxy asks each reply for its first element. */
const messages = Buffer.from('*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$16\r\nxxxxxxxxxxxxxxxx\r\n'.repeat(COUNT), 'latin1');

function reads(bytes) {
  const out = [];
  for (let at = 0; at < bytes.length; at += READ) out.push(bytes.subarray(at, at + READ));
  return out;
}
const requestReads = reads(requests);
const replyReads = reads(replyBytes);
const messageReads = reads(messages);

/** Median ns per item of `run` (which must return the number of items it saw, checked against COUNT). */
function measure(name, run) {
  const samples = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    const seen = run();
    samples.push(Number(process.hrtime.bigint() - start) / COUNT);
    if (seen !== COUNT) throw new Error(`${name}: saw ${seen} of ${COUNT}`);
  }
  samples.sort((a, b) => a - b);
  console.log(`${name.padEnd(66)} ${samples[samples.length >> 1].toFixed(1).padStart(7)} ns`);
}

const TRACKED = new Set(['auth', 'select', 'hello', 'client', 'subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe', 'multi', 'exec', 'discard', 'watch', 'unwatch', 'quit', 'reset', 'monitor']);
let sink = 0;

console.log(`${COUNT} pipelined SET/GET, ${READ / 1024} KB reads, median of ${ROUNDS} rounds, per command / reply:`);

measure('requests: RequestParser feed + next() (argv per command)', () => {
  const p = new RequestParser();
  let n = 0;
  for (const chunk of requestReads) {
    p.feed(chunk);
    for (let args = p.next(); args !== null; args = p.next()) n++;
  }
  return n;
});

for (const [label, wants] of [
  ['no args', undefined],
  ['args for tracked names', (name) => TRACKED.has(name)],
  ['args for every command', () => true],
]) {
  measure(`requests: RequestScanner, ${label}, one take per read`, () => {
    const s = new RequestScanner(wants);
    let n = 0;
    for (const chunk of requestReads) {
      s.feed(chunk);
      for (let cmd = s.next(); cmd !== null; cmd = s.next()) n++;
      sink += s.takeComplete().length;
    }
    return n;
  });
}

measure('replies:  ReplyParser feed + next() (values built)', () => {
  const p = new ReplyParser();
  let n = 0;
  for (const chunk of replyReads) {
    p.feed(chunk);
    for (let v = p.next(); v !== undefined; v = p.next()) n++;
  }
  return n;
});

measure('replies:  ReplyScanner stream mode, count only', () => {
  const s = new ReplyScanner();
  let n = 0;
  for (const chunk of replyReads) n += s.feed(chunk);
  return n;
});

measure('replies:  ReplyScanner stream mode, next() per reply', () => {
  const s = new ReplyScanner();
  let n = 0;
  for (const chunk of replyReads) {
    s.feed(chunk);
    for (let r = s.next(); r !== null; r = s.next()) n++;
  }
  return n;
});

measure('replies:  ReplyScanner retain mode, one take per read', () => {
  const s = new ReplyScanner({ retain: true });
  let n = 0;
  for (const chunk of replyReads) {
    n += s.feed(chunk);
    sink += s.takeComplete().length;
  }
  return n;
});

measure('messages: ReplyParser feed + next() (values built)', () => {
  const p = new ReplyParser();
  let n = 0;
  for (const chunk of messageReads) {
    p.feed(chunk);
    for (let v = p.next(); v !== undefined; v = p.next()) n++;
  }
  return n;
});

measure('messages: ReplyScanner stream mode, next(true) (first element)', () => {
  const s = new ReplyScanner();
  let n = 0;
  for (const chunk of messageReads) {
    s.feed(chunk);
    for (let r = s.next(true); r !== null; r = s.next(true)) if (r.firstElement === 'message') n++;
  }
  return n;
});

if (sink === 0) console.log('');
