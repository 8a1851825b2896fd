// Accounts: create (PIN typed twice), change a PIN, disable. The core hashes the PIN, audits
// every change and refuses to disable the last active supervisor.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import type { Role } from '../../shared/domain';
import { useDecision } from './Decision';
import { formatTime } from '../intl';

export function OperatorsPanel() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('operador');
  const [pin, setPin] = useState('');
  const [pinConfirm, setPinConfirm] = useState('');
  const [target, setTarget] = useState<string | null>(null);
  const list = useQuery(trpc.supervisor.operators.list.queryOptions());
  const clearPins = () => {
    setPin('');
    setPinConfirm('');
  };
  const opts = { onSuccess: () => void list.refetch(), onSettled: clearPins };
  const create = useMutation(trpc.supervisor.operators.create.mutationOptions(opts));
  const resetPin = useMutation(trpc.supervisor.operators.resetPin.mutationOptions(opts));
  const disable = useMutation(trpc.supervisor.operators.disable.mutationOptions(opts));
  const all = [create, resetPin, disable];
  /** One action at a time on screen: the previous one's error or success line goes away. */
  const decision = useDecision();
  /** Asks this action's own reason; one action at a time on screen. */
  const decide = <I,>(
    m: { mutateAsync: (input: I & { reason: string }) => Promise<unknown> },
    input: I,
    label: string,
  ) =>
    decision.ask({
      label,
      run: (reason) => {
        for (const x of all) x.reset();
        return m.mutateAsync({ ...input, reason });
      },
    });
  const busy = all.some((m) => m.isPending) || decision.open;
  const last = create.isSuccess
    ? t('console.operators.created', { id: create.data.id })
    : resetPin.isSuccess
      ? t('console.operators.pinReset', { id: resetPin.data.id })
      : disable.isSuccess
        ? t('console.operators.disabled', { id: disable.data.id })
        : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (target)
      decide(resetPin, { id: target, pin, pinConfirm }, `${t('console.operators.resetPin')}: ${target}`);
    else decide(create, { id: id.trim(), name, role, pin, pinConfirm }, t('console.operators.create'));
  };

  return (
    <section aria-labelledby="ops-h">
      <h3 id="ops-h">{t('console.operators.heading')}</h3>
      <table>
        <thead>
          <tr>
            <th>{t('console.operators.id')}</th>
            <th>{t('console.operators.name')}</th>
            <th>{t('console.operators.role')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.data?.map((o) => (
            <tr key={o.id} aria-selected={o.id === target}>
              <td>{o.id}</td>
              <td>{o.name}</td>
              <td>
                {t(`home.role.${o.role}`)} ·{' '}
                {!o.active
                  ? t('console.operators.inactive')
                  : o.lockedUntil && new Date(o.lockedUntil) > new Date()
                    ? t('console.operators.locked', {
                        until: formatTime(o.lockedUntil),
                      })
                    : t('console.operators.active')}
              </td>
              <td>
                {o.active && (
                  <div className="row">
                    <button type="button" className="secondary" onClick={() => setTarget(o.id)}>
                      {t('console.operators.resetPin')}
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      disabled={busy}
                      onClick={() =>
                        decide(disable, { id: o.id }, `${t('console.operators.disable')}: ${o.id}`)
                      }
                    >
                      {t('console.operators.disable')}
                    </button>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        onSubmit={submit}
        noValidate
        aria-label={target ? t('console.operators.resetPin') : t('console.operators.create')}
      >
        {target ? (
          <p className="notice">
            {t('console.operators.resetPin')}: {target}{' '}
            <button type="button" className="secondary" onClick={() => setTarget(null)}>
              {t('supervisor.cancel')}
            </button>
          </p>
        ) : (
          <div className="row">
            <label>
              {t('console.operators.id')}
              <input autoComplete="off" value={id} onChange={(e) => setId(e.target.value)} />
            </label>
            <label>
              {t('console.operators.name')}
              <input autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <label>
              {t('console.operators.role')}
              <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
                <option value="operador">{t('home.role.operador')}</option>
                <option value="supervisor">{t('home.role.supervisor')}</option>
              </select>
            </label>
          </div>
        )}
        <div className="row">
          <label>
            {t('console.operators.pin')}
            <input
              type="password"
              inputMode="numeric"
              autoComplete="off"
              value={pin}
              onChange={(e) => setPin(e.target.value)}
            />
          </label>
          <label>
            {t('console.operators.pinConfirm')}
            <input
              type="password"
              inputMode="numeric"
              autoComplete="off"
              value={pinConfirm}
              onChange={(e) => setPinConfirm(e.target.value)}
            />
          </label>
          <button type="submit" disabled={busy}>
            {target ? t('console.operators.resetPin') : t('console.operators.create')}
          </button>
        </div>
      </form>
      {decision.step}
      {last && !decision.open && (
        <p className="notice" role="status">
          {last}
        </p>
      )}
    </section>
  );
}
