import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { Pedido, Tracking } from '../../core/api/models';
import { LiveStatus, LiveStatusService } from '../../core/live/live-status.service';
import { SeguimientoService } from './seguimiento.service';

const NUMERO = 'PED-7K2M9Q4XZT';

function pedido(version: number): Pedido {
  return {
    numero: NUMERO,
    cliente_id: 'c-1',
    producto: 'Libro',
    cantidad: 1,
    direccion_entrega: 'Calle Mayor 1',
    estado: 'CONFIRMADO',
    version,
    creado_en: '2026-01-10T12:00:00Z',
    actualizado_en: '2026-01-10T12:00:00Z',
  };
}

function tracking(version: number): Tracking {
  return { ...pedido(version), sincronizado_en: '2026-01-10T12:00:01Z' };
}

describe('SeguimientoService', () => {
  let httpMock: HttpTestingController;
  let service: SeguimientoService;

  beforeEach(() => {
    vi.useFakeTimers();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        SeguimientoService,
        { provide: LiveStatusService, useValue: { latest: signal(new Map()), status: signal<LiveStatus>('en-vivo') } },
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    service = TestBed.inject(SeguimientoService);
  });

  afterEach(() => {
    httpMock.verify();
    vi.useRealTimers();
  });

  function advance(ms: number): void {
    vi.advanceTimersByTime(ms);
    TestBed.tick();
  }

  it('reads an outdated entry again until it catches up', () => {
    service.lookup(NUMERO);
    httpMock.expectOne(`/api/tracking/${NUMERO}`).flush(tracking(1));
    httpMock.expectOne(`/api/pedidos/${NUMERO}`).flush(pedido(2));
    TestBed.tick();
    expect(service.staleness()?.kind).toBe('desactualizado');

    advance(1_999);
    httpMock.expectNone(`/api/tracking/${NUMERO}`);
    advance(1);
    httpMock.expectOne(`/api/tracking/${NUMERO}`).flush(tracking(1));
    TestBed.tick();
    advance(4_000);
    httpMock.expectOne(`/api/tracking/${NUMERO}`).flush(tracking(2));
    TestBed.tick();

    expect(service.staleness()?.kind).toBe('sincronizado');
    advance(60_000);
    httpMock.expectNone(`/api/tracking/${NUMERO}`);
  });

  it('treats a stalled tracking read as unavailable', () => {
    service.lookup(NUMERO);
    const stalled = httpMock.expectOne(`/api/tracking/${NUMERO}`);
    httpMock.expectOne(`/api/pedidos/${NUMERO}`).flush(pedido(2));
    TestBed.tick();
    expect(service.staleness()?.kind).toBe('comprobando');

    advance(10_000);

    expect(stalled.cancelled).toBe(true);
    expect(service.trackingNoDisponible()).toBe(true);
    expect(service.staleness()?.kind).toBe('sin-datos');
    advance(2_000);
    httpMock.expectOne(`/api/tracking/${NUMERO}`).flush(tracking(2));
    TestBed.tick();
    expect(service.staleness()?.kind).toBe('sincronizado');
  });
});
