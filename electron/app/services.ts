// What the RPC procedures can reach: the core's capabilities, composed once in core.ts.
import type { Clock } from './clock';
import type { Config } from './config';
import type { Logger } from '../log/logger';
import type { Db } from '../store/db';
import type { OperatorStore } from '../security/operators';
import type { AuditLog } from '../security/audit';
import type { StatusHub } from './status-hub';

export interface CoreServices {
  config: Config;
  clock: Clock;
  log: Logger;
  db: Db;
  operators: OperatorStore;
  audit: AuditLog;
  status: StatusHub;
}
