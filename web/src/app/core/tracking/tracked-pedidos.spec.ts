import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { Pedido, Tracking } from '../api/models';
import { LiveStatus, LiveStatusService } from '../live/live-status.service';
import { TrackedPedidos } from './tracked-pedidos';

function pedido(numero: string, version: number): Pedido {
  return {
    numero,
    cliente_id: 'c-1',
    producto: 'Libro',
    cantidad: 1,
    direccion_entrega: 'Calle Mayor 1',
    estado: 'CREADO',
    version,
    creado_en: '2026-01-10T12:00:00Z',
    actualizado_en: '2026-01-10T12:00:00Z',
  };
}

function tracking(numero: string, version: number): Tracking {
  return {
    numero,
    cliente_id: 'c-1',
    estado: 'CREADO',
    version,
    actualizado_en: '2026-01-10T12:00:00Z',
    sincronizado_en: '2026-01-10T12:00:01Z',
  };
}

describe('TrackedPedidos', () => {
  let httpMock: HttpTestingController;
  let live: ReturnType<typeof signal<ReadonlyMap<string, Tracking>>>;
  let status: ReturnType<typeof signal<LiveStatus>>;
  let tracked: TrackedPedidos;

  beforeEach(() => {
    live = signal<ReadonlyMap<string, Tracking>>(new Map());
    status = signal<LiveStatus>('en-vivo');
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LiveStatusService, useValue: { latest: live, status } },
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    tracked = TestBed.runInInjectionContext(() => new TrackedPedidos());
  });

  afterEach(() => {
    httpMock.verify();
    vi.useRealTimers();
  });

  function kinds(): string[] {
    return tracked.filas().map((fila) => fila.staleness.kind);
  }

  it('fetches tracking for all orders in one call', () => {
    tracked.set([pedido('PED-A', 2), pedido('PED-B', 3)]);
    expect(kinds()).toEqual(['comprobando', 'comprobando']);

    const request = httpMock.expectOne((r) => r.url === '/api/tracking');
    expect(request.request.params.get('numeros')).toBe('PED-A,PED-B');
    request.flush({ items: [tracking('PED-A', 2), tracking('PED-B', 1)], faltantes: [] });

    expect(kinds()).toEqual(['sincronizado', 'desactualizado']);
  });

  it('marks missing entries as outdated', () => {
    tracked.set([pedido('PED-A', 2)]);

    httpMock.expectOne((r) => r.url === '/api/tracking').flush({ items: [], faltantes: ['PED-A'] });

    expect(tracked.filas()[0].staleness).toMatchObject({ kind: 'desactualizado', faltante: true });
  });

  it('reports no data when tracking fails', () => {
    tracked.set([pedido('PED-A', 2)]);

    httpMock.expectOne((r) => r.url === '/api/tracking').flush(null, { status: 503, statusText: 'Unavailable' });

    expect(tracked.trackingNoDisponible()).toBe(true);
    expect(kinds()).toEqual(['sin-datos']);
  });

  it('merges a live entry that catches up', () => {
    tracked.set([pedido('PED-A', 2)]);
    httpMock.expectOne((r) => r.url === '/api/tracking').flush({ items: [tracking('PED-A', 1)], faltantes: [] });
    expect(kinds()).toEqual(['desactualizado']);

    live.set(new Map([['PED-A', tracking('PED-A', 2)]]));
    TestBed.tick();

    expect(kinds()).toEqual(['sincronizado']);
  });

  it('fetches an order again once when a live event is newer', () => {
    tracked.set([pedido('PED-A', 2)]);
    httpMock.expectOne((r) => r.url === '/api/tracking').flush({ items: [tracking('PED-A', 2)], faltantes: [] });
    const refetched: Pedido[] = [];
    tracked.onRefetched = (fresh) => refetched.push(fresh);

    live.set(new Map([['PED-A', tracking('PED-A', 3)]]));
    TestBed.tick();
    expect(kinds()).toEqual(['actualizando']);
    live.set(new Map([['PED-A', tracking('PED-A', 3)]]));
    TestBed.tick();

    httpMock.expectOne('/api/pedidos/PED-A').flush({ ...pedido('PED-A', 3), estado: 'CONFIRMADO' });
    expect(tracked.pedidos()[0].estado).toBe('CONFIRMADO');
    expect(kinds()).toEqual(['sincronizado']);
    expect(refetched).toHaveLength(1);
  });

  it('compares with known entries when a refresh fails', () => {
    tracked.set([pedido('PED-A', 1), pedido('PED-B', 1)]);
    httpMock.expectOne((r) => r.url === '/api/tracking').flush({ items: [tracking('PED-A', 1)], faltantes: ['PED-B'] });

    tracked.set([pedido('PED-A', 2), pedido('PED-B', 2)]);
    httpMock.expectOne((r) => r.url === '/api/tracking').flush(null, { status: 502, statusText: 'Bad Gateway' });

    expect(tracked.trackingNoDisponible()).toBe(true);
    expect(tracked.filas()[0].staleness).toMatchObject({ kind: 'desactualizado', versionesAtras: 1 });
    expect(tracked.filas()[1].staleness.kind).toBe('sin-datos');
  });

  it('reads tracking again after the live stream reconnects', () => {
    tracked.set([pedido('PED-A', 2)]);
    httpMock.expectOne((r) => r.url === '/api/tracking').flush(null, { status: 502, statusText: 'Bad Gateway' });
    status.set('reconectando');
    TestBed.tick();
    httpMock.expectNone((r) => r.url === '/api/tracking');

    status.set('en-vivo');
    TestBed.tick();
    httpMock.expectOne((r) => r.url === '/api/tracking').flush({ items: [tracking('PED-A', 3)], faltantes: [] });
    expect(tracked.trackingNoDisponible()).toBe(false);
    expect(kinds()).toEqual(['actualizando']);

    httpMock.expectOne('/api/pedidos/PED-A').flush(pedido('PED-A', 3));
    expect(kinds()).toEqual(['sincronizado']);
  });

  describe('re-reading entries that lag behind', () => {
    beforeEach(() => vi.useFakeTimers());

    function trackingRequest(numeros: string) {
      const request = httpMock.expectOne((r) => r.url === '/api/tracking');
      expect(request.request.params.get('numeros')).toBe(numeros);
      return request;
    }

    /** Advances the clock to just before `ms`, checks that nothing was sent, then to `ms`. */
    function waitExactly(ms: number): void {
      vi.advanceTimersByTime(ms - 1);
      TestBed.tick();
      httpMock.expectNone((r) => r.url === '/api/tracking');
      vi.advanceTimersByTime(1);
      TestBed.tick();
    }

    it('backs off until the entry catches up', () => {
      tracked.set([pedido('PED-A', 2), pedido('PED-B', 1)]);
      trackingRequest('PED-A,PED-B').flush({ items: [tracking('PED-A', 1), tracking('PED-B', 1)], faltantes: [] });
      TestBed.tick();
      expect(kinds()).toEqual(['desactualizado', 'sincronizado']);

      waitExactly(2_000);
      trackingRequest('PED-A').flush({ items: [tracking('PED-A', 1)], faltantes: [] });
      waitExactly(4_000);
      trackingRequest('PED-A').flush({ items: [tracking('PED-A', 2)], faltantes: [] });
      TestBed.tick();

      expect(kinds()).toEqual(['sincronizado', 'sincronizado']);
      vi.advanceTimersByTime(60_000);
      httpMock.expectNone((r) => r.url === '/api/tracking');
    });

    it('caps the delay at 15 seconds', () => {
      tracked.set([pedido('PED-A', 2)]);
      trackingRequest('PED-A').flush(null, { status: 503, statusText: 'Unavailable' });
      TestBed.tick();

      for (const delay of [2_000, 4_000, 8_000, 15_000, 15_000]) {
        waitExactly(delay);
        trackingRequest('PED-A').flush(null, { status: 503, statusText: 'Unavailable' });
      }
      expect(kinds()).toEqual(['sin-datos']);
    });

    it('re-reads an order with no entry', () => {
      tracked.set([pedido('PED-A', 1)]);
      trackingRequest('PED-A').flush({ items: [], faltantes: ['PED-A'] });
      TestBed.tick();
      expect(tracked.filas()[0].staleness).toMatchObject({ kind: 'desactualizado', faltante: true });

      waitExactly(2_000);
      trackingRequest('PED-A').flush({ items: [tracking('PED-A', 1)], faltantes: [] });

      expect(kinds()).toEqual(['sincronizado']);
    });

    it('stops when a live event catches up', () => {
      tracked.set([pedido('PED-A', 2)]);
      trackingRequest('PED-A').flush({ items: [tracking('PED-A', 1)], faltantes: [] });
      TestBed.tick();

      live.set(new Map([['PED-A', tracking('PED-A', 2)]]));
      TestBed.tick();

      vi.advanceTimersByTime(60_000);
      httpMock.expectNone((r) => r.url === '/api/tracking');
      expect(kinds()).toEqual(['sincronizado']);
    });

    it('fetches the order when the re-read is newer', () => {
      tracked.set([pedido('PED-A', 2)]);
      trackingRequest('PED-A').flush({ items: [tracking('PED-A', 1)], faltantes: [] });
      TestBed.tick();

      waitExactly(2_000);
      trackingRequest('PED-A').flush({ items: [tracking('PED-A', 3)], faltantes: [] });
      expect(kinds()).toEqual(['actualizando']);

      httpMock.expectOne('/api/pedidos/PED-A').flush(pedido('PED-A', 3));
      expect(kinds()).toEqual(['sincronizado']);
    });

    it('gives up on a stalled read after 10 seconds', () => {
      tracked.set([pedido('PED-A', 1)]);
      const stalled = trackingRequest('PED-A');
      expect(kinds()).toEqual(['comprobando']);

      vi.advanceTimersByTime(10_000);
      TestBed.tick();

      expect(stalled.cancelled).toBe(true);
      expect(tracked.trackingNoDisponible()).toBe(true);
      expect(kinds()).toEqual(['sin-datos']);
      waitExactly(2_000);
      trackingRequest('PED-A').flush({ items: [tracking('PED-A', 1)], faltantes: [] });
      expect(kinds()).toEqual(['sincronizado']);
      expect(tracked.trackingNoDisponible()).toBe(false);
    });

    it('re-reads soon after a local change', () => {
      tracked.set([pedido('PED-A', 1)]);
      trackingRequest('PED-A').flush({ items: [tracking('PED-A', 1)], faltantes: [] });
      TestBed.tick();

      tracked.replace(pedido('PED-A', 2));
      TestBed.tick();

      waitExactly(2_000);
      trackingRequest('PED-A').flush({ items: [tracking('PED-A', 2)], faltantes: [] });
      expect(kinds()).toEqual(['sincronizado']);
    });

    it('stops when the view is destroyed', () => {
      tracked.set([pedido('PED-A', 2)]);
      trackingRequest('PED-A').flush({ items: [tracking('PED-A', 1)], faltantes: [] });
      TestBed.tick();

      TestBed.resetTestingModule();

      vi.advanceTimersByTime(60_000);
      httpMock.expectNone((r) => r.url === '/api/tracking');
    });
  });
});
