import type { IsMasterDownRequest as IsDownRequestMessage, IsMasterDownRequest__Output, ProbeReply__Output, SentinelHello, SentinelHello__Output } from '@understudy/grpc';
import type { Hello, IsDownRequest, NodeFacts } from '../core/types.js';

/** Between the proto messages and the core's plain types. */

export function helloFromMessage(message: SentinelHello__Output): Hello {
  return {
    sentinelId: message.sentinelId,
    host: message.host,
    port: message.port,
    grpcPort: message.grpcPort,
    currentEpoch: message.currentEpoch,
    masterName: message.masterName,
    masterHost: message.masterHost,
    masterPort: message.masterPort,
    configEpoch: message.configEpoch,
  };
}

export function helloToMessage(hello: Hello): SentinelHello {
  return { ...hello };
}

export function factsFromReply(reply: ProbeReply__Output): NodeFacts {
  return {
    runId: reply.runId,
    role: reply.role === 'master' ? 'master' : 'slave',
    epoch: reply.epoch,
    offset: reply.offset,
    grpcPort: reply.grpcPort,
    priority: reply.priority,
    primaryHost: reply.primaryHost,
    primaryPort: reply.primaryPort,
    linkUp: reply.linkUp,
    linkDownMs: reply.linkDownMs,
    replicas: reply.replicas.map((r) => ({ ip: r.ip, port: r.port, grpcPort: r.grpcPort, offset: r.offset })),
    sentinels: reply.sentinels.map(helloFromMessage),
  };
}

export function isDownFromMessage(message: IsMasterDownRequest__Output): IsDownRequest {
  return {
    masterName: message.masterName,
    masterHost: message.masterHost,
    masterPort: message.masterPort,
    currentEpoch: message.currentEpoch,
    candidateId: message.candidateId,
    from: message.from === null ? null : helloFromMessage(message.from),
  };
}

export function isDownToMessage(request: IsDownRequest): IsDownRequestMessage {
  return { ...request, from: request.from === null ? null : helloToMessage(request.from) };
}
