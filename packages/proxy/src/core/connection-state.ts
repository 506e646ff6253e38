/**
 * The part of a client connection's server-side state that must survive a change of primary (AUTH, HELLO's
 * protocol, SELECT, CLIENT SETNAME, CLIENT REPLY, CLIENT TRACKING, subscriptions), learned from the commands the
 * client sent and whether their replies were errors, and replayed on a new upstream connection. Transactions
 * (MULTI/WATCH) are tracked too, but never replayed: a transaction interrupted by a failover is aborted.
 */
export class ConnectionState {
  /** AUTH's arguments (user and password, or the password alone), when the last AUTH succeeded. */
  auth: string[] | null = null;
  protocol: 2 | 3 = 2;
  db = 0;
  name = '';
  /** CLIENT REPLY, applied when the command is sent (OFF and SKIP have no reply to observe); 'skip' covers the next command only. */
  replyMode: 'on' | 'off' | 'skip' = 'on';
  /**
   * A MULTI was sent and its EXEC or DISCARD not yet (applied when commands are sent, as replyMode): whatever is
   * sent now is queued and answers exactly once (+QUEUED or an error), a SUBSCRIBE of several channels included.
   */
  queuing = false;
  /** The arguments of the last successful CLIENT TRACKING ON (after "CLIENT TRACKING"), or null when off. */
  tracking: string[] | null = null;
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  /** SSUBSCRIBE's channels: they put a RESP2 connection in subscribed mode as the others do. */
  readonly shardChannels = new Set<string>();
  inMulti = false;
  watching = false;
  monitoring = false;

  get subscribed(): boolean {
    return this.channels.size > 0 || this.patterns.size > 0 || this.shardChannels.size > 0;
  }

  /**
   * A command's reply arrived (`failed`: an error reply): applies its effect on the connection's state. `args`
   * are the command's arguments, the name first, lower-cased.
   */
  observe(args: readonly string[], failed: boolean): void {
    const name = args[0]!;
    switch (name) {
      case 'multi':
        if (!failed) this.inMulti = true;
        // Refused outside a transaction (NOAUTH...): what is sent next is not queued after all.
        else if (!this.inMulti) this.queuing = false;
        return;
      case 'exec':
      case 'discard':
        this.inMulti = false;
        this.watching = false;
        return;
      case 'watch':
        if (!failed) this.watching = true;
        return;
      case 'unwatch':
        this.watching = false;
        return;
      case 'reset':
        this.resetAll();
        return;
    }
    if (failed) return;
    switch (name) {
      case 'subscribe':
        for (const channel of args.slice(1)) this.channels.add(channel);
        return;
      case 'psubscribe':
        for (const pattern of args.slice(1)) this.patterns.add(pattern);
        return;
      case 'unsubscribe':
        forget(this.channels, args);
        return;
      case 'punsubscribe':
        forget(this.patterns, args);
        return;
      case 'ssubscribe':
        for (const channel of args.slice(1)) this.shardChannels.add(channel);
        return;
      case 'sunsubscribe':
        forget(this.shardChannels, args);
        return;
      case 'auth':
        this.auth = args.slice(1);
        return;
      case 'select':
        this.db = Number(args[1]);
        return;
      case 'hello':
        this.observeHello(args);
        return;
      case 'client':
        this.observeClient(args);
        return;
      case 'monitor':
        this.monitoring = true;
        return;
    }
  }

  private observeHello(args: readonly string[]): void {
    if (args.length > 1) this.protocol = args[1] === '3' ? 3 : 2;
    for (let i = 2; i < args.length; i++) {
      const option = args[i]!.toLowerCase();
      if (option === 'auth' && i + 2 < args.length) {
        this.auth = [args[i + 1]!, args[i + 2]!];
        i += 2;
      } else if (option === 'setname' && i + 1 < args.length) {
        this.name = args[++i]!;
      }
    }
  }

  private observeClient(args: readonly string[]): void {
    const sub = args[1]?.toLowerCase();
    if (sub === 'setname' && args.length === 3) this.name = args[2]!;
    else if (sub === 'tracking' && args.length >= 3) {
      this.tracking = args[2]!.toLowerCase() === 'on' ? args.slice(2) : null;
    }
  }

  /** RESET's reply arrived. (replyMode and queuing are not touched: they follow what was sent, RESET's effect on them was applied when it was sent.) */
  private resetAll(): void {
    this.auth = null;
    this.protocol = 2;
    this.db = 0;
    this.name = '';
    this.tracking = null;
    this.channels.clear();
    this.patterns.clear();
    this.shardChannels.clear();
    this.inMulti = false;
    this.watching = false;
    this.monitoring = false;
  }

  /**
   * The commands that rebuild this state on a fresh connection to a new primary, in an order that works
   * (authenticate first; CLIENT REPLY last, so the replayed commands still answer). The connection they go to
   * is not in a transaction: nothing sent from now on is queued.
   */
  replay(): string[][] {
    this.queuing = false;
    const commands: string[][] = [];
    if (this.protocol === 3) commands.push(this.auth ? ['HELLO', '3', 'AUTH', ...helloAuth(this.auth)] : ['HELLO', '3']);
    else if (this.auth) commands.push(['AUTH', ...this.auth]);
    if (this.db !== 0) commands.push(['SELECT', String(this.db)]);
    if (this.name !== '') commands.push(['CLIENT', 'SETNAME', this.name]);
    if (this.tracking) commands.push(['CLIENT', 'TRACKING', ...this.tracking]);
    if (this.channels.size > 0) commands.push(['SUBSCRIBE', ...this.channels]);
    if (this.patterns.size > 0) commands.push(['PSUBSCRIBE', ...this.patterns]);
    if (this.shardChannels.size > 0) commands.push(['SSUBSCRIBE', ...this.shardChannels]);
    if (this.replyMode === 'off') commands.push(['CLIENT', 'REPLY', 'OFF']);
    return commands;
  }
}

/** (P|S)UNSUBSCRIBE: the named ones, or every one without arguments. */
function forget(set: Set<string>, args: readonly string[]): void {
  if (args.length === 1) set.clear();
  else for (const name of args.slice(1)) set.delete(name);
}

/** HELLO's AUTH takes a user: AUTH with a password alone means the default user. */
function helloAuth(auth: readonly string[]): string[] {
  return auth.length === 1 ? ['default', auth[0]!] : [auth[0]!, auth[1]!];
}
