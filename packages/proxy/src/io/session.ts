import { connect, type Socket } from 'node:net';
import { encodeCommand, ProtocolError, ReplyScanner, RequestScanner, type ScannedCommand, type ScannedReply } from '@understudy/resp';
import { ConnectionState } from '../core/connection-state.js';
import { answersCommand, expectedReplies, isSubscribeFamily } from '../core/replies.js';
import { samePrimary, type Route } from '../core/route-table.js';
import { Upstream } from './upstream.js';

/** The replies the proxy gives itself. */
const OUTCOME_UNKNOWN = '-ERR Understudy proxy: the connection to the primary was lost before the reply; the command may or may not have run\r\n';
const NO_PRIMARY = '-ERR Understudy proxy: no primary is available (a failover may be under way)\r\n';
const TX_ABORTED = '-ERR Understudy proxy: the primary changed while the transaction was open; EXEC will abort it\r\n';
const EXECABORT = '-EXECABORT Transaction discarded because of previous errors.\r\n';
const OK = '+OK\r\n';
const PING = '*1\r\n$4\r\nPING\r\n';
const NOT_PROXIED = '-ERR Understudy proxy: SYNC and PSYNC are not proxied; a replica connects to its primary directly\r\n';
const DISCARD = encodeCommand(['DISCARD']);
const INVALIDATE_ALL = '>2\r\n$10\r\ninvalidate\r\n_\r\n';

/** Commands whose arguments the session reads (their effect on the connection is tracked, or handled here). */
const TRACKED = new Set(['auth', 'select', 'hello', 'client', 'subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe', 'ssubscribe', 'sunsubscribe', 'multi', 'exec', 'discard', 'watch', 'unwatch', 'reset', 'monitor', 'quit']);
const wantsArgs = (name: string): boolean => TRACKED.has(name);

/** What the session needs from the proxy around it. */
export interface SessionHost {
  route(): Route;
  readonly holdTimeoutMs: number;
  readonly stats: { commandsForwarded: number; unknownOutcomes: number; heldCommands: number; holdTimeouts: number };
  sessionClosed(session: Session): void;
}

/** A client command: what the scanner found, and the bytes it came in (sent again as they are if need be). */
interface ClientCommand {
  readonly scanned: ScannedCommand;
  readonly batch: Buffer;
}

function bytesOf(command: ClientCommand): Buffer {
  return command.batch.subarray(command.scanned.start, command.scanned.end);
}

/** A command sent upstream and waiting for its reply frames, or a reply the proxy writes itself in its turn. */
interface InFlight {
  readonly command: ClientCommand | null;
  /** The command's name, lower-cased (the replayed one's for a replay; '' for a local reply). */
  readonly name: string;
  /** Reply frames expected in all, and still expected (a SUBSCRIBE of three channels expects three). */
  readonly total: number;
  remaining: number;
  /** Whether the first reply frame was an error (for the connection-state bookkeeping). */
  failed: boolean;
  /** 'client': forward the reply; 'replay': the proxy's own state replay, drop it; 'null-exec': an EXEC sent as DISCARD, answer null. */
  readonly kind: 'client' | 'replay' | 'null-exec';
  /** A reply the proxy writes itself once everything before it was answered (no upstream frame). */
  readonly local: string | null;
}

/** A piece of what goes to the client after a read from upstream: a slice of the replies read, or the proxy's own text. */
type Piece = string | [number, number];

/** What waits to be sent: a client command, or a reply the proxy gives itself (in order with the others). */
type Held = { readonly command: ClientCommand; readonly local: null } | { readonly command: null; readonly local: string };

/**
 * One client connection and its own connection to the primary (DESIGN.md §1: one upstream per client). Client
 * bytes are cut into commands and forwarded as they are, a read's worth in one write; reply bytes are cut into
 * whole replies, matched to the commands in flight and forwarded as they are. The session tracks what must
 * survive a change of primary (ConnectionState) and replays it on a new upstream:
 * - planned failover (the route says hold): new commands wait; commands a demoted primary leaves unanswered
 *   never ran (its writes were paused) and go to the new primary; the client sees a pause, no error;
 * - unplanned: commands in flight get an "outcome unknown" error, an open MULTI is aborted, a WATCH fails the
 *   next EXEC; the connection stays open and the next commands go to the new primary.
 */
