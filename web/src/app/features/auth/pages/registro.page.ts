import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';

import { AuthStore } from '../../../core/auth/auth.store';
import { ApiError, applyFieldErrors, controlErrorText, toApiError } from '../../../core/errors/api-error';
import { NotificationService } from '../../../core/errors/notification.service';
import { ProblemMessage } from '../../../shared/problem-message';
import { VALIDADORES } from '../../../shared/validators';
import { RegistroService } from '../registro.service';

export const CORREO_REGISTRADO = 'Este correo ya está registrado. Inicia sesión o usa otro correo.';

@Component({
  selector: 'app-registro-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    MatProgressBarModule,
    ProblemMessage,
  ],
  providers: [RegistroService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './registro.page.html',
  styleUrl: './auth-page.scss',
})
export class RegistroPage {
  private readonly registro = inject(RegistroService);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly notifications = inject(NotificationService);

  protected readonly form = inject(NonNullableFormBuilder).group({
    nombre: ['', VALIDADORES.nombre],
    email: ['', VALIDADORES.email],
    password: ['', VALIDADORES.password],
    telefono: ['', VALIDADORES.telefono],
    direccion: ['', VALIDADORES.direccion],
  });
  protected readonly enviando = this.registro.enviando;
  protected readonly problem = signal<ApiError | null>(null);
  protected readonly errorText = controlErrorText;

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const datos = this.form.getRawValue();
    this.problem.set(null);
    const cliente = {
      ...datos,
      nombre: datos.nombre.trim(),
      email: datos.email.trim(),
      telefono: datos.telefono.trim(),
      direccion: datos.direccion.trim(),
    };
    this.registro.register(cliente).subscribe({
      next: (resultado) => {
        if (resultado === 'sin-sesion') {
          this.notifications.info('Cuenta creada. Inicia sesión con tu correo y tu contraseña.');
          void this.router.navigateByUrl('/login');
          return;
        }
        void this.router.navigateByUrl(this.auth.homeUrl());
      },
      error: (error: unknown) => this.showError(error),
    });
  }

  private showError(error: unknown): void {
    const apiError = toApiError(error, { 409: CORREO_REGISTRADO });
    if (apiError.status === 409) {
      this.form.controls.email.setErrors({ server: CORREO_REGISTRADO });
      this.form.controls.email.markAsTouched();
    }
    const unmatched = applyFieldErrors(this.form, apiError.fieldErrors);
    this.problem.set({ ...apiError, fieldErrors: unmatched });
  }
}
