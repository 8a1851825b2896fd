// A training scenario (escenario de capacitación), as a trainer writes it in JSON: the CATD's
// catalogue, the actas that arrive and in what order, which sheets come out of the scanner bad
// and how, device and link events on a timeline, and a time limit. The scenario is also the truth
// a session is scored against: it knows which sheet should have been rejected. Every mistake in
// the file is reported with its line and field, in words a trainer can act on.
import { z } from 'zod';
import { formatActaKeyLabel, type ActaKey } from '../acta-key';
import { jsonSyntaxErrorLine, locateJsonPath } from './json-locate';

/** How a sheet comes out of the scanner (the simulator makes each from sim/acta/defects.ts). */
export const SHEET_DEFECTS = [
  'blur',
  'cutOff',
  'fold',
  'dark',
  'lowResolution',
  /** Fed crooked (about 7°). */
  'skew',
  'qrDamaged',
  /** The label carries another acta's QR (`qrOf` names which casilla). */
  'otherActaQr',
] as const;
export type SheetDefect = (typeof SHEET_DEFECTS)[number];

/**
 * Defects a printed pack cannot carry: the trainer makes them by hand on the paper (the pack's
 * cover sheet says which sheet and how); the rest are printed into the page.
 */
export const HAND_DEFECTS: ReadonlySet<SheetDefect> = new Set(['fold', 'skew']);

const CASILLA = /^(\d{1,4}) ([BCES])([1-9]\d{0,2})$/;
const CasillaSchema = z
  .string()
  .regex(CASILLA, 'una casilla se escribe «sección tipo número», p. ej. «1234 B1» o «87 C2»');

const SheetSchema = z.union([
  z.literal('good'),
  z
    .object({
      defect: z.enum(SHEET_DEFECTS, {
        error: `defecto desconocido; use uno de: ${SHEET_DEFECTS.join(', ')}`,
      }),
      /** For otherActaQr: the casilla whose QR the label carries. */
      qrOf: CasillaSchema.optional(),
    })
    .strict()
    .refine((s) => s.defect !== 'otherActaQr' || s.qrOf !== undefined, {
      message: 'otherActaQr necesita «qrOf»: la casilla cuyo QR lleva la etiqueta',
      path: ['qrOf'],
    }),
]);
export type ScenarioSheet = z.infer<typeof SheetSchema>;

const ActaSchema = z
  .object({
    casilla: CasillaSchema,
    /** Minutes from the start of the session when the acta reaches the acopio desk. */
    arrivesAtMinute: z
      .number()
      .min(0)
      .max(24 * 60),
    /**
     * The sheets the scanner gives for this acta, scan after scan: a defective one should be
     * rejected and rescanned; after the last, every rescan is good.
     */
    sheets: z.array(SheetSchema).min(1, 'cada acta necesita al menos una hoja').max(10).default(['good']),
  })
  .strict();
export type ScenarioActa = z.infer<typeof ActaSchema>;

export const SCENARIO_EVENTS = [
  'scannerJam',
  'upsOnBattery',
  'upsLow',
  'mainsBack',
  'plantStarts',
  'linkDown',
] as const;
export type ScenarioEventKind = (typeof SCENARIO_EVENTS)[number];

const EventSchema = z
  .object({
    event: z.enum(SCENARIO_EVENTS, {
      error: `evento desconocido; use uno de: ${SCENARIO_EVENTS.join(', ')}`,
    }),
    /** When: minutes from the start, or the n-th sheet scanned in the session (jams). */
    atMinute: z
      .number()
      .min(0)
      .max(24 * 60)
      .optional(),
    atSheet: z.number().int().min(1).optional(),
    /** linkDown: which link (its name in the configuration) and for how long. */
    link: z.string().min(1).optional(),
    forMinutes: z
      .number()
      .positive()
      .max(24 * 60)
      .optional(),
  })
  .strict()
  .refine((e) => (e.atMinute === undefined) !== (e.atSheet === undefined), {
    message: 'diga cuándo con «atMinute» o con «atSheet» (uno de los dos)',
  })
  .refine((e) => e.event !== 'linkDown' || (e.link !== undefined && e.forMinutes !== undefined), {
    message: 'linkDown necesita «link» (nombre del enlace) y «forMinutes»',
  });
export type ScenarioEvent = z.infer<typeof EventSchema>;