export class Session {
  private readonly scanner = new RequestScanner(wantsArgs);
  /** Retain mode: only whole replies reach the client, so a lost primary never leaves half a reply behind. */
  private replies = new ReplyScanner({ retain: true });
  readonly state = new ConnectionState();
  private upstream: Upstream | null = null;
  private readonly inFlight: InFlight[] = [];
  private held: Held[] = [];
  private holdTimer: NodeJS.Timeout | null = null;
  /** Bounds the wait for the old primary's last replies once the route moved on. */
  private drainTimer: NodeJS.Timeout | null = null;
  /**
   * The primary a planned failover is moving away from: what it leaves unanswered when it closes our
   * connection (its demotion) never ran, since its writes were paused.
   */
  private plannedFrom: { host: string; port: number } | null = null;
  /** The upstream's primary stopped being the route's: move once what is in flight is answered. */
  private switchWhenDrained = false;
  private transactionAborted = false;
  /** The node answered NOAUTH: until an AUTH succeeds, unauthenticated request limits apply. */
  private nodeWantsAuth = false;
  /** Where error replies to this client's commands start in the batch being walked (to spot NOAUTH). */
  private readonly errorStarts: number[] = [];
  /** Whether an upstream connection ever opened (a later one means a change of connection, maybe of primary). */
  private everConnected = false;
  private watchBroken = false;
  private closeAfterReplies = false;
  private closed = false;

  constructor(
    private readonly client: Socket,
    private readonly host: SessionHost,
  ) {
    client.setNoDelay(true);
    client.on('data', (chunk: Buffer) => this.onClientData(chunk));
    client.on('error', () => this.close());
    client.on('close', () => this.close());
    client.on('drain', () => this.upstream?.resume());
    this.routeChanged();
  }

  // ---- client -> upstream -----------------------------------------------------------------------------

  private onClientData(chunk: Buffer): void {
    // After QUIT or a protocol error nothing more is read, as the node would not.
    if (this.closeAfterReplies) return;
    // Before AUTH on a node that wants it, the node's smaller request limits apply (checked here: a command the
    // scanner is still waiting to complete never reaches the node).
    this.scanner.authRequired = this.nodeWantsAuth && this.state.auth === null;
    this.scanner.feed(chunk);
    const commands: ScannedCommand[] = [];
    let protocolError: string | null = null;
    try {
      for (let command = this.scanner.next(); command !== null; command = this.scanner.next()) commands.push(command);
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      protocolError = err.message;
    }
    const batch = this.scanner.takeComplete();
    this.upstream?.cork();
    this.forward(batch, commands);
    this.upstream?.uncork();
    if (protocolError !== null) {
      // As the node: the error, then the connection closes (after the replies owed before it).
      this.queueLocal(`-ERR ${protocolError}\r\n`);
      this.closeAfterReplies = true;
      this.client.pause();
    }
    this.drainLocal();
  }

  /**
   * Forwards a read's commands: runs of plain commands go out as one slice of the bytes they came in; a command
   * that needs handling (held, answered here, rewritten) breaks the run.
   */
  private forward(batch: Buffer, commands: readonly ScannedCommand[]): void {
    let runStart = -1;
    let runEnd = -1;
    for (const scanned of commands) {
      // Commands after a QUIT in the same read never run.
      if (this.closeAfterReplies) break;
      const command = { scanned, batch };
      if (this.canForward(scanned)) {
        if (runStart < 0) runStart = scanned.start;
        runEnd = scanned.end;
        this.track(command, 'client');
        continue;
      }
      if (runStart >= 0) this.upstream!.write(batch.subarray(runStart, runEnd));
      runStart = -1;
      this.accept(command);
    }
    if (runStart >= 0) this.upstream!.write(batch.subarray(runStart, runEnd));
  }

  /** Whether a command can go upstream as it is, now. */
  private canForward(scanned: ScannedCommand): boolean {
    if (this.upstream === null || !this.upstream.connected || this.held.length > 0 || this.transactionAborted) return false;
    if (scanned.name === 'quit' || scanned.name === 'sync' || scanned.name === 'psync' || (scanned.name === 'exec' && this.watchBroken)) return false;
    return !this.host.route().hold;
  }

