// Headers the core sends with every answer. The CSP is served by the core (not a <meta> tag) so
// the Electron window and any Chromium get the same policy: no inline scripts, no remote origins.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "worker-src 'self'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // Hardware reaches the renderer only through the core: no WebUSB/WebHID/WebSerial, no camera.
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), hid=(), serial=(), bluetooth=()',
};

/**
 * DNS-rebinding guard: the core answers only to its own loopback names. A page on another site
 * that rebinds its name to 127.0.0.1 still sends its own Host and Origin, and is refused.
 */
export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

export function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export function originAllowed(origin: string | undefined, port: number): boolean {
  return origin === undefined || allowedOrigins(port).has(origin);
}
