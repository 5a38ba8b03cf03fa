import { ChangeDetectionStrategy, Component, OnInit, effect, inject, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';

import { ApiError, applyFieldErrors, controlErrorText, toApiError } from '../../../core/errors/api-error';
import { NotificationService } from '../../../core/errors/notification.service';
import { ProblemMessage } from '../../../shared/problem-message';
import { VALIDADORES } from '../../../shared/validators';
import { PerfilService } from '../perfil.service';

@Component({
  selector: 'app-perfil-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    ProblemMessage,
  ],
  providers: [PerfilService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page-header"><h1>Mi perfil</h1></header>
    @if (service.cargando() || service.guardando()) {
      <mat-progress-bar mode="indeterminate" aria-label="Cargando" />
    }
    <app-problem-message [problem]="service.error()" />
    @if (service.cliente(); as cliente) {
      <mat-card appearance="outlined" class="form-card">
        <mat-card-content>
          <p>
            Correo: <strong>{{ cliente.email }}</strong>
          </p>
          <form [formGroup]="form" (ngSubmit)="submit()" novalidate class="form" data-testid="perfil-form">
            <mat-form-field>
              <mat-label>Nombre</mat-label>
              <input matInput formControlName="nombre" autocomplete="name" />
              <mat-error>{{ errorText(form.controls.nombre) }}</mat-error>
            </mat-form-field>
            <mat-form-field>
              <mat-label>Teléfono</mat-label>
              <input matInput type="tel" formControlName="telefono" autocomplete="tel" />
              <mat-error>{{ errorText(form.controls.telefono) }}</mat-error>
            </mat-form-field>
            <mat-form-field>
              <mat-label>Dirección</mat-label>
              <textarea matInput rows="2" formControlName="direccion" autocomplete="street-address"></textarea>
              <mat-hint>Se propone como dirección de entrega en los pedidos nuevos.</mat-hint>
              <mat-error>{{ errorText(form.controls.direccion) }}</mat-error>
            </mat-form-field>
            <app-problem-message [problem]="problem()" />
            <div class="form-actions">
              <button mat-flat-button type="submit" [disabled]="service.guardando()">Guardar cambios</button>
            </div>
          </form>
        </mat-card-content>
      </mat-card>
    }
  `,
})
export class PerfilPage implements OnInit {
  protected readonly service = inject(PerfilService);
  private readonly notifications = inject(NotificationService);

  protected readonly form = inject(NonNullableFormBuilder).group({
    nombre: ['', VALIDADORES.nombre],
    telefono: ['', VALIDADORES.telefono],
    direccion: ['', VALIDADORES.direccion],
  });
  protected readonly problem = signal<ApiError | null>(null);
  protected readonly errorText = controlErrorText;

  constructor() {
    effect(() => {
      const cliente = this.service.cliente();
      untracked(() => {
        if (cliente) {
          this.form.reset({ nombre: cliente.nombre, telefono: cliente.telefono, direccion: cliente.direccion });
        }
      });
    });
  }

  ngOnInit(): void {
    this.service.load();
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const datos = this.form.getRawValue();
    this.problem.set(null);
    this.service
      .save({ nombre: datos.nombre.trim(), telefono: datos.telefono.trim(), direccion: datos.direccion.trim() })
      .subscribe({
        next: () => this.notifications.info('Perfil guardado.'),
        error: (error: unknown) => {
          const apiError = toApiError(error);
          this.problem.set({ ...apiError, fieldErrors: applyFieldErrors(this.form, apiError.fieldErrors) });
        },
      });
  }
}
