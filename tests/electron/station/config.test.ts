import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultDataDir, loadConfig } from '../../../electron/station/config';
import { tempDir } from '../../helpers/temp';

describe('station configuration', () => {
  it('creates the file with simulated defaults on first start', () => {
    const dir = tempDir();
    const { config, file } = loadConfig(dir);
    expect(file).toBe(path.join(dir, 'config.json'));
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(config);
    expect(config.mode).toBe('simulated');
    expect(config.ui.language).toBe('es-MX');
    expect(config.links.map((l) => l.role)).toEqual(['primary', 'backup']);
  });

  it('names the field that is wrong', () => {
    const dir = tempDir();
    const file = path.join(dir, 'c.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ links: [{ name: 'p', role: 'primary', priority: 1, url: 'ftp://x' }] }),
    );
    expect(() => loadConfig(dir, file)).toThrow(ConfigError);
    try {
      loadConfig(dir, file);
    } catch (err) {
      expect((err as ConfigError).problems.join()).toMatch(/links\.0\.url/);
    }
  });

  it('says what a link or update feed URL must be', () => {
    const dir = tempDir();
    const file = path.join(dir, 'c.json');
    const problems = (cfg: unknown) => {
      fs.writeFileSync(file, JSON.stringify(cfg));
      try {
        loadConfig(dir, file);
        return '';
      } catch (err) {
        return (err as ConfigError).problems.join(' | ');
      }
    };
    expect(problems({ links: [{ name: 'p', role: 'primary', priority: 1, url: 'intake.local' }] })).toMatch(
      /links\.0\.url.*http:\/\/ o https:\/\//,
    );
    expect(problems({ updates: { feedUrl: 'http://catd.ine.mx/feed' } })).toMatch(/feedUrl.*https:\/\//);
  });

  it('asks supervisors for 6-digit PINs by default, and never lets the config ask fewer', () => {
    const dir = tempDir();
    expect(loadConfig(dir).config.security.pinMinDigits).toEqual({ operador: 4, supervisor: 6 });
    const file = path.join(dir, 'c.json');
    fs.writeFileSync(file, JSON.stringify({ security: { pinMinDigits: { supervisor: 4 } } }));
    expect(() => loadConfig(dir, file)).toThrow(/security\.pinMinDigits\.supervisor/);
  });

  it('refuses unknown keys (a typo must not be silently ignored)', () => {
    const dir = tempDir();
    const file = path.join(dir, 'c.json');
    fs.writeFileSync(file, JSON.stringify({ lnks: [] }));
    expect(() => loadConfig(dir, file)).toThrow(/lnks|Unrecognized/);
  });

  it('says when the file is not JSON or does not exist', () => {
    const dir = tempDir();
    const file = path.join(dir, 'c.json');
    fs.writeFileSync(file, '{ no');
    expect(() => loadConfig(dir, file)).toThrow(/JSON/);
    expect(() => loadConfig(dir, path.join(dir, 'missing.json'))).toThrow(/no existe/);
  });

  it('uses the platform per-user data folder', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'linux')).toBe('/x/catd-workstation');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain(
      'catd-workstation',
    );
  });
});

describe('device drivers in the configuration', () => {
  it('takes a Modbus plant, a SANE scanner and a serial code reader, and names a missing field', () => {
    const dir = tempDir();
    const file = path.join(dir, 'c.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        devices: {
          scanner: { driver: 'sane', device: 'fujitsu:fi-7160:1234' },
          plant: { driver: 'modbus', path: '/dev/ttyUSB1' },
          codeReader: { driver: 'serial', name: 'Lector QR', path: '/dev/ttyACM0' },
        },
      }),
    );
    const { config } = loadConfig(dir, file);
    expect(config.devices.scanner.driver).toBe('sane');
    expect(config.devices.plant).toMatchObject({ driver: 'modbus', unitId: 10, baudRate: 9600 });
    expect(config.devices.codeReader).toMatchObject({ driver: 'serial', baudRate: 9600 });

    fs.writeFileSync(file, JSON.stringify({ devices: { plant: { driver: 'modbus' } } }));
    expect(() => loadConfig(dir, file)).toThrow(/devices\.plant\.path/);
  });

  it('lets a CATD without a plant say so', () => {
    const dir = tempDir();
    const file = path.join(dir, 'c.json');
    fs.writeFileSync(file, JSON.stringify({ devices: { plant: { driver: 'none' } } }));
    expect(loadConfig(dir, file).config.devices.plant).toEqual({ driver: 'none' });
  });
});
