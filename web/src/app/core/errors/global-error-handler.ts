import { ErrorHandler, Injectable, Injector, inject } from '@angular/core';

import { NotificationService } from './notification.service';

/** Logs every uncaught error once and shows a snackbar, so a failure does not leave a silent blank page. */
@Injectable()
export class GlobalErrorHandler implements ErrorHandler {
  private readonly injector = inject(Injector);

  handleError(error: unknown): void {
    console.error(error);
    try {
      // Resolved on use: the snackbar depends on services that may themselves be failing to start.
      this.injector.get(NotificationService).error('Ha ocurrido un error inesperado. Si se repite, recarga la página.');
    } catch (notifyError) {
      console.error(notifyError);
    }
  }
}
