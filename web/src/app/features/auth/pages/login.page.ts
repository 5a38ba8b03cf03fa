import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { finalize } from 'rxjs';

import { AuthStore } from '../../../core/auth/auth.store';
import { ApiError, controlErrorText, toApiError } from '../../../core/errors/api-error';
import { ProblemMessage } from '../../../shared/problem-message';
import { safeReturnUrl } from '../return-url';

/** Builds the Spanish message for a failed login from the token endpoint's RFC 6749 error. */
export function loginError(error: unknown): ApiError {
  const apiError = toApiError(error, { 401: 'Correo o contraseña incorrectos.' });
  if (apiError.oauthError === 'invalid_grant') {
    return { ...apiError, message: 'Correo o contraseña incorrectos, o la cuenta está desactivada.' };
  }
  if (error instanceof HttpErrorResponse && error.status === 400) {
    return { ...apiError, message: 'No se pudo iniciar sesión. Revisa el correo y la contraseña.' };
  }
  return apiError;
}

@Component({
  selector: 'app-login-page',
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
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './login.page.html',
  styleUrl: './auth-page.scss',
})
export class LoginPage {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);

  /** Page to open after login, from the `returnUrl` query parameter. */
  readonly returnUrl = input<string | undefined>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly enviando = signal(false);
  protected readonly problem = signal<ApiError | null>(null);
  protected readonly errorText = controlErrorText;

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { email, password } = this.form.getRawValue();
    this.enviando.set(true);
    this.problem.set(null);
    this.auth
      .login(email.trim(), password)
      .pipe(finalize(() => this.enviando.set(false)))
      .subscribe({
        next: () => void this.router.navigateByUrl(safeReturnUrl(this.returnUrl()) ?? this.auth.homeUrl()),
        error: (error: unknown) => this.problem.set(loginError(error)),
      });
  }
}
