#!/usr/bin/env node
// The node's per-command JS cost without sockets: pipelined SET/GET/INCR requests parsed, dispatched and
// answered in-process, in ns per command (median of rounds). Guards DESIGN.md §6's hot path between runs of
// the socket benchmark, which the machine's network stack dominates. Needs a build (packages/node/dist).
import { RequestParser, encodeCommand } from '../../packages/resp/dist/index.js';
import { ConfigStore } from '../../packages/node/dist/config/config-store.js';
import { NodeServer } from '../../packages/node/dist/server/node-server.js';
import { systemClock } from '../../packages/node/dist/clock.js';

const COUNT = 200_000;
const ROUNDS = Number(process.argv[2] ?? 7);
const node = new NodeServer(new ConfigStore({ tls: false }), systemClock);
const client = node.createClient(null);

function workload(name, make) {
  const frames = [];
  for (let i = 0; i < COUNT; i++) frames.push(encodeCommand(make(i)));
  return { name, bytes: Buffer.concat(frames) };
}

const workloads = [
  workload('SET', (i) => ['SET', `key:${i % 100000}`, 'xxxxxxxxxxxxxxxx']),
  workload('GET', (i) => ['GET', `key:${i % 100000}`]),
  workload('INCR', (i) => ['INCR', `counter:${i % 1000}`]),
  workload('MSET', (i) => ['MSET', ...Array.from({ length: 10 }, (_, j) => [`key:${(i + j) % 100000}`, 'xxx']).flat()]),
];

for (const { name, bytes } of workloads) {
  const samples = [];
  for (let round = 0; round < ROUNDS; round++) {
    const parser = new RequestParser();
    const start = process.hrtime.bigint();
    // Feed in 16 KB reads, as a socket delivers them, and take the replies after each read.
    for (let at = 0; at < bytes.length; at += 16384) {
      parser.feed(bytes.subarray(at, at + 16384));
      for (let args = parser.next(); args !== null; args = parser.next()) node.dispatcher.execute(client, args);
      client.reply.take();
    }
    samples.push(Number(process.hrtime.bigint() - start) / COUNT);
  }
  samples.sort((a, b) => a - b);
  console.log(`${name.padEnd(5)} ${samples[samples.length >> 1].toFixed(0).padStart(6)} ns/command (median of ${ROUNDS})`);
}
