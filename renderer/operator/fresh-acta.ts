// An acta as the core has it now, for the screens that act on it (Digitalización, Verificación).
// The query cache may hold the acta as another screen last read it: seen, a record the
// supervisor's console read en conflicto and then replaced, opened from Cola, showed "En
// conflicto" until the refetch came back, and a key pressed meanwhile acted on that old state
// (F8 lost; F9 would be refused for a stale version). Until this screen's own fetch is back
// there is no acta: the screen says it is working instead of showing a state that may be gone.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc';

export function useFreshActa(actaId: number) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.actas.get.queryOptions({ actaId }));
  const fresh = detail.isFetchedAfterMount ? detail.data : undefined;
  return { detail, acta: fresh?.acta, pages: fresh?.pages ?? [] };
}
