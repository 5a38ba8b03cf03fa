import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { Observable, filter, switchMap } from 'rxjs';

import { Estado, Pedido } from '../../../core/api/models';
import { AuthStore } from '../../../core/auth/auth.store';
import { ApiError, applyFieldErrors, controlErrorText, toApiError } from '../../../core/errors/api-error';
import { NotificationService } from '../../../core/errors/notification.service';
import { ConfirmDialog, ConfirmDialogData } from '../../../shared/confirm-dialog';
import { EstadoActions } from '../../../shared/estado-actions';
import { ETIQUETAS_ESTADO, canCancel, canEdit } from '../../../shared/estados';
import { Notice } from '../../../shared/notice';
import { ProblemMessage } from '../../../shared/problem-message';
import { StalenessBadge } from '../../../shared/staleness/staleness-badge';
import { StatusChip } from '../../../shared/status-chip';
import { buildTimeline } from '../historial-autor';
import { PedidoDetalleService } from '../pedido-detalle.service';

const CAMBIADO_MIENTRAS_TANTO = 'El pedido ha cambiado mientras tanto. Se han recargado sus datos; revísalos.';

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
  protected readonly direccionForm = inject(NonNullableFormBuilder).group({
    direccion_entrega: ['', [Validators.required, Validators.maxLength(500)]],
  });
  protected readonly errorText = controlErrorText;

  constructor() {
    effect(() => {
      const numero = this.numero();
      untracked(() => {
        this.editando.set(false);
        this.problem.set(null);
        this.service.load(numero);
      });
    });
  }

  protected startEditing(pedido: Pedido): void {
    this.direccionForm.reset({ direccion_entrega: pedido.direccion_entrega });
    this.problem.set(null);
    this.editando.set(true);
  }

  protected saveDireccion(): void {
    if (this.direccionForm.invalid) {
      this.direccionForm.markAllAsTouched();
      return;
    }
    const direccion = this.direccionForm.getRawValue().direccion_entrega.trim();
    this.run(this.service.updateDireccion(direccion), 'Dirección de entrega actualizada.', () =>
      this.editando.set(false),
    );
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
    this.run(this.service.changeEstado(estado), `Pedido pasado a «${ETIQUETAS_ESTADO[estado]}».`);
  }

  private run(request: Observable<Pedido>, done: string, onSuccess?: () => void): void {
    this.problem.set(null);
    request.subscribe({
      next: () => {
        this.notifications.info(done);
        onSuccess?.();
      },
      error: (error: unknown) => this.handleError(error, CAMBIADO_MIENTRAS_TANTO),
    });
  }

  private handleError(error: unknown, conflictMessage: string): void {
    const apiError = toApiError(error, { 409: conflictMessage });
    const unmatched = applyFieldErrors(this.direccionForm, apiError.fieldErrors);
    this.problem.set({ ...apiError, fieldErrors: unmatched });
    if (apiError.status === 409) {
      this.editando.set(false);
      this.service.load(this.numero());
    }
  }
}
