import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { filter, switchMap, timer } from 'rxjs';

import { toApiError } from '../../../core/errors/api-error';
import { NotificationService } from '../../../core/errors/notification.service';
import { ConfirmDialog, ConfirmDialogData } from '../../../shared/confirm-dialog';
import { ProblemMessage } from '../../../shared/problem-message';
import { SincronizacionService } from '../sincronizacion.service';

/** How often the panel re-reads the replication state while it is open. */
const REFRESH_MS = 10_000;

/** Spanish duration such as "45 s", "12 min" or "3 h 5 min". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || seconds < 0) {
    return '—';
  }
  const whole = Math.round(seconds);
  if (whole < 60) {
    return `${whole} s`;
  }
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

@Component({
  selector: 'app-sincronizacion-page',
  imports: [DatePipe, MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule, ProblemMessage],
  providers: [SincronizacionService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './sincronizacion.page.html',
  styleUrl: './sincronizacion.page.scss',
})
export class SincronizacionPage {
  protected readonly service = inject(SincronizacionService);
  private readonly dialog = inject(MatDialog);
  private readonly notifications = inject(NotificationService);
  protected readonly formatDuration = formatDuration;

  constructor() {
    timer(0, REFRESH_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.service.load());
  }

  protected confirmRebuild(): void {
    const data: ConfirmDialogData = {
      titulo: 'Reconstruir el seguimiento',
      mensaje:
        'Se volverán a enviar todos los pedidos al servicio de seguimiento. ' +
        'Úsalo si Redis ha perdido datos; mientras tanto, la cola de pendientes crecerá.',
      confirmar: 'Reconstruir',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(
        filter((confirmed) => confirmed === true),
        switchMap(() => this.service.rebuild()),
      )
      .subscribe({
        next: () => this.notifications.info('Reconstrucción en marcha: todos los pedidos están en cola.'),
        error: (error: unknown) => this.notifications.error(toApiError(error).message),
      });
  }
}
