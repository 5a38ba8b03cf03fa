import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { Pedido } from '../core/api/models';
import { PedidoFila } from '../core/tracking/tracked-pedidos';
import { PedidosTable } from './pedidos-table';

function fila(producto: string): PedidoFila {
  const pedido: Pedido = {
    numero: 'PED-7K2M9Q4XZT',
    cliente_id: 'c-1',
    producto,
    cantidad: 3,
    direccion_entrega: 'Calle Mayor 1',
    estado: 'EN_PREPARACION',
    version: 3,
    creado_en: '2026-01-10T12:00:00Z',
    actualizado_en: '2026-01-10T12:00:00Z',
  };
  return { pedido, tracking: undefined, staleness: { kind: 'sincronizado' } };
}

describe('PedidosTable', () => {
  let fixture: ComponentFixture<PedidosTable>;

  beforeEach(() => {
    TestBed.configureTestingModule({ imports: [PedidosTable], providers: [provideRouter([])] });
    fixture = TestBed.createComponent(PedidosTable);
  });

  async function render(producto: string): Promise<HTMLElement> {
    fixture.componentRef.setInput('filas', [fila(producto)]);
    await fixture.whenStable();
    return (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-testid="pedido-row"] td.producto')!;
  }

  it('isolates the product name from the text around it', async () => {
    const cell = await render('\u202eorbiL');

    const bdi = cell.querySelector('bdi');
    expect(bdi?.textContent).toBe('\u202eorbiL');
    expect(cell.textContent).toContain('× 3');
  });

  it('clips a long product name and keeps it as the title', async () => {
    const largo = 'x'.repeat(200);

    const cell = await render(largo);

    const recortado = cell.querySelector('.recortado');
    expect(recortado?.getAttribute('title')).toBe(largo);
    expect(recortado?.querySelector('bdi')?.textContent).toBe(largo);
  });
});
