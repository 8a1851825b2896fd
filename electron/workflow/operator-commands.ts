// The operator's commands on an acta: acopio (receive), verification, queueing and sending back
// for a rescan. A key from the code reader is read once; a typed key is typed twice.
import { stamp, type StampedTime } from '../platform/clock';
import { actaKeyId, formatActaKeyLabel, parseActaKey, type ActaKey } from '../../shared/acta-key';
import {
  type ActaCommandInput,
  type ActaReasonInput,
  type ActaState,
  type ActaSummary,
  type CatalogueStatus,
  type KeySource,
  type ReceiveActaInput,
  type VerifyActaInput,
} from '../../shared/workflow';
import { pageIsCurrent, type ActaRow } from './acta-rows';
import { requireReason, type WorkflowActor } from './actor';
import { WorkflowError } from './errors';
import type { AcopioCatdCheck, ReceiveOutcome, ReceiveResult } from './types';
import { subject, WorkflowPart, type WorkflowContext } from './workflow-part';

function normalizeTyped(text: string): string {
  return text.trim().toUpperCase();
}

/**
 * The key an acopio input names: read once from the code reader, or typed twice and equal.
 * Checked before the CATD is asked about it (a mistyped key is never announced to the central).
 */
export function keyFromInput(text: string, source: KeySource, confirm: string | undefined): ActaKey {
  if (source === 'typed') {
    if (confirm === undefined || confirm.trim() === '') throw new WorkflowError('keyConfirmMissing');
    if (normalizeTyped(text) !== normalizeTyped(confirm)) throw new WorkflowError('keyMismatch');
  }
  const parsed = parseActaKey(source === 'typed' ? normalizeTyped(text) : text);
  if (!parsed.ok) throw new WorkflowError('keyInvalid', { messageKey: parsed.error, detail: parsed.error });
  return parsed.key;
}

export class OperatorCommands extends WorkflowPart {
  constructor(
    ctx: WorkflowContext,
    /** Verification puts the acta straight into the queue. */
    private readonly autoEnqueue: boolean,
  ) {
    super(ctx);
  }

  /**
   * Records that an acta arrived. A key from the code reader is read once; a typed key must be
   * typed twice and match. A key that already has an active acta creates a second acta in
   * en_conflicto (never an overwrite); a key outside the catalogue is received but held. A key
   * another station of the CATD received first (`catd`, the central's answer) is the same: this
   * paper is a second copy, recorded en_conflicto for the supervisor, never counted twice.
   */
  receive(input: ReceiveActaInput, actor: WorkflowActor, catd?: AcopioCatdCheck): ReceiveResult {
    const key = keyFromInput(input.keyText, input.source, input.keyConfirm);
    const keyId = actaKeyId(key);
    const result = this.tx(() => {
      const at = stamp(this.clock);
      // A record a later one replaced no longer stands: a new arrival conflicts with its replacement.
      const existing = this.actas.standingForKey(keyId)[0];
      const elsewhere = existing ? undefined : catd?.elsewhere;
      const catalogue = this.catalogueStatus(key);
      const state: ActaState = existing || elsewhere ? 'en_conflicto' : 'recibida';
      const id = this.actas.insert({
        keyId,
        keyLabel: formatActaKeyLabel(key),
        state,
        keySource: input.source,
        catalogue,
        receivedAt: at,
        receivedBy: actor.id,
        conflictWith: existing?.id ?? null,
      });
      this.audit.append(actor.id, existing || elsewhere ? 'acta.conflict' : 'acta.receive', subject(id), {
        role: actor.role,
        to: state,
        keyId,
        source: input.source,
        catalogue,
        ...(existing ? { conflictWith: existing.id } : {}),
        // What the CATD said: "offline" is today's process (the central's 409 at transmission).
        ...(catd ? { catd: catd.online ? 'checked' : 'offline' } : {}),
        ...(elsewhere ? { elsewhere } : {}),
      });
      const acta = this.summary(id);
      const outcome: ReceiveOutcome = existing
        ? 'conflict'
        : elsewhere
          ? 'elsewhere'
          : catalogue === 'out'
            ? 'outOfCatalogue'
            : 'received';
      return {
        acta,
        outcome,
        ...(existing ? { existing: this.actas.summary(existing) } : {}),
        ...(elsewhere ? { elsewhere } : {}),
        ...(catd ? { catdOnline: catd.online } : {}),
      };
    });
    this.log?.info('workflow-receive', { actaId: result.acta.id, outcome: result.outcome });
    this.hooks.onReceived?.(result.acta, actor);
    return result;
  }

