import { HttpErrorResponse } from '@angular/common/http';
import { AbstractControl, FormGroup } from '@angular/forms';

import { detailMessage, fieldLabel, fieldMessage, fieldName } from './server-messages';

/** One entry of a problem+json `errors` list, with Spanish texts in place of the server's. */
export interface FieldError {
  /** Field path as the server sent it, such as `email` or `body.email`. */
  field: string;
  /** Spanish name of the field, or '' for an error about the whole request. */
  label: string;
  message: string;
}

/** A failed request reduced to what the UI shows. */
export interface ApiError {
  /** HTTP status, 0 when the server could not be reached, -1 when the failure was not an HTTP response. */
  status: number;
  /** Readable Spanish sentence for a notice or snackbar. */
  message: string;
  fieldErrors: FieldError[];
  /** RFC 6749 `error` code from the token endpoint, such as `invalid_grant`. */
  oauthError: string | null;
}

/** Per-status Spanish messages that replace the defaults for one action. */
export type MensajesPorEstado = Partial<Record<number, string>>;

const MENSAJES: Record<number, string> = {
  0: 'No se pudo conectar con el servidor. Comprueba tu conexión e inténtalo de nuevo.',
  400: 'La petición no es válida. Revisa los datos e inténtalo de nuevo.',
  401: 'Tu sesión ha caducado. Vuelve a iniciar sesión.',
  403: 'No tienes permiso para realizar esta acción.',
  404: 'No se ha encontrado lo que buscas.',
  409: 'Los datos han cambiado mientras tanto. Recarga la página e inténtalo de nuevo.',
  413: 'Los datos enviados son demasiado grandes.',
  422: 'Revisa los campos marcados.',
  429: 'Demasiadas peticiones seguidas. Espera un momento y vuelve a intentarlo.',
  502: 'Un servicio no responde en este momento. Inténtalo de nuevo en unos minutos.',
  503: 'Un servicio no está disponible en este momento. Inténtalo de nuevo en unos minutos.',
  504: 'Un servicio ha tardado demasiado en responder. Inténtalo de nuevo en unos minutos.',
};

const MENSAJE_GENERICO = 'Ha ocurrido un error inesperado. Inténtalo de nuevo.';

/**
 * Converts any request failure into an {@link ApiError} with a Spanish message. The message is
 * the caller's for that status, else the one for a known `detail` text, else the status default.
 */
export function toApiError(error: unknown, mensajes: MensajesPorEstado = {}): ApiError {
  if (!(error instanceof HttpErrorResponse)) {
    return { status: -1, message: MENSAJE_GENERICO, fieldErrors: [], oauthError: null };
  }
  const status = error.status;
  const body: unknown = error.error;
  const message =
    mensajes[status] ??
    (isRecord(body) ? detailMessage(body['detail']) : null) ??
    MENSAJES[status] ??
    (status >= 500 ? MENSAJES[503] : MENSAJE_GENERICO);
  return { status, message, fieldErrors: readFieldErrors(body), oauthError: readOauthError(body) };
}

/** Reads the `errors` list with Spanish texts, one entry per field. */
function readFieldErrors(body: unknown): FieldError[] {
  if (!isRecord(body) || !Array.isArray(body['errors'])) {
    return [];
  }
  const byField = new Map<string, FieldError>();
  for (const entry of body['errors'].filter(isRecord)) {
    const field = String(entry['field'] ?? '');
    if (!byField.has(field)) {
      byField.set(field, { field, label: fieldLabel(field), message: fieldMessage(field) });
    }
  }
  return [...byField.values()];
}

function readOauthError(body: unknown): string | null {
  return isRecord(body) && typeof body['error'] === 'string' ? body['error'] : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Puts each server field error on the form control of the same name (the last segment of a
 * dotted path such as `body.email`) and returns the errors that match no control.
 */
export function applyFieldErrors(form: FormGroup, fieldErrors: readonly FieldError[]): FieldError[] {
  const unmatched: FieldError[] = [];
  for (const fieldError of fieldErrors) {
    const name = fieldName(fieldError.field);
    const control = name === '' ? null : form.get(name);
    if (control) {
      control.setErrors({ ...(control.errors ?? {}), server: fieldError.message });
      control.markAsTouched();
    } else {
      unmatched.push(fieldError);
    }
  }
  return unmatched;
}

/** Returns the Spanish text for the first validation error of a control, or an empty string. */
export function controlErrorText(control: AbstractControl | null): string {
  const errors = control?.errors;
  if (!errors) {
    return '';
  }
  if (errors['server']) {
    return String(errors['server']);
  }
  if (errors['required']) {
    return 'Este campo es obligatorio.';
  }
  if (errors['email']) {
    return 'Introduce un correo electrónico válido.';
  }
  if (errors['telefono']) {
    return 'Introduce un teléfono válido (solo números, espacios, +, paréntesis y guiones).';
  }
  if (errors['singleLine']) {
    return 'Escríbelo en una sola línea, sin saltos de línea ni tabuladores.';
  }
  if (errors['maxBytes']) {
    return `No puede superar ${errors['maxBytes'].max} bytes: la ñ y las letras con tilde ocupan 2 bytes.`;
  }
  if (errors['minlength']) {
    return `Debe tener al menos ${errors['minlength'].requiredLength} caracteres.`;
  }
  if (errors['maxlength']) {
    return `No puede superar ${errors['maxlength'].requiredLength} caracteres.`;
  }
  if (errors['min']) {
    return `El valor mínimo es ${errors['min'].min}.`;
  }
  if (errors['max']) {
    return `El valor máximo es ${errors['max'].max}.`;
  }
  if (errors['pattern']) {
    return 'El formato no es válido.';
  }
  return 'El valor no es válido.';
}
