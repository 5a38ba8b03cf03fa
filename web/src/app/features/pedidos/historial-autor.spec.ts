import { HistorialEntrada } from '../../core/api/models';
import { buildTimeline, describeAutor } from './historial-autor';

describe('describeAutor', () => {
  it.each([
    ['admin:1ad47585-9e7d-430c-b729-52d2056da5a2', 'c-1', 'por la administración'],
    ['cliente:c-1', 'c-1', 'por ti'],
    ['cliente:c-2', 'c-1', 'por el cliente'],
    ['cliente:c-2', null, 'por el cliente'],
    ['sistema', 'c-1', 'por el sistema'],
    ['otro', null, 'por otro'],
  ])('describes %s as seen by %s', (por, clienteId, expected) => {
    expect(describeAutor(por, clienteId)).toBe(expected);
  });

  it('returns null without an author', () => {
    expect(describeAutor(null, 'c-1')).toBeNull();
    expect(describeAutor('', 'c-1')).toBeNull();
  });
});

describe('buildTimeline', () => {
  const entrada = (estado: HistorialEntrada['estado'], por: string | null): HistorialEntrada => ({
    estado,
    en: '2026-01-10T12:00:00Z',
    por,
  });

  it('marks entries that keep the previous state as data changes', () => {
    const timeline = buildTimeline(
      [entrada('CREADO', 'cliente:c-1'), entrada('CREADO', 'cliente:c-1'), entrada('CONFIRMADO', 'admin:a-1')],
      'c-1',
    );

    expect(timeline.map((vista) => vista.soloDatos)).toEqual([false, true, false]);
    expect(timeline.map((vista) => vista.autor)).toEqual(['por ti', 'por ti', 'por la administración']);
  });
});
