// Public API of the acta workflow, for the composition root and the RPC router.
export {
  ActaWorkflow,
  subject as actaAuditSubject,
  type ActaWorkflowOptions,
  type WorkflowHooks,
  type ReceiveResult,
  type ReceiveOutcome,
  type AcopioCatdCheck,
  type LoadCatalogueResult,
  type TransmissionItem,
  type TransmissionLedgerRow,
  type ActaRef,
  type NewPage,
  type ScanEnd,
  type ScanFinish,
  type RecoveredScan,
} from './workflow';
export { WorkflowError, isWorkflowError } from './errors';
export { SYSTEM_ACTOR, type WorkflowActor } from './actor';
export { ACTA_TRANSITIONS, canTransition, SCANNABLE_STATES } from './transitions';
export { CatalogueStore, type CatalogueInfo } from './catalogue-store';
export { keyFromInput } from './operator-commands';
export { catdCounts } from './catd-counts';