export const ScenarioSchema = z
  .object({
    format: z.literal('catd-escenario-v1', {
      error: 'el archivo debe empezar con "format": "catd-escenario-v1"',
    }),
    name: z.string().min(3).max(80),
    /** lesson: instant feedback after each mistake; rehearsal: none, as on the night. */
    kind: z.enum(['lesson', 'rehearsal'], { error: 'kind es «lesson» (lección) o «rehearsal» (simulacro)' }),
    description: z.string().max(2000).default(''),
    timeLimitMinutes: z
      .number()
      .positive()
      .max(24 * 60),
    /** The same seed gives the same pages (same handwriting, same noise). */
    seed: z.number().int().min(1).default(2024),
    catalogue: z
      .object({
        year: z.number().int().min(2000).max(2099).default(2024),
        election: z.string().regex(/^[A-Z]{2,6}$/),
        entidad: z.string().regex(/^\d\d$/, 'dos dígitos, p. ej. "09"'),
        distrito: z.string().regex(/^\d\d$/, 'dos dígitos, p. ej. "05"'),
        casillas: z.array(CasillaSchema).min(1),
      })
      .strict(),
    actas: z.array(ActaSchema).min(1),
    events: z.array(EventSchema).default([]),
  })
  .strict()
  .superRefine((s, ctx) => {
    s.actas.forEach((a, i) => {
      if (i > 0 && a.arrivesAtMinute < s.actas[i - 1]!.arrivesAtMinute)
        ctx.addIssue({
          code: 'custom',
          path: ['actas', i, 'arrivesAtMinute'],
          message: 'las actas van en orden de llegada: esta llega antes que la anterior',
        });
      a.sheets.forEach((sh, j) => {
        if (typeof sh === 'object' && sh.qrOf && sh.qrOf === a.casilla)
          ctx.addIssue({
            code: 'custom',
            path: ['actas', i, 'sheets', j, 'qrOf'],
            message: 'qrOf debe ser otra casilla, no la misma acta',
          });
      });
      if (a.arrivesAtMinute > s.timeLimitMinutes)
        ctx.addIssue({
          code: 'custom',
          path: ['actas', i, 'arrivesAtMinute'],
          message: `llega después del tiempo límite (${s.timeLimitMinutes} min)`,
        });
    });
  });
export type Scenario = z.infer<typeof ScenarioSchema>;

export interface ScenarioProblem {
  line: number;
  field: string;
  message: string;
}

export type ScenarioParse = { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] };

function fieldName(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}

type Issue = z.core.$ZodIssue;

/**
 * A sheet is "good" or an object: when it is neither, zod reports the union as a whole. The
 * branch whose type matched says what is actually wrong (the defect's name, a missing qrOf).
 */
function specificIssues(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((i) => {
    if (i.code !== 'invalid_union') return [i];
    const matched = i.errors.find(
      (branch) =>
        !branch.some((b) => b.path.length === 0 && (b.code === 'invalid_type' || b.code === 'invalid_value')),
    );
    if (!matched) return [i];
    return specificIssues(matched.map((b) => ({ ...b, path: [...i.path, ...b.path] })));
  });
}

/** Parses and checks a scenario file's text; every problem names its line and field. */
export function parseScenario(text: string): ScenarioParse {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const first = (e as Error).message.split('\n')[0];
    return {
      ok: false,
      problems: [
        { line: jsonSyntaxErrorLine(text), field: '(archivo)', message: `no es JSON válido: ${first}` },
      ],
    };
  }
  const parsed = ScenarioSchema.safeParse(raw);
  if (parsed.success) return { ok: true, scenario: parsed.data };
  return {
    ok: false,
    problems: specificIssues(parsed.error.issues).map((i) => ({
      line: locateJsonPath(text, i.path).line,
      field: fieldName(i.path) || '(raíz)',
      message: i.message,
    })),
  };
}

/** "línea 14 · actas[2].sheets[0].defect: defecto desconocido; …" — one line per problem. */
export function describeScenarioProblems(file: string, problems: ScenarioProblem[]): string {
  return problems.map((p) => `${file}:${p.line} · ${p.field}: ${p.message}`).join('\n');
}

/** The acta key of a casilla of the scenario's catalogue (election, entidad, distrito from it). */
export function scenarioKey(s: Scenario, casilla: string): ActaKey {
  const m = CASILLA.exec(casilla);
  if (!m) throw new Error(`casilla mal escrita: ${casilla}`);
  return {
    year: s.catalogue.year,
    election: s.catalogue.election,
    entidad: s.catalogue.entidad,
    distrito: s.catalogue.distrito,
    seccion: m[1]!.padStart(4, '0'),
    casillaType: m[2] as ActaKey['casillaType'],
    casillaNumber: Number(m[3]),
  };
}

export function scenarioKeyLabel(s: Scenario, casilla: string): string {
  return formatActaKeyLabel(scenarioKey(s, casilla));
}

/** What the scenario knows about an acta: duplicate (its key arrived before), out of catalogue. */
export function actaTruth(s: Scenario, index: number): { duplicate: boolean; outOfCatalogue: boolean } {
  const a = s.actas[index]!;
  return {
    duplicate: s.actas.slice(0, index).some((b) => b.casilla === a.casilla),
    outOfCatalogue: !s.catalogue.casillas.includes(a.casilla),
  };
}
