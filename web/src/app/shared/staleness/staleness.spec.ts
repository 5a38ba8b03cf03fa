import { Tracking } from '../../core/api/models';
import {
  Staleness,
  compareTracking,
  describeMissingEntry,
  describeStaleness,
  formatAge,
  needsRecheck,
  newerTracking,
} from './staleness';

const PEDIDO = { version: 4, actualizado_en: '2026-01-10T12:00:00Z' };
const NOW = Date.parse('2026-01-10T12:03:00Z');

function tracking(version: number): Tracking {
  return {
    numero: 'PED-ABCDEFGHJK',
    cliente_id: 'c-1',
    estado: 'CONFIRMADO',
    version,
    actualizado_en: '2026-01-10T12:00:00Z',
    sincronizado_en: '2026-01-10T12:00:01Z',
  };
}

describe('compareTracking', () => {
  it('reports equal versions as synchronised', () => {
    expect(compareTracking(PEDIDO, tracking(4), 'disponible')).toEqual({ kind: 'sincronizado' });
  });

  it('reports a lower tracking version with the gap', () => {
    expect(compareTracking(PEDIDO, tracking(1), 'disponible')).toEqual({
      kind: 'desactualizado',
      versionesAtras: 3,
      faltante: false,
      desde: PEDIDO.actualizado_en,
    });
  });

  it('reports a missing entry as every version behind', () => {
    expect(compareTracking(PEDIDO, undefined, 'disponible')).toEqual({
      kind: 'desactualizado',
      versionesAtras: 4,
      faltante: true,
      desde: PEDIDO.actualizado_en,
    });
  });

  it('reports no data when tracking is unavailable', () => {
    expect(compareTracking(PEDIDO, undefined, 'no-disponible')).toEqual({ kind: 'sin-datos' });
  });

  it('still compares a live entry while tracking is unavailable', () => {
    expect(compareTracking(PEDIDO, tracking(4), 'no-disponible')).toEqual({ kind: 'sincronizado' });
  });

  it('reports checking while the lookup runs', () => {
    expect(compareTracking(PEDIDO, undefined, 'cargando')).toEqual({ kind: 'comprobando' });
  });

  it('reports a newer tracking version as updating', () => {
    expect(compareTracking(PEDIDO, tracking(5), 'disponible')).toEqual({ kind: 'actualizando' });
  });
});

describe('newerTracking', () => {
  it('keeps the higher version', () => {
    expect(newerTracking(tracking(2), tracking(3))?.version).toBe(3);
    expect(newerTracking(tracking(3), tracking(2))?.version).toBe(3);
  });

  it('returns whichever entry exists', () => {
    expect(newerTracking(undefined, tracking(2))?.version).toBe(2);
    expect(newerTracking(tracking(2), undefined)?.version).toBe(2);
    expect(newerTracking(undefined, undefined)).toBeUndefined();
  });

  it('prefers the first entry on a tie', () => {
    const first = tracking(2);

    expect(newerTracking(first, tracking(2))).toBe(first);
  });
});

describe('formatAge', () => {
  it.each([
    ['2026-01-10T12:03:00Z', 'ahora'],
    ['2026-01-10T12:02:30Z', 'hace 30 s'],
    ['2026-01-10T12:00:00Z', 'hace 3 min'],
    ['2026-01-10T09:03:00Z', 'hace 3 h'],
    ['2026-01-09T12:03:00Z', 'hace 1 día'],
    ['2026-01-07T12:03:00Z', 'hace 3 días'],
    ['2026-01-10T12:05:00Z', 'ahora'],
    ['not a date', ''],
  ])('formats %s as "%s"', (from, expected) => {
    expect(formatAge(from, NOW)).toBe(expected);
  });
});

describe('describeStaleness', () => {
  it('names the versions behind and the age', () => {
    const staleness = compareTracking(PEDIDO, tracking(2), 'disponible');

    expect(describeStaleness(staleness, NOW)).toBe('Desactualizado: 2 versiones atrás, hace 3 min');
  });

  it('uses the singular for one version', () => {
    const staleness = compareTracking(PEDIDO, tracking(3), 'disponible');

    expect(describeStaleness(staleness, NOW)).toBe('Desactualizado: 1 versión atrás, hace 3 min');
  });

  it('says when the entry is missing', () => {
    const staleness = compareTracking(PEDIDO, undefined, 'disponible');

    expect(describeStaleness(staleness, NOW)).toBe('Desactualizado: sin entrada de seguimiento, hace 3 min');
  });

  it('labels the other states', () => {
    expect(describeStaleness({ kind: 'sincronizado' }, NOW)).toBe('Sincronizado');
    expect(describeStaleness({ kind: 'sin-datos' }, NOW)).toBe('Sin datos de seguimiento');
  });
});

describe('needsRecheck', () => {
  const desactualizado: Staleness = { kind: 'desactualizado', versionesAtras: 1, faltante: false, desde: '' };

  it.each<[Staleness, boolean]>([
    [desactualizado, true],
    [{ ...desactualizado, faltante: true }, true],
    [{ kind: 'sin-datos' }, true],
    [{ kind: 'sincronizado' }, false],
    [{ kind: 'comprobando' }, false],
    [{ kind: 'actualizando' }, false],
  ])('for %o returns %s', (staleness, expected) => {
    expect(needsRecheck(staleness)).toBe(expected);
  });
});

describe('describeMissingEntry', () => {
  it('matches the badge while checking', () => {
    const staleness = compareTracking(PEDIDO, undefined, 'cargando');

    expect(describeMissingEntry(staleness)).toBe(describeStaleness(staleness, NOW));
  });

  it('blames the service when it did not respond', () => {
    expect(describeMissingEntry({ kind: 'sin-datos' })).toContain('no ha respondido');
  });

  it('reports a missing entry', () => {
    expect(describeMissingEntry(compareTracking(PEDIDO, undefined, 'disponible'))).toBe('Sin entrada de seguimiento');
  });
});
