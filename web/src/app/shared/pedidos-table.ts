import { DatePipe, NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, TemplateRef, computed, input } from '@angular/core';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';

import { PedidoFila } from '../core/tracking/tracked-pedidos';
import { StalenessBadge } from './staleness/staleness-badge';
import { StatusChip } from './status-chip';

/** Orders with their state and tracking staleness; each number links to the order's page. */
@Component({
  selector: 'app-pedidos-table',
  imports: [MatTableModule, RouterLink, DatePipe, NgTemplateOutlet, StatusChip, StalenessBadge],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './pedidos-table.html',
  styleUrl: './pedidos-table.scss',
})
export class PedidosTable {
  readonly filas = input.required<PedidoFila[]>();
  readonly mostrarCliente = input(false);
  /** Extra cells rendered in an "Acciones" column, with the row as implicit context. */
  readonly acciones = input<TemplateRef<{ $implicit: PedidoFila }> | null>(null);

  protected readonly columnas = computed(() => {
    const columnas = ['numero', 'producto', 'estado', 'seguimiento', 'actualizado'];
    if (this.mostrarCliente()) {
      columnas.splice(2, 0, 'cliente');
    }
    if (this.acciones()) {
      columnas.push('acciones');
    }
    return columnas;
  });

  protected readonly trackByNumero = (_index: number, fila: PedidoFila) => fila.pedido.numero;
}
