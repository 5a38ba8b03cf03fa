import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';

import { Estado } from '../core/api/models';
import { ETIQUETAS_ESTADO, nextEstados } from './estados';

/** One button per state the order may move to next. */
@Component({
  selector: 'app-estado-actions',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="actions" role="group" aria-label="Cambiar estado">
      @for (siguiente of siguientes(); track siguiente) {
        <button
          type="button"
          [attr.data-testid]="'estado-btn-' + siguiente"
          [class.cancelar]="siguiente === 'CANCELADO'"
          mat-stroked-button
          [disabled]="disabled()"
          (click)="cambiar.emit(siguiente)"
        >
          {{ siguiente === 'CANCELADO' ? 'Cancelar' : 'Pasar a ' + etiquetas[siguiente].toLowerCase() }}
        </button>
      } @empty {
        <span class="final">Sin cambios posibles</span>
      }
    </div>
  `,
  styles: `
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      --mat-button-outlined-container-height: 32px;
      --mat-button-outlined-horizontal-padding: 12px;
    }
    button {
      white-space: nowrap;
    }
    .cancelar {
      color: #b3261e;
    }
    .final {
      color: #5f6368;
      font-size: 0.875rem;
    }
  `,
})
export class EstadoActions {
  readonly estado = input.required<Estado>();
  readonly disabled = input(false);
  readonly cambiar = output<Estado>();

  protected readonly etiquetas = ETIQUETAS_ESTADO;
  protected readonly siguientes = computed(() => nextEstados(this.estado()));
}
