// `catd central operator add|list` and `catd central catalogue FILE.csv`: what the central's own
// screens need before anyone can use them, the people who may sign in and the casillas each CATD
// is expected to send. `catd central original request|list`: the panel's originals, from a shell.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importCentralCatalogue } from './catalogue';
import { CentralOperatorError, CentralOperators } from './operators';
import { OriginalRequests } from './originals';
import type { CentralStore } from './store';

export class PanelUsageError extends Error {
  override name = 'PanelUsageError';
}

/** The password from standard input (never on the command line, where `ps` and the history see it). */
async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/**
 * `catd central THING ACTION [KEY] --data DIR [--database URL] [--OPTION VALUE]`, parsed; the
 * usage line when ACTION is not one of the two, KEY is missing for the keyed one, or a required
 * OPTION is missing.
 */
function parseAction(
  args: string[],
  o: { actions: [string, string]; keyed: string; option: string; optionRequired: boolean; usage: string },
): { action: string; data: string; database: string | undefined; key: string; option: string | undefined } {
  const [action = '', ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { data: { type: 'string' }, database: { type: 'string' }, [o.option]: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const v = values as Record<string, string | undefined>;
  const keyed = action === o.keyed;
  if (
    !v.data ||
    !o.actions.includes(action) ||
    (keyed && (positionals.length !== 1 || (o.optionRequired && !v[o.option])))
  )
    throw new PanelUsageError(o.usage);
  return { action, data: v.data, database: v.database, key: positionals[0] ?? '', option: v[o.option] };
}

export async function cmdOperator(
  args: string[],
  open: (data: string, database: string | undefined) => Promise<CentralStore>,
): Promise<void> {
  const {
    action,
    data,
    database,
    key,
    option: name,
  } = parseAction(args, {
    actions: ['add', 'list'],
    keyed: 'add',
    option: 'name',
    optionRequired: false,
    usage:
      'uso: catd central operator add CLAVE --name "NOMBRE" --data DIR (contraseña por la entrada estándar) | operator list --data DIR',
  });
  const store = await open(path.resolve(data), database);
  try {
    const operators = new CentralOperators(store.db, store.now);
    if (action === 'list') {
      for (const o of await operators.list()) console.log(`${o.operatorId}\t${o.name}`);
      return;
    }
    const id = key;
    try {
      await operators.add(id, name ?? id, await readPassword());
    } catch (err) {
      if (err instanceof CentralOperatorError) throw new PanelUsageError(err.message);
      throw err;
    }
    console.log(`Operador central ${id} listo: entra en /panel/ de cualquier nodo del acopio.`);
  } finally {
    await store.close();
  }
}

export async function cmdCatalogue(
  args: string[],
  open: (data: string, database: string | undefined) => Promise<CentralStore>,
): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { data: { type: 'string' }, database: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (!values.data || positionals.length === 0)
    throw new PanelUsageError('uso: catd central catalogue ARCHIVO.csv... --data DIR');
  const store = await open(path.resolve(values.data), values.database);
  let refused = 0;
  try {
    for (const file of positionals) {
      const out = await importCentralCatalogue(store.db, fs.readFileSync(path.resolve(file), 'utf8'));
      if (!out.ok) {
        refused++;
        console.log(`${file}: RECHAZADO, nada cambió`);
        for (const e of out.errors.slice(0, 20)) console.log(`  línea ${e.line}: ${e.code} «${e.text}»`);
        continue;
      }
      console.log(`${file}: ${out.entries} casillas esperadas para ${out.catds.join(', ')}`);
    }
  } finally {
    await store.close();
  }
  process.exitCode = refused ? 1 : 0;
}

export async function cmdOriginal(
  args: string[],
  open: (data: string, database: string | undefined) => Promise<CentralStore>,
): Promise<void> {
  const {
    action,
    data,
    database,
    key,
    option: by,
  } = parseAction(args, {
    actions: ['request', 'list'],
    keyed: 'request',
    option: 'by',
    optionRequired: true,
    usage:
      'uso: catd central original request CLAVE_ACTA --by OPERADOR --data DIR | original list --data DIR',
  });
  const store = await open(path.resolve(data), database);
  try {
    const originals = new OriginalRequests(store.db, store.now);
    if (action === 'request') {
      const out = await originals.request(key, by!);
      if (!out.ok) {
        console.log(
          out.error === 'not_found'
            ? `${key}: la central no tiene un registro reconocido de esa acta`
            : `${key}: se envió tal como se escaneó; la central ya tiene el original`,
        );
        process.exitCode = 1;
        return;
      }
      console.log(
        `${key}: ${out.value.length} original(es) pedido(s); la estación lo envía tras su próximo latido`,
      );
      return;
    }
    for (const o of await originals.list())
      console.log(
        `${o.actaKey}\tp${o.page}\t${o.stationId}\t${o.sha256}\t${o.receivedAt ? `recibido ${o.receivedAt}` : 'pedido'}`,
      );
  } finally {
    await store.close();
  }
}
