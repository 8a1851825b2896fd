// The central's process entry: `catd central ...` (bin/catd.mjs hands it the arguments after
// `central`), the built dist/central/central.mjs, or this file run with tsx (tests and benches
// start it as a real process they can kill like a link going down). Mistakes in the command line
// and a database from a newer build are one clear line and exit code 2.
import { MigrationError } from '../electron/platform/sqlite';
import { CentralUsageError, runCentralCommand } from './cli';
import { CentralPurposeError } from './purpose';

const HELP = `catd central — acopio central de referencia (PREP)

Uso:
  catd central [--port N]... [--data DIR] [--tls] [--fault MODO]   sirve el protocolo de acopio (un URL por puerto)
      --database postgres://…[,postgres://…]                    registros en PostgreSQL (primario y réplicas), no en DIR
               [--purpose training]                                acopio de capacitación: solo actas de capacitación
  catd central import CARPETA --data DIR                           importa actas traídas en medio removible
  catd central enrol --station ID --key ARCHIVO.pub --data DIR     inscribe la llave pública de una estación
  catd central actas --data DIR [--key CLAVE]                      registros de cada casilla y cuál está vigente
  catd central operator add CLAVE --name "NOMBRE" --data DIR       operador de las pantallas del acopio (/panel/);
                                                                   la contraseña se lee de la entrada estándar
  catd central catalogue ARCHIVO.csv... --data DIR                 casillas esperadas de cada distrito (CATD)
  catd central original request CLAVE_ACTA --by OPERADOR --data DIR pide a su estación el original escaneado
                                                                   de un acta que viajó como copia ligera
  catd central original list --data DIR                            originales pedidos y cuáles ya llegaron

«catd intake» es la misma orden.
`;

async function main(argv: string[]): Promise<void> {
  if (['help', '--help', '-h'].includes(argv[0] ?? '')) {
    console.log(HELP);
    return;
  }
  try {
    await runCentralCommand(argv);
  } catch (err) {
    if (
      err instanceof CentralUsageError ||
      err instanceof MigrationError ||
      err instanceof CentralPurposeError
    ) {
      console.error(`catd: ${err.message}`);
      process.exit(2);
    }
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`catd: ${(err as Error).message}\nUse «catd central --help» para ver las opciones.`);
      process.exit(2);
    }
    throw err;
  }
}

await main(process.argv.slice(2));
