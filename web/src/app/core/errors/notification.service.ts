import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';

/** Short messages in a snackbar at the bottom of the screen. */
@Injectable({ providedIn: 'root' })
export class NotificationService {
  private readonly snackBar = inject(MatSnackBar);

  info(message: string): void {
    this.snackBar.open(message, 'Cerrar', { duration: 5000, panelClass: 'aviso-info' });
  }

  error(message: string): void {
    this.snackBar.open(message, 'Cerrar', { duration: 10000, panelClass: 'aviso-error', politeness: 'assertive' });
  }
}
