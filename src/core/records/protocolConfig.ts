import { existsSync } from 'node:fs';
import { badTree } from '../store/errors';
import type { TreeLayout } from '../store/layout';
import { readRecord } from './recordReader';
import { protocolFileSchema, type ProtocolFile } from './protocolFile';

/** The thresholds every computer shares, from protocol.json. */
export interface ProtocolConfig {
  heartbeatIntervalSeconds: number;
  goneAfterSeconds: number;
  defaultTtlSeconds: number;
}

export const defaultProtocolConfig: ProtocolConfig = {
  heartbeatIntervalSeconds: 60,
  goneAfterSeconds: 15 * 60,
  defaultTtlSeconds: 2 * 3600,
};

export function protocolFileContent(config: ProtocolConfig = defaultProtocolConfig): ProtocolFile {
  return { object: 'protocol', version: 1, ...config };
}

/** Reads protocol.json; a tree without one, or with an unreadable one, is refused (exit 3) with what to do. */
export function loadProtocolConfig(layout: TreeLayout): ProtocolConfig {
  const result = readRecord(layout.protocolFile, protocolFileSchema, 'protocol');
  if (result.ok) {
    return {
      heartbeatIntervalSeconds: result.value.heartbeatIntervalSeconds ?? defaultProtocolConfig.heartbeatIntervalSeconds,
      goneAfterSeconds: result.value.goneAfterSeconds ?? defaultProtocolConfig.goneAfterSeconds,
      defaultTtlSeconds: result.value.defaultTtlSeconds ?? defaultProtocolConfig.defaultTtlSeconds,
    };
  }
  if (result.missing) {
    if (!existsSync(layout.dir)) {
      throw badTree(`no coordination tree at ${layout.dir}`, undefined, undefined, { action: 'init-tree' });
    }
    throw badTree(`${layout.protocolFile} is missing`, undefined, undefined, {
      action: 'init-tree',
      missingFile: layout.protocolFile,
    });
  }
  throw badTree(`${layout.protocolFile} ${result.reason}`, undefined, undefined, {
    action: 'repair-tree',
    path: layout.protocolFile,
    recreatedByInit: true,
  });
}