  /** A command that is not plainly forwarded: held, answered here, or sent in a special way. */
  private accept(command: ClientCommand): void {
    const name = command.scanned.name;
    if (name === 'quit') return this.quit(command);
    if (name === 'sync' || name === 'psync') return this.queueLocal(NOT_PROXIED);
    if (this.transactionAborted) return this.inAbortedTransaction(name);
    if (this.upstream === null || !this.upstream.connected || this.held.length > 0 || this.host.route().hold) {
      this.hold({ command, local: null });
      return;
    }
    if (name === 'exec' && this.watchBroken && this.state.inMulti) {
      // A key watched on the old primary may have changed in the switch: fail the transaction as a touched WATCH
      // does, without running it.
      this.watchBroken = false;
      this.upstream.write(DISCARD);
      this.track(command, 'null-exec');
      return;
    }
    this.upstream.write(bytesOf(command));
    this.track(command, 'client');
  }

  private track(command: ClientCommand, kind: InFlight['kind']): void {
    const scanned = command.scanned;
    const remaining = expectedReplies(scanned.name, scanned.args, scanned.argc, this.state);
    this.host.stats.commandsForwarded++;
    if (remaining > 0) this.inFlight.push({ command, name: scanned.name, total: remaining, remaining, failed: false, kind, local: null });
    // With replies off there is no reply to learn the effect from: take it as done (CLIENT REPLY OFF; SELECT 5).
    else if (scanned.args !== null) this.state.observe(scanned.args, false);
  }

  /**
   * QUIT goes to the node when one is connected (its +OK, or none with replies off, comes in order with the
   * rest, and the node lets go of the connection first); while commands wait for a primary the proxy answers
   * it in their turn. Either way the client's connection closes after the last reply.
   */
  private quit(command: ClientCommand): void {
    this.closeAfterReplies = true;
    const upstream = this.upstream;
    if (upstream === null || !upstream.connected || this.held.length > 0 || this.host.route().hold) {
      this.queueLocal(OK);
      return;
    }
    upstream.write(bytesOf(command));
    this.track(command, 'client');
  }

  /** After a failover interrupted MULTI: commands are refused until EXEC (aborted) or DISCARD. */
  private inAbortedTransaction(name: string): void {
    if (name === 'exec' || name === 'discard') {
      this.transactionAborted = false;
      this.state.inMulti = false;
      this.state.watching = false;
      this.watchBroken = false;
      this.queueLocal(name === 'exec' ? EXECABORT : OK);
    } else {
      this.queueLocal(TX_ABORTED);
    }
  }

  private hold(item: Held): void {
    this.held.push(item);
    if (item.command !== null) this.host.stats.heldCommands++;
    if (this.holdTimer === null) this.holdTimer = setTimeout(() => this.holdExpired(), this.host.holdTimeoutMs);
  }

  /** No primary came in time: every held command is refused (it never ran). */
  private holdExpired(): void {
    this.holdTimer = null;
    const held = this.takeHeld();
    for (const item of held) {
      if (item.command !== null) this.host.stats.holdTimeouts++;
      this.queueLocal(item.local ?? NO_PRIMARY);
    }
    this.drainLocal();
  }

  private takeHeld(): Held[] {
    const held = this.held;
    this.held = [];
    for (const item of held) if (item.command !== null) this.host.stats.heldCommands--;
    if (this.holdTimer !== null) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    return held;
  }

  /** Sends what was held, in order, once there is an upstream and nothing asks to wait. */
  private releaseHeld(): void {
    if (this.upstream === null || !this.upstream.connected || this.host.route().hold || this.held.length === 0) return;
    const upstream = this.upstream;
    upstream.cork();
    for (const item of this.takeHeld()) {
      if (item.command !== null) this.accept(item.command);
      else this.queueLocal(item.local);
    }
    upstream.uncork();
    this.drainLocal();
  }

  // ---- upstream -> client -----------------------------------------------------------------------------

