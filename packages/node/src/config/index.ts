/** Configuration subsystem: directive table, CONFIG GET/SET store, redis-server argv / config-file loading. */
export * from './config-store.js';
export * from './directives.js';
export * from './keyspace-events.js';
export * from './server-args.js';
