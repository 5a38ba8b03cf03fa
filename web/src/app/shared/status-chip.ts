import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { Estado } from '../core/api/models';
import { ETIQUETAS_ESTADO } from './estados';

/** Coloured label of an order state. */
@Component({
  selector: 'app-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="chip" [class]="clase()" data-testid="status-chip" [attr.data-estado]="estado()">{{
    etiqueta()
  }}</span>`,
  styles: `
    .chip {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 12px;
      font-size: 0.8125rem;
      font-weight: 500;
      line-height: 1.5;
      white-space: nowrap;
      background: #e0e0e0;
      color: #212121;
    }
    .estado-creado {
      background: #e3f2fd;
      color: #0d47a1;
    }
    .estado-confirmado {
      background: #e8eaf6;
      color: #1a237e;
    }
    .estado-en_preparacion {
      background: #fff3e0;
      color: #8a3c00;
    }
    .estado-enviado {
      background: #e0f7fa;
      color: #004d57;
    }
    .estado-en_reparto {
      background: #f3e5f5;
      color: #4a148c;
    }
    .estado-entregado {
      background: #e8f5e9;
      color: #1b5e20;
    }
    .estado-cancelado {
      background: #fbe9e7;
      color: #8c1d0b;
    }
  `,
})
export class StatusChip {
  readonly estado = input.required<Estado>();
  protected readonly etiqueta = computed(() => ETIQUETAS_ESTADO[this.estado()] ?? this.estado());
  protected readonly clase = computed(() => `chip estado-${this.estado().toLowerCase()}`);
}