  /**
   * Whole replies are matched to what is in flight, then forwarded in one write: as the slice they came in,
   * with the proxy's own replies (and rewritten or dropped ones) spliced in their place when there are any.
   */
  private onUpstreamData(chunk: Buffer): void {
    let complete: number;
    try {
      complete = this.replies.feed(chunk);
    } catch {
      // Not RESP: nothing sensible can reach the client any more.
      this.close();
      return;
    }
    if (complete === 0) return;
    const pieces: Piece[] = [];
    this.out = pieces;
    for (let reply = this.replies.next(this.wantsFirstElement()); reply !== null; reply = this.replies.next(this.wantsFirstElement())) {
      this.onReply(reply);
      if (this.closed) return;
    }
    this.out = null;
    const batch = this.replies.takeComplete();
    for (const start of this.errorStarts) if (batch.toString('latin1', start, start + 7) === '-NOAUTH') this.nodeWantsAuth = true;
    this.errorStarts.length = 0;
    this.writePieces(batch, pieces);
    if (this.client.writableNeedDrain) this.upstream?.pause();
    if (this.closeAfterReplies) this.drainLocal();
  }

  /** Whether the next reply's first element matters (pub/sub messages look like replies in RESP2). */
  private wantsFirstElement(): boolean {
    if (this.state.subscribed) return true;
    const head = this.inFlight[0];
    return head !== undefined && isSubscribeFamily(head.name);
  }

  private onReply(reply: ScannedReply): void {
    const head = this.inFlight[0];
    // RESP3 confirms (P)SUBSCRIBE with pushes, the proxy's own replayed ones included.
    const awaitingConfirmation = head !== undefined && isSubscribeFamily(head.name);
    if (head === undefined || head.local !== null || !answersCommand(reply.push, reply.firstElement, this.state.subscribed, awaitingConfirmation)) {
      // Pushed data (pub/sub messages, invalidations, MONITOR's feed): straight to the client.
      this.emitRange(reply.start, reply.end);
      return;
    }
    if (head.remaining === head.total) head.failed = reply.error;
    if (reply.error && this.state.auth === null) this.errorStarts.push(reply.start);
    head.remaining--;
    if (head.kind === 'client') this.emitRange(reply.start, reply.end);
    else if (head.kind === 'null-exec') this.emit(this.state.protocol === 3 ? '_\r\n' : '*-1\r\n');
    else if (reply.error) {
      // The new primary refused the replayed state (a changed password...): the client cannot go on as it was.
      this.close();
      return;
    }
    if (head.remaining > 0) return;
    this.inFlight.shift();
    const args = head.command?.scanned.args;
    if (args != null) this.state.observe(args, head.failed);
    this.drainLocal();
    if (this.switchWhenDrained && this.clientInFlight() === 0) this.switchUpstream();
  }

  /** While replies are walked, what goes to the client is collected here (then written in one go). */
  private out: Piece[] | null = null;

  private emit(text: string): void {
    if (this.out !== null) this.out.push(text);
    else this.client.write(text);
  }

  private emitRange(start: number, end: number): void {
    const out = this.out!;
    const last = out[out.length - 1];
    if (last !== undefined && typeof last !== 'string' && last[1] === start) last[1] = end;
    else out.push([start, end]);
  }

  private writePieces(batch: Buffer, pieces: readonly Piece[]): void {
    const only = pieces.length === 1 ? pieces[0]! : null;
    if (only !== null && typeof only !== 'string' && only[0] === 0 && only[1] === batch.length) {
      this.client.write(batch);
      return;
    }
    this.client.cork();
    for (const piece of pieces) this.client.write(typeof piece === 'string' ? piece : batch.subarray(piece[0], piece[1]));
    this.client.uncork();
  }

  private queueLocal(reply: string): void {
    if (this.held.length > 0) {
      this.held.push({ command: null, local: reply });
      return;
    }
    this.inFlight.push({ command: null, name: '', total: 0, remaining: 0, failed: false, kind: 'client', local: reply });
  }

  /** Writes the proxy's own replies that have reached the front; closes if QUIT or a protocol error asked to. */
  private drainLocal(): void {
    while (this.inFlight.length > 0 && this.inFlight[0]!.local !== null) this.emit(this.inFlight.shift()!.local!);
    if (this.closeAfterReplies && this.out === null && this.inFlight.length === 0 && this.held.length === 0) this.finish();
  }

