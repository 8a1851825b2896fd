export const AFTER_INSTALL_OUT: string;
export const KIOSK_AFTER_INSTALL: string;
/** electron-builder's default after-install template, as the installed version ships it. */
export function builderAfterInstallTemplate(): string;
/** electron-builder's steps, then the kiosk's (macros not yet expanded). */
export function afterInstallTemplate(): string;
/** Writes dist/deb/after-install.sh; returns its path. */
export function writeDebScripts(): string;
export const UPDATE_INSTALLER: {
  entry: string;
  outDir: string;
  resources: string;
  file: string;
  target: string;
};
/** Bundles the root-side update installer; returns the bundle's path. */
export function buildUpdateInstaller(outfile?: string): Promise<string>;
