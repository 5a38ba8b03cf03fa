import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { Pedido } from '../../../core/api/models';
import { LiveStatusService } from '../../../core/live/live-status.service';
import { MisPedidosPage } from './mis-pedidos.page';

const PEDIDO: Pedido = {
  numero: 'PED-7K2M9Q4XZT',
  cliente_id: 'c-1',
  producto: 'Libro',
  cantidad: 2,
  direccion_entrega: 'Calle Mayor 1',
  estado: 'CONFIRMADO',
  version: 2,
  creado_en: '2026-01-10T12:00:00Z',
  actualizado_en: '2026-01-10T12:00:00Z',
};

describe('MisPedidosPage', () => {
  let httpMock: HttpTestingController;
  let fixture: ComponentFixture<MisPedidosPage>;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [MisPedidosPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: LiveStatusService, useValue: { latest: signal(new Map()), status: signal('inactivo') } },
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MisPedidosPage);
    await fixture.whenStable();
  });

  afterEach(() => httpMock.verify());

  function element(): HTMLElement {
    return fixture.nativeElement as HTMLElement;
  }

  async function loadOrders(): Promise<void> {
    const list = httpMock.expectOne((r) => r.url === '/api/pedidos');
    expect(list.request.params.get('activos')).toBe('true');
    list.flush({ items: [PEDIDO], page: 1, size: 20, total: 1 });
    await fixture.whenStable();
  }

  it('shows each active order with its state and staleness', async () => {
    await loadOrders();
    httpMock
      .expectOne((r) => r.url === '/api/tracking')
      .flush({ items: [{ ...PEDIDO, sincronizado_en: PEDIDO.actualizado_en }], faltantes: [] });
    await fixture.whenStable();

    const row = element().querySelector('[data-testid="pedido-row"]');
    expect(row?.getAttribute('data-numero')).toBe('PED-7K2M9Q4XZT');
    expect(row?.querySelector('[data-testid="status-chip"]')?.textContent?.trim()).toBe('Confirmado');
    expect(row?.querySelector('[data-testid="staleness-badge"]')?.getAttribute('data-staleness')).toBe('sincronizado');
    expect(element().querySelector('[data-testid="tracking-unavailable"]')).toBeNull();
  });

  it('warns when the tracking service is down', async () => {
    await loadOrders();
    httpMock.expectOne((r) => r.url === '/api/tracking').flush(null, { status: 502, statusText: 'Bad Gateway' });
    await fixture.whenStable();

    expect(element().querySelector('[data-testid="tracking-unavailable"]')?.textContent).toContain(
      'El servicio de seguimiento no está disponible',
    );
    const badge = element().querySelector('[data-testid="staleness-badge"]');
    expect(badge?.textContent).toContain('Sin datos de seguimiento');
  });

  it('explains a failed order list', async () => {
    httpMock.expectOne((r) => r.url === '/api/pedidos').flush(null, { status: 503, statusText: 'Unavailable' });
    await fixture.whenStable();

    expect(element().querySelector('[data-testid="problem-message"]')?.textContent).toContain('no está disponible');
  });
});
