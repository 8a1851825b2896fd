// What the central intake answers on its health endpoint. The station checks the body, not just
// the status code: a captive portal or a proxy answering 200 is not the intake.
import { z } from 'zod';

export const INTAKE_PROTOCOL_VERSION = 1;
export const INTAKE_HEALTH_PATH = '/v1/health';

export const IntakeHealthSchema = z.object({
  service: z.literal('catd-intake'),
  protocol: z.literal(INTAKE_PROTOCOL_VERSION),
  status: z.enum(['ok', 'degraded']),
  time: z.string(),
});
export type IntakeHealth = z.infer<typeof IntakeHealthSchema>;
