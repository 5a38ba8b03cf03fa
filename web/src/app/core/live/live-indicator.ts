import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';

import { LiveStatusService } from './live-status.service';

/** Toolbar marker of the live update stream: "En vivo" while connected, else "Reconectando…". */
@Component({
  selector: 'app-live-indicator',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (status() !== 'inactivo') {
      <span
        class="live"
        [class.on]="status() === 'en-vivo'"
        role="status"
        data-testid="live-indicator"
        [attr.data-status]="status()"
        [attr.title]="titulo()"
      >
        <span class="dot" aria-hidden="true"></span>
        {{ texto() }}
      </span>
    }
  `,
  styles: `
    .live {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      padding: 2px 10px;
      border-radius: 12px;
      font-size: 0.8125rem;
      background: rgba(255, 255, 255, 0.16);
      white-space: nowrap;
    }
    .dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: #ffb300;
    }
    .on .dot {
      background: #69f0ae;
    }
  `,
})
export class LiveIndicator {
  private readonly live = inject(LiveStatusService);
  protected readonly status = this.live.status;
  protected readonly texto = computed(() => (this.status() === 'en-vivo' ? 'En vivo' : 'Reconectando…'));
  protected readonly titulo = computed(() =>
    this.status() === 'en-vivo'
      ? 'Los cambios de estado llegan al momento.'
      : 'Sin conexión a las actualizaciones en vivo; reintentando.',
  );
}
