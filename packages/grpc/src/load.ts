import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/** The repository's protos/ folder (this file runs from packages/grpc/src or packages/grpc/dist). */
export const PROTOS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'protos');

interface LoaderOptionsFile {
  keepCase: boolean;
  longs: 'Number' | 'String';
  enums: 'String';
  defaults: boolean;
  oneofs: boolean;
}

/**
 * The one set of proto-loader options (loader-options.json, which the type generator reads too): camelCase
 * fields, int64 as JS numbers (offsets stay far below 2^53), enums as names, defaults filled in, the name of
 * the set member of each oneof.
 */
function loaderOptions(): protoLoader.Options {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'loader-options.json');
  const options = JSON.parse(readFileSync(file, 'utf8')) as LoaderOptionsFile;
  return {
    keepCase: options.keepCase,
    longs: options.longs === 'Number' ? Number : String,
    enums: String,
    defaults: options.defaults,
    oneofs: options.oneofs,
    includeDirs: [PROTOS_DIR],
  };
}

/** Loads one proto file of protos/ (a path such as "understudy/v1/replication.proto") as grpc-js objects. */
export function loadProto<T>(file: string): T {
  const definition = protoLoader.loadSync(file, loaderOptions());
  return grpc.loadPackageDefinition(definition) as unknown as T;
}
