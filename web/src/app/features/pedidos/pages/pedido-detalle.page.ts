import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { filter, switchMap } from 'rxjs';

import { Estado, Pedido } from '../../../core/api/models';
import { AuthStore } from '../../../core/auth/auth.store';
import { ApiError, applyFieldErrors, controlErrorText, toApiError } from '../../../core/errors/api-error';
import { NotificationService } from '../../../core/errors/notification.service';
import { ConfirmDialog, ConfirmDialogData } from '../../../shared/confirm-dialog';
import { EstadoActions } from '../../../shared/estado-actions';
import { ETIQUETAS_ESTADO, canCancel, canEdit } from '../../../shared/estados';
import { Notice } from '../../../shared/notice';
import { ProblemMessage } from '../../../shared/problem-message';
import { describeMissingEntry } from '../../../shared/staleness/staleness';
import { StalenessBadge } from '../../../shared/staleness/staleness-badge';
import { StatusChip } from '../../../shared/status-chip';
import { VALIDADORES } from '../../../shared/validators';
import { buildTimeline } from '../historial-autor';
import { PedidoDetalleService } from '../pedido-detalle.service';

const ESTADO_CAMBIADO =
  'El pedido ya no admite ese cambio de estado: ha cambiado mientras tanto. Se han recargado sus datos.';
const YA_NO_EDITABLE = 'El pedido cambió mientras lo editabas y ya no admite cambios de dirección.';

@Component({
  selector: 'app-pedido-detalle-page',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    RouterLink,
    MatCardModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    StatusChip,
    StalenessBadge,
    EstadoActions,
    ProblemMessage,
    Notice,
  ],
  providers: [PedidoDetalleService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './pedido-detalle.page.html',
  styleUrl: './pedido-detalle.page.scss',
})
export class PedidoDetallePage {
  protected readonly service = inject(PedidoDetalleService);
  protected readonly auth = inject(AuthStore);
  private readonly dialog = inject(MatDialog);
  private readonly notifications = inject(NotificationService);

  /** Order number from the route. */
  readonly numero = input.required<string>();

  protected readonly etiquetas = ETIQUETAS_ESTADO;
  protected readonly editable = computed(() => {
    const pedido = this.service.pedido();
    return pedido !== null && canEdit(pedido.estado);
  });
  protected readonly cancelable = computed(() => {
    const pedido = this.service.pedido();
    return pedido !== null && canCancel(pedido.estado);
  });
  protected readonly timeline = computed(() => buildTimeline(this.service.historial(), this.auth.clienteId()));
  protected readonly editando = signal(false);
  protected readonly problem = signal<ApiError | null>(null);
  /** The order as re-read after the address save met a change made meanwhile (409). */
  protected readonly conflictoDireccion = signal<Pedido | null>(null);
  protected readonly direccionForm = inject(NonNullableFormBuilder).group({
    direccion_entrega: ['', VALIDADORES.direccionEntrega],
  });
  protected readonly errorText = controlErrorText;
  protected readonly missingEntry = describeMissingEntry;
  /**
   * Version of the order that the address edit is based on. Live updates do not change it, so a
   * change made by someone else while the form is open makes the save fail instead of overwriting it.
   */
  private versionEditada = 0;

  constructor() {
    effect(() => {
      const numero = this.numero();
      untracked(() => {
        this.stopEditing();
        this.problem.set(null);
        this.service.load(numero);
      });
    });
  }

  protected startEditing(pedido: Pedido): void {
    this.direccionForm.reset({ direccion_entrega: pedido.direccion_entrega });
    this.versionEditada = pedido.version;
    this.conflictoDireccion.set(null);
    this.problem.set(null);
    this.editando.set(true);
  }

  protected stopEditing(): void {
    this.editando.set(false);
    this.conflictoDireccion.set(null);
  }

  protected saveDireccion(): void {
    if (this.direccionForm.invalid) {
      this.direccionForm.markAllAsTouched();
      return;
    }
    const direccion = this.direccionForm.getRawValue().direccion_entrega.trim();
    this.problem.set(null);
    this.service.updateDireccion(direccion, this.versionEditada).subscribe({
      next: () => {
        this.notifications.info('Dirección de entrega actualizada.');
        this.stopEditing();
      },
      error: (error: unknown) => this.handleDireccionError(error),
    });
  }

  protected confirmCancel(): void {
    const data: ConfirmDialogData = {
      titulo: 'Cancelar pedido',
      mensaje: `¿Seguro que quieres cancelar el pedido ${this.numero()}? No se puede deshacer.`,
      confirmar: 'Cancelar pedido',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(
        filter((confirmed) => confirmed === true),
        // Administrators cancel through the state change endpoint, customers through /cancelar.
        switchMap(() => (this.auth.isAdmin() ? this.service.changeEstado('CANCELADO') : this.service.cancel())),
      )
      .subscribe({
        next: () => this.notifications.info('Pedido cancelado.'),
        error: (error: unknown) => this.handleError(error, 'El pedido ya no se puede cancelar: ya ha salido.'),
      });
  }

  protected changeEstado(estado: Estado): void {
    if (estado === 'CANCELADO') {
      this.confirmCancel();
      return;
    }
    this.problem.set(null);
    this.service.changeEstado(estado).subscribe({
      next: () => this.notifications.info(`Pedido pasado a «${ETIQUETAS_ESTADO[estado]}».`),
      error: (error: unknown) => this.handleError(error, ESTADO_CAMBIADO),
    });
  }

  /**
   * Shows why an address save failed. A 409 means the order changed since the edit started. The form stays open with the user's text
   * and the order is read again: the notice shows its current address, and a retry is based on it.
   */
  private handleDireccionError(error: unknown): void {
    const apiError = toApiError(error);
    if (apiError.status !== 409) {
      this.problem.set({ ...apiError, fieldErrors: applyFieldErrors(this.direccionForm, apiError.fieldErrors) });
      return;
    }
    this.conflictoDireccion.set(null);
    this.service.refresh().subscribe({
      next: (actual) => {
        if (!canEdit(actual.estado)) {
          this.stopEditing();
          this.problem.set({ ...apiError, message: YA_NO_EDITABLE });
          return;
        }
        this.versionEditada = actual.version;
        this.conflictoDireccion.set(actual);
      },
      error: (refreshError: unknown) => {
        this.stopEditing();
        this.problem.set(toApiError(refreshError));
      },
    });
  }

  private handleError(error: unknown, conflictMessage: string): void {
    const apiError = toApiError(error, { 409: conflictMessage });
    this.problem.set(apiError);
    if (apiError.status === 409) {
      this.stopEditing();
      this.service.load(this.numero());
    }
  }
}
