import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Observable, finalize } from 'rxjs';

import { Cliente } from '../../../core/api/models';
import { ApiError, applyFieldErrors, controlErrorText, toApiError } from '../../../core/errors/api-error';
import { ProblemMessage } from '../../../shared/problem-message';
import { VALIDADORES } from '../../../shared/validators';
import { ClientesService } from '../clientes.service';

export interface ClienteDialogData {
  /** The customer to edit, or null to create one with a login. */
  cliente: Cliente | null;
}

const CORREO_REGISTRADO = 'Este correo ya está registrado.';

/** Form to create a customer (with email and password) or edit one. It closes with the saved customer. */
@Component({
  selector: 'app-cliente-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    ProblemMessage,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './cliente-dialog.html',
})
export class ClienteDialog {
  private readonly service = inject(ClientesService);
  private readonly dialogRef = inject<MatDialogRef<ClienteDialog, Cliente>>(MatDialogRef);
  protected readonly cliente = inject<ClienteDialogData>(MAT_DIALOG_DATA).cliente;

  protected readonly form = inject(NonNullableFormBuilder).group({
    nombre: [this.cliente?.nombre ?? '', VALIDADORES.nombre],
    email: ['', this.cliente ? [] : VALIDADORES.email],
    password: ['', this.cliente ? [] : VALIDADORES.password],
    telefono: [this.cliente?.telefono ?? '', VALIDADORES.telefono],
    direccion: [this.cliente?.direccion ?? '', VALIDADORES.direccion],
    activo: [this.cliente?.activo ?? true],
  });
  protected readonly guardando = signal(false);
  protected readonly problem = signal<ApiError | null>(null);
  protected readonly errorText = controlErrorText;

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.guardando.set(true);
    this.problem.set(null);
    this.save()
      .pipe(finalize(() => this.guardando.set(false)))
      .subscribe({
        next: (cliente) => this.dialogRef.close(cliente),
        error: (error: unknown) => this.showError(error),
      });
  }

  private save(): Observable<Cliente> {
    const datos = this.form.getRawValue();
    const perfil = { nombre: datos.nombre.trim(), telefono: datos.telefono.trim(), direccion: datos.direccion.trim() };
    if (this.cliente) {
      return this.service.update(this.cliente.id, { ...perfil, activo: datos.activo });
    }
    return this.service.create({ ...perfil, email: datos.email.trim(), password: datos.password });
  }

  private showError(error: unknown): void {
    const apiError = toApiError(error, { 409: CORREO_REGISTRADO, 404: 'El cliente ya no existe.' });
    if (apiError.status === 409 && !this.cliente) {
      this.form.controls.email.setErrors({ server: CORREO_REGISTRADO });
      this.form.controls.email.markAsTouched();
    }
    this.problem.set({ ...apiError, fieldErrors: applyFieldErrors(this.form, apiError.fieldErrors) });
  }
}
