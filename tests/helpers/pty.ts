// The pty pairs of tests/helpers/pty-pair.ts, with the pairs a test forgot (or could not reach,
// after a failure) ended with the test file.
import { afterAll } from 'vitest';
import { live } from './pty-pair';

export { SOCAT, startPtyPair, type PtyPair } from './pty-pair';

afterAll(async () => {
  await Promise.all([...live].map((p) => p.dispose()));
});
