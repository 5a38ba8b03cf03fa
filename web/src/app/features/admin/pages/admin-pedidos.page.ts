import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { Observable, filter, of, switchMap } from 'rxjs';

import { Cliente, ESTADOS, Estado } from '../../../core/api/models';
import { toApiError } from '../../../core/errors/api-error';
import { NotificationService } from '../../../core/errors/notification.service';
import { ConfirmDialog, ConfirmDialogData } from '../../../shared/confirm-dialog';
import { EstadoActions } from '../../../shared/estado-actions';
import { ETIQUETAS_ESTADO } from '../../../shared/estados';
import { Notice } from '../../../shared/notice';
import { PedidosTable } from '../../../shared/pedidos-table';
import { ProblemMessage } from '../../../shared/problem-message';
import { ClientePicker } from '../../clientes/components/cliente-picker';
import { AdminPedidosService } from '../admin-pedidos.service';

@Component({
  selector: 'app-admin-pedidos-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    PedidosTable,
    EstadoActions,
    ProblemMessage,
    Notice,
    ClientePicker,
  ],
  providers: [AdminPedidosService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './admin-pedidos.page.html',
  styleUrl: './admin-pedidos.page.scss',
})
export class AdminPedidosPage implements OnInit {
  protected readonly service = inject(AdminPedidosService);
  private readonly dialog = inject(MatDialog);
  private readonly notifications = inject(NotificationService);

  protected readonly estados = ESTADOS;
  protected readonly etiquetas = ETIQUETAS_ESTADO;
  protected readonly filtroEstado = new FormControl<Estado | null>(null);
  private readonly cliente = signal<Cliente | null>(null);

  constructor() {
    this.filtroEstado.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.applyFilters());
  }

  ngOnInit(): void {
    this.service.load();
  }

  protected selectCliente(cliente: Cliente | null): void {
    const changed = (cliente?.id ?? null) !== (this.cliente()?.id ?? null);
    this.cliente.set(cliente);
    if (changed) {
      this.applyFilters();
    }
  }

  protected changePage(event: PageEvent): void {
    this.service.changePage(event.pageIndex + 1, event.pageSize);
  }

  protected changeEstado(numero: string, estado: Estado): void {
    this.confirmIfCancel(numero, estado)
      .pipe(
        filter((confirmed) => confirmed),
        switchMap(() => this.service.changeEstado(numero, estado)),
      )
      .subscribe({
        next: () => this.notifications.info(`Pedido ${numero} pasado a «${ETIQUETAS_ESTADO[estado]}».`),
        error: (error: unknown) => {
          const message = 'Ese cambio de estado ya no es posible: el pedido ha cambiado. Se ha recargado la lista.';
          this.notifications.error(toApiError(error, { 409: message }).message);
          this.service.load();
        },
      });
  }

  private confirmIfCancel(numero: string, estado: Estado): Observable<boolean> {
    if (estado !== 'CANCELADO') {
      return of(true);
    }
    const data: ConfirmDialogData = {
      titulo: 'Cancelar pedido',
      mensaje: `¿Seguro que quieres cancelar el pedido ${numero}? No se puede deshacer.`,
      confirmar: 'Cancelar pedido',
    };
    return this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(switchMap((confirmed) => of(confirmed === true)));
  }

  private applyFilters(): void {
    this.service.filter(this.filtroEstado.value, this.cliente()?.id ?? null);
  }
}
