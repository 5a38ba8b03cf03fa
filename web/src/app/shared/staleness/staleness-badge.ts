import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

import { Clock } from '../../core/clock';
import { Staleness, describeStaleness } from './staleness';

const ICONOS: Record<Staleness['kind'], string> = {
  sincronizado: 'check_circle',
  desactualizado: 'schedule',
  actualizando: 'sync',
  comprobando: 'hourglass_empty',
  'sin-datos': 'cloud_off',
};

const EXPLICACIONES: Record<Staleness['kind'], string> = {
  sincronizado: 'El seguimiento tiene la misma versión que el pedido.',
  desactualizado: 'El seguimiento aún no ha recibido los últimos cambios del pedido.',
  actualizando: 'El seguimiento tiene una versión más nueva; recargando el pedido.',
  comprobando: 'Consultando el servicio de seguimiento.',
  'sin-datos': 'El servicio de seguimiento no ha respondido.',
};

/** Whether an order's tracking entry matches its current version, and how far behind it is. */
@Component({
  selector: 'app-staleness-badge',
  imports: [MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span
      class="badge"
      [class]="'badge ' + staleness().kind"
      data-testid="staleness-badge"
      [attr.data-staleness]="staleness().kind"
      [attr.title]="explicacion()"
    >
      <mat-icon aria-hidden="true" inline>{{ icono() }}</mat-icon>
      <span>{{ texto() }}</span>
    </span>
  `,
  styles: `
    .badge {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      font-size: 0.8125rem;
      color: #455a64;
    }
    mat-icon {
      flex-shrink: 0;
    }
    .sincronizado {
      color: #1b5e20;
    }
    .desactualizado {
      color: #8a3c00;
    }
    .sin-datos {
      color: #8c1d0b;
    }
  `,
})
export class StalenessBadge {
  private readonly clock = inject(Clock);

  readonly staleness = input.required<Staleness>();
  protected readonly texto = computed(() => describeStaleness(this.staleness(), this.clock.now()));
  protected readonly icono = computed(() => ICONOS[this.staleness().kind]);
  protected readonly explicacion = computed(() => EXPLICACIONES[this.staleness().kind]);
}