  private clientInFlight(): number {
    let count = 0;
    for (const item of this.inFlight) if (item.local === null && item.kind !== 'replay') count++;
    return count;
  }

  // ---- the primary changes ------------------------------------------------------------------------------

  /** The proxy's route changed (or the session just started): connect, hold, release or move. */
  routeChanged(): void {
    if (this.closed) return;
    const route = this.host.route();
    if (route.hold) {
      this.plannedFrom = route.primary;
      return;
    }
    if (route.primary === null) return;
    if (this.upstream === null) {
      this.connect();
      return;
    }
    if (samePrimary(this.upstream, route.primary)) {
      this.releaseHeld();
      return;
    }
    // A new primary: let the old one answer what it has, then move (not waiting forever for a node that neither
    // answers nor closes).
    this.switchWhenDrained = true;
    if (this.clientInFlight() === 0) this.switchUpstream();
    else if (this.drainTimer === null) this.drainTimer = setTimeout(() => this.switchUpstream(), this.host.holdTimeoutMs);
  }

  private switchUpstream(): void {
    this.switchWhenDrained = false;
    if (this.drainTimer !== null) clearTimeout(this.drainTimer);
    this.drainTimer = null;
    const old = this.upstream;
    this.upstream = null;
    old?.close();
    if (old !== null) this.settleInFlight(old);
    this.connect();
  }

  /** A connection to the route's primary, with the connection's state replayed first (its replies dropped). */
  private connect(): void {
    const route = this.host.route();
    if (route.primary === null || this.closed) return;
    if (this.state.monitoring) {
      // MONITOR's feed cannot be resumed mid-stream: the client must ask again.
      this.close();
      return;
    }
    const upstream = new Upstream(
      route.primary.host,
      route.primary.port,
      // What waited goes out once the connection is open: a primary that refuses connections never gets (and
      // never loses) it, and the hold timeout keeps counting across attempts.
      () => {
        if (this.upstream !== upstream) return;
        // Client-side caching: what the client cached came through the previous connection, which the server
        // tracked; this one knows nothing of it. Tell the client to drop its whole cache (a RESP3 invalidation
        // with a null key list, as Redis sends on FLUSHALL).
        if (this.everConnected && this.state.tracking !== null && this.state.protocol === 3) this.emit(INVALIDATE_ALL);
        this.everConnected = true;
        this.releaseHeld();
      },
      (chunk) => {
        if (this.upstream === upstream) this.onUpstreamData(chunk);
      },
      () => {
        if (this.upstream === upstream) this.upstreamLost(upstream);
      },
    );
    // Once the primary a planned failover left is no longer ours, its special case ends.
    if (this.plannedFrom !== null && !samePrimary(this.plannedFrom, route.primary)) this.plannedFrom = null;
    this.upstream = upstream;
    // A new connection's replies start at a reply boundary: a fresh scanner (the old one may be mid-reply).
    this.replies = new ReplyScanner({ retain: true });
    upstream.cork();
    for (const args of this.state.replay()) {
      upstream.write(encodeCommand(args));
      const name = args[0]!.toLowerCase();
      // The replayed CLIENT REPLY OFF (always last) answers nothing.
      const total = isSubscribeFamily(name) ? args.length - 1 : name === 'client' && args[1] === 'REPLY' ? 0 : 1;
      if (total > 0) this.inFlight.push({ command: null, name, total, remaining: total, failed: false, kind: 'replay', local: null });
    }
    upstream.uncork();
  }

  /** The upstream closed without us asking (the primary died, was demoted, closed us, or refused the connection). */
  private upstreamLost(upstream: Upstream): void {
    this.upstream = null;
    if (this.closeAfterReplies) {
      // QUIT (or a protocol error) was on its way: the node letting go is the expected end.
      this.settleInFlight(upstream);
      this.finish();
      return;
    }
    const route = this.host.route();
    const samePlace = route.primary !== null && !route.hold && samePrimary(route.primary, upstream);
    if (samePlace && upstream.connected && !samePrimary(this.plannedFrom, upstream)) {
      this.closedOrGone(upstream);
      return;
    }
    this.settleInFlight(upstream);
    this.reconnectAfterLoss(upstream);
  }

