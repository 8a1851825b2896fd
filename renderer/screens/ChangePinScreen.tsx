// The operator signed in with a PIN shorter than their role now asks (a supervisor's 4-digit PIN
// from before the rule): the core accepts nothing but this change and signing out, so this is
// the only screen until it is done. Keyboard first: the current PIN has the focus, Tab moves on,
// Enter saves, Esc signs out.
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc';
import { errorText } from '../i18n';
import type { WhoAmI } from '../../shared/domain';

export function ChangePinScreen({ who, onLoggedOut }: { who: WhoAmI; onLoggedOut: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  const [currentPin, setCurrentPin] = useState('');
  const [pin, setPin] = useState('');
  const [pinConfirm, setPinConfirm] = useState('');
  const digits = String(who.pinChange?.minDigits ?? '');
  const setWho = (next: WhoAmI) => queryClient.setQueryData(trpc.session.whoami.queryKey(), next);

  const change = useMutation(
    trpc.session.changePin.mutationOptions({
      onSuccess: setWho,
      onError: (err) => {
        // The core ended the session (idle too long): back to the sign-in screen.
        if (err.message.startsWith('auth.error.')) void queryClient.invalidateQueries();
      },
      onSettled: () => {
        // Every field is cleared: start again from the first, without reaching for the mouse.
        setCurrentPin('');
        setPin('');
        setPinConfirm('');
        document.querySelector<HTMLInputElement>('input[name="currentPin"]')?.focus();
      },
    }),
  );
  const logout = useMutation(
    trpc.session.logout.mutationOptions({
      onSuccess: (next) => {
        onLoggedOut();
        setWho(next);
      },
    }),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({ currentPin, pin, pinConfirm });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') logout.mutate({ reason: 'user' });
  };
  const pinInput = (value: string, set: (v: string) => void) => ({
    type: 'password',
    inputMode: 'numeric' as const,
    autoComplete: 'off',
    value,
    onChange: (e: { target: { value: string } }) => set(e.target.value),
  });

  return (
    <main className="login compact" onKeyDown={onKeyDown}>
      <form onSubmit={submit} aria-labelledby="change-pin-heading" noValidate>
        <h2 id="change-pin-heading">{t('login.changePin.heading')}</h2>
        <p className="notice" role="status">
          {t('login.changePin.explain', { digits, name: who.operator?.name ?? '' })}
        </p>
        <label>
          {t('login.changePin.current')}
          <input name="currentPin" autoFocus {...pinInput(currentPin, setCurrentPin)} />
        </label>
        <label>
          {t('login.changePin.new', { digits })}
          <input name="pin" {...pinInput(pin, setPin)} />
        </label>
        <label>
          {t('login.changePin.confirm')}
          <input name="pinConfirm" {...pinInput(pinConfirm, setPinConfirm)} />
        </label>
        {change.isError && (
          <p className="error" role="alert">
            {errorText(t, change.error.message)}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={change.isPending}>
            {change.isPending ? t('login.changePin.working') : t('login.changePin.submit')}
          </button>
          <button type="button" className="secondary" onClick={() => logout.mutate({ reason: 'user' })}>
            {t('login.changePin.logout')}
          </button>
        </div>
        <p className="hint">{t('login.changePin.hint')}</p>
      </form>
    </main>
  );
}