  /**
   * The operator confirms the image is legible and the identification right. When no page's QR
   * identified the acta, the key must be typed twice and equal the acta's key. Goes on to en_cola
   * in the same transaction unless autoEnqueue is off.
   */
  verify(input: VerifyActaInput, actor: WorkflowActor): ActaSummary {
    const acta = this.tx(() => {
      const a = this.load(input.actaId, input.version);
      this.expect(a, 'verificada');
      if (a.catalogue === 'out')
        throw new WorkflowError('outOfCatalogueHeld', { state: a.state, version: a.version });
      const current = this.actas.pages(a.id).filter((p) => pageIsCurrent(p, a));
      const byQr = current.some((p) => p.identification === 'match');
      let identifiedBy: 'qr' | 'typed' = 'qr';
      if (!byQr || input.typedKey) {
        if (!input.typedKey)
          throw new WorkflowError('identificationRequired', { state: a.state, version: a.version });
        const typed = keyFromInput(input.typedKey.text, 'typed', input.typedKey.confirm);
        if (actaKeyId(typed) !== a.key_id)
          throw new WorkflowError('identificationMismatch', {
            state: a.state,
            version: a.version,
            detail: actaKeyId(typed),
          });
        identifiedBy = 'typed';
      }
      const at = stamp(this.clock);
      this.write(
        a,
        'verificada',
        { verified_at_utc: at.utc, verified_offset: at.offsetMinutes, verified_by: actor.id },
        at,
      );
      this.audit.append(actor.id, 'acta.verify', subject(a.id), {
        role: actor.role,
        from: a.state,
        to: 'verificada',
        identifiedBy,
        pages: current.map((p) => p.sha256),
      });
      if (this.autoEnqueue) this.enqueueRow(this.actas.get(a.id)!, actor, at);
      return this.summary(a.id);
    });
    if (acta.state === 'en_cola') this.hooks.onQueued?.(acta);
    return acta;
  }

  /** verificada → en_cola (only needed when autoEnqueue is off). */
  enqueue(input: ActaCommandInput, actor: WorkflowActor): ActaSummary {
    const acta = this.tx(() => {
      const a = this.load(input.actaId, input.version);
      this.enqueueRow(a, actor, stamp(this.clock));
      return this.summary(a.id);
    });
    this.hooks.onQueued?.(acta);
    return acta;
  }

  /** The operator (or supervisor) sends a digitised or verified acta back for a rescan, with a reason. */
  reject(input: ActaReasonInput, actor: WorkflowActor): ActaSummary {
    const reason = requireReason(input.reason);
    return this.tx(() => {
      const a = this.load(input.actaId, input.version);
      if (a.state !== 'digitalizada' && a.state !== 'verificada')
        throw new WorkflowError('illegalTransition', { state: a.state, version: a.version });
      this.expect(a, 'rechazada');
      this.write(a, 'rechazada', {
        rejection_reason: reason,
        rejected_by: actor.id,
        verified_at_utc: null,
        verified_offset: null,
        verified_by: null,
      });
      this.audit.append(actor.id, 'acta.reject', subject(a.id), {
        role: actor.role,
        from: a.state,
        to: 'rechazada',
        reason,
      });
      return this.summary(a.id);
    });
  }

  private enqueueRow(a: ActaRow, actor: WorkflowActor, at: StampedTime): void {
    this.expect(a, 'en_cola');
    this.write(a, 'en_cola', { queued_at_utc: at.utc, queued_offset: at.offsetMinutes }, at);
    this.audit.append(actor.id, 'acta.enqueue', subject(a.id), {
      role: actor.role,
      from: a.state,
      to: 'en_cola',
    });
  }

  private catalogueStatus(key: ActaKey): CatalogueStatus {
    const c = this.catalogue.current();
    if (!c) return 'unchecked';
    return c.lookup(key).ok ? 'in' : 'out';
  }
}