  /**
   * The route's primary closed a connection that was open: did the node close it on purpose (CLIENT KILL, an
   * idle timeout, an output-buffer limit, a protocol error) or is it gone? A test connection tells: if the node
   * answers a PING on it (any reply: NOAUTH says it is there too), the client's connection closes as it would
   * have directly; if not, the primary is gone and the session waits for the next one. (An answer is needed, not
   * just an accepted connection: a process being killed can still accept for a moment after its connections
   * dropped.)
   */
  private closedOrGone(upstream: Upstream): void {
    const probe = connect({ host: upstream.host, port: upstream.port });
    let decided = false;
    const decide = (alive: boolean): void => {
      if (decided) return;
      decided = true;
      clearTimeout(timer);
      probe.destroy();
      if (this.closed) return;
      if (alive) return this.finish();
      this.settleInFlight(upstream);
      this.reconnectAfterLoss(upstream);
    };
    const timer = setTimeout(() => decide(false), CLOSE_PROBE_MS);
    probe.once('connect', () => probe.write(PING));
    probe.once('data', () => decide(true));
    probe.once('error', () => decide(false));
    probe.once('close', () => decide(false));
  }

  private reconnectAfterLoss(upstream: Upstream): void {
    if (this.closed) return;
    const route = this.host.route();
    if (route.primary === null || route.hold) return;
    if (!samePrimary(route.primary, upstream)) {
      this.connect();
      return;
    }
    // The same primary is not there (a static upstream restarting, or the sentinels have not noticed yet): try
    // again soon; held commands wait up to the hold timeout.
    setTimeout(() => {
      if (this.upstream === null && !this.closed) this.connect();
    }, RECONNECT_MS).unref();
  }

  /**
   * Settles what was in flight on an upstream that is gone. Commands that never ran — the connection never
   * opened, or a planned failover's demoted primary closed it with its writes paused — wait to be sent to the
   * next primary; the others get an outcome-unknown error. A transaction open across the change is aborted and
   * a WATCH fails the next EXEC.
   */
  private settleInFlight(upstream: Upstream): void {
    const neverRan = !upstream.connected || samePrimary(this.plannedFrom, upstream);
    const pending = this.inFlight.splice(0);
    // The old connection's MULTI and its queued commands are gone with it.
    if (this.state.inMulti) this.transactionAborted = true;
    if (this.state.watching) this.watchBroken = true;
    const requeue: Held[] = [];
    for (const item of pending) {
      if (item.local !== null) requeue.push({ command: null, local: item.local });
      else if (item.command === null || item.kind === 'replay') continue;
      else if (neverRan && item.remaining === item.total) {
        requeue.push({ command: item.command, local: null });
        this.host.stats.heldCommands++;
      } else {
        this.host.stats.unknownOutcomes++;
        for (let i = 0; i < item.remaining; i++) requeue.push({ command: null, local: OUTCOME_UNKNOWN });
      }
    }
    this.held = [...requeue, ...this.held];
    // Replies owed before anything that needs an upstream go out now.
    while (this.held.length > 0 && this.held[0]!.command === null) this.emit(this.held.shift()!.local!);
    if (this.held.length > 0 && this.holdTimer === null) this.holdTimer = setTimeout(() => this.holdExpired(), this.host.holdTimeoutMs);
    this.drainLocal();
  }

  /** Closes the client's connection once what was written to it has gone out (QUIT, a protocol error). */
  private finish(): void {
    this.client.end();
    this.close(false);
  }

  /** Ends the session; `now` (the default) also drops what was not yet written to the client. */
  close(now = true): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of [this.holdTimer, this.drainTimer]) if (timer !== null) clearTimeout(timer);
    for (const item of this.held) if (item.command !== null) this.host.stats.heldCommands--;
    this.held = [];
    const upstream = this.upstream;
    this.upstream = null;
    upstream?.close();
    if (now) this.client.destroy();
    this.host.sessionClosed(this);
  }
}

/** How soon a dropped connection to the same primary is tried again. */
const RECONNECT_MS = 100;
/** How long the test connection after a lost upstream may take to say whether the node is there. */
const CLOSE_PROBE_MS = 500;

