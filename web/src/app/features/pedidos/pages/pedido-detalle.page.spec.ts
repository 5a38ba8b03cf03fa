import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { Pedido, Tracking } from '../../../core/api/models';
import { NotificationService } from '../../../core/errors/notification.service';
import { LiveStatus, LiveStatusService } from '../../../core/live/live-status.service';
import { PedidoDetallePage } from './pedido-detalle.page';

const NUMERO = 'PED-7K2M9Q4XZT';

function pedido(version: number, cambios: Partial<Pedido> = {}): Pedido {
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
    ...cambios,
  };
}

function tracking(version: number): Tracking {
  return { ...pedido(version), sincronizado_en: '2026-01-10T12:00:01Z' };
}

describe('PedidoDetallePage', () => {
  let httpMock: HttpTestingController;
  let fixture: ComponentFixture<PedidoDetallePage>;
  let live: ReturnType<typeof signal<ReadonlyMap<string, Tracking>>>;
  let info: ReturnType<typeof vi.fn>;

  beforeEach(async () => {
    live = signal<ReadonlyMap<string, Tracking>>(new Map());
    info = vi.fn();
    TestBed.configureTestingModule({
      imports: [PedidoDetallePage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: LiveStatusService, useValue: { latest: live, status: signal<LiveStatus>('en-vivo') } },
        { provide: NotificationService, useValue: { info, error: vi.fn() } },
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PedidoDetallePage);
    fixture.componentRef.setInput('numero', NUMERO);
    await fixture.whenStable();
  });

  afterEach(() => httpMock.verify());

  function element(): HTMLElement {
    return fixture.nativeElement as HTMLElement;
  }

  function byTestId(testId: string): HTMLElement | null {
    return element().querySelector(`[data-testid="${testId}"]`);
  }

  function flushHistorial(): void {
    for (const request of httpMock.match(`/api/pedidos/${NUMERO}/historial`)) {
      request.flush([]);
    }
  }

  async function flushPedido(value: Pedido): Promise<void> {
    httpMock.expectOne(`/api/pedidos/${NUMERO}`).flush(value);
    flushHistorial();
    await fixture.whenStable();
  }

  async function flushTracking(value: Tracking): Promise<void> {
    httpMock.expectOne((r) => r.url === '/api/tracking').flush({ items: [value], faltantes: [] });
    await fixture.whenStable();
  }

  async function typeDireccion(direccion: string): Promise<void> {
    byTestId('editar-direccion')?.click();
    await fixture.whenStable();
    const input = byTestId('direccion-input') as HTMLTextAreaElement;
    input.value = direccion;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function submitDireccion(): Promise<void> {
    byTestId('guardar-direccion')?.click();
    await fixture.whenStable();
  }

  it('shows one tracking message while checking', async () => {
    await flushPedido(pedido(2));

    expect(byTestId('staleness-badge')?.getAttribute('data-staleness')).toBe('comprobando');
    expect(byTestId('pedido-detalle')?.textContent).toContain('Comprobando…');
    expect(byTestId('pedido-detalle')?.textContent).not.toContain('Sin entrada de seguimiento');

    httpMock.expectOne((r) => r.url === '/api/tracking').flush(null, { status: 504, statusText: 'Gateway Timeout' });
    await fixture.whenStable();

    expect(byTestId('staleness-badge')?.getAttribute('data-staleness')).toBe('sin-datos');
    expect(byTestId('pedido-detalle')?.textContent).toContain('el servicio de seguimiento no ha respondido');
    expect(byTestId('pedido-detalle')?.textContent).not.toContain('Comprobando');
  });

  it('sends the version the address edit started from', async () => {
    await flushPedido(pedido(2));
    await flushTracking(tracking(2));
    await typeDireccion('Plaza Mayor 3');

    // An administrator changes the address while the form is open, and the live update shows it.
    live.set(new Map([[NUMERO, tracking(3)]]));
    await fixture.whenStable();
    await flushPedido(pedido(3, { direccion_entrega: 'Calle del Admin 9' }));
    expect(byTestId('pedido-detalle')?.getAttribute('data-version')).toBe('3');

    await submitDireccion();
    const stale = httpMock.expectOne((r) => r.method === 'PATCH');
    expect(stale.request.body).toEqual({ direccion_entrega: 'Plaza Mayor 3', version: 2 });
    stale.flush(
      { type: 'about:blank', title: 'Conflict', status: 409, detail: `Order ${NUMERO} is at version 3, not 2.` },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();
    await flushPedido(pedido(3, { direccion_entrega: 'Calle del Admin 9' }));

    const conflicto = byTestId('direccion-conflicto');
    expect(conflicto?.textContent).toContain('El pedido cambió mientras lo editabas');
    expect(conflicto?.textContent).toContain('Calle del Admin 9');
    expect((byTestId('direccion-input') as HTMLTextAreaElement).value).toBe('Plaza Mayor 3');
    expect(info).not.toHaveBeenCalled();

    await submitDireccion();
    const retry = httpMock.expectOne((r) => r.method === 'PATCH');
    expect(retry.request.body).toEqual({ direccion_entrega: 'Plaza Mayor 3', version: 3 });
    retry.flush(pedido(4, { direccion_entrega: 'Plaza Mayor 3' }));
    flushHistorial();
    await fixture.whenStable();

    expect(info).toHaveBeenCalledWith('Dirección de entrega actualizada.');
    expect(byTestId('direccion-input')).toBeNull();
    expect(byTestId('direccion-conflicto')).toBeNull();
    expect(byTestId('detalle-direccion')?.textContent?.trim()).toBe('Plaza Mayor 3');
  });

  it('closes the address edit when the order can no longer change', async () => {
    await flushPedido(pedido(2));
    await flushTracking(tracking(2));
    await typeDireccion('Plaza Mayor 3');

    await submitDireccion();
    httpMock
      .expectOne((r) => r.method === 'PATCH')
      .flush(
        { type: 'about:blank', title: 'Conflict', status: 409, detail: `Order ${NUMERO} is at version 3, not 2.` },
        { status: 409, statusText: 'Conflict' },
      );
    await fixture.whenStable();
    await flushPedido(pedido(3, { estado: 'EN_PREPARACION' }));

    expect(byTestId('direccion-input')).toBeNull();
    expect(byTestId('problem-message')?.textContent).toContain('ya no admite cambios de dirección');
  });

  it('checks the address before sending it', async () => {
    await flushPedido(pedido(2));
    await flushTracking(tracking(2));
    await typeDireccion('Calle Mayor 1\nPiso 2');

    await submitDireccion();

    httpMock.expectNone((r) => r.method === 'PATCH');
    expect(element().querySelector('mat-error')?.textContent).toContain('en una sola línea');
  });
});
