import { spawn, type ChildProcess } from 'node:child_process';
import { Redis, type RedisOptions } from 'ioredis';

/** A child process a test started, once it printed the line that says it is ready. */
export interface ReadyProcess {
  readonly pid: number;
  /** The ready line's match: its groups carry what the process announced (its ports). */
  readonly ready: RegExpExecArray;
  readonly output: () => string;
  /** A new ioredis client to 127.0.0.1:`port` (closed by stop()). */
  client(port: number, options?: RedisOptions): Redis;
  /** Closes its clients, then kills the process with SIGKILL and waits for it to exit. */
  stop(): Promise<void>;
}

export interface ReadyProcessSpec {
  /** What error messages call it ("node did not become ready ..."). */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Matched against everything printed so far, at each chunk of its standard output. */
  readonly ready: RegExp;
  readonly timeoutMs: number;
}

/**
 * The processes one kind of test process was started as, tracked so that afterAll can kill whatever a failed
 * test left running.
 */
export class ReadyProcesses {
  private readonly running = new Set<ReadyProcess>();

  /** Spawns the process and waits for its ready line, killing it if the deadline passes first. */
  async start(spec: ReadyProcessSpec): Promise<ReadyProcess> {
    const child: ChildProcess = spawn(spec.command, spec.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${spec.name} did not become ready in ${spec.timeoutMs} ms:\n${output}`));
      }, spec.timeoutMs);
      const check = (): void => {
        const match = spec.ready.exec(output);
        if (match === null) return;
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(match);
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${spec.name} exited with ${code} before it was ready:\n${output}`));
      });
    });
    const clients: Redis[] = [];
    const handle: ReadyProcess = {
      pid: child.pid!,
      ready,
      output: () => output,
      client(port: number, options?: RedisOptions): Redis {
        const redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, ...options });
        clients.push(redis);
        return redis;
      },
      stop: async (): Promise<void> => {
        this.running.delete(handle);
        for (const c of clients) c.disconnect();
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
          await exited;
        }
      },
    };
    this.running.add(handle);
    return handle;
  }

  /** Kills every process started here and not stopped yet. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((p) => p.stop()));
  }
}
