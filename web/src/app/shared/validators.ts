import { AbstractControl, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';

/**
 * Field rules of cliente-service and pedido-service, checked in the browser so that most
 * invalid values never reach the server. The services strip surrounding spaces before they
 * validate text (passwords excepted), and so do these validators.
 */
export const LIMITES = {
  nombre: 100,
  email: 254,
  passwordMinCaracteres: 8,
  // bcrypt hashes at most 72 bytes, and the API rejects longer passwords.
  passwordMaxBytes: 72,
  direccion: 200,
  direccionEntrega: 300,
  producto: 200,
  cantidad: 1000,
  busqueda: 100,
} as const;

/** Phone accepted by cliente-service: digits with an optional leading +, spaces, hyphens and parentheses. */
export const TELEFONO_PATTERN = /^\+?[0-9(][0-9 ()-]{4,22}[0-9]$/;

// Control characters (line breaks, tabs, NUL, DEL): the API accepts text on one line only.
const CONTROL_CHARACTERS = /[\x00-\x1f\x7f]/;

// The email check of pydantic (email-validator) needs a dot in the domain; Angular's does not.
const EMAIL_WITH_DOMAIN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const encoder = new TextEncoder();

function text(control: AbstractControl): string {
  return typeof control.value === 'string' ? control.value : '';
}

/** Like `Validators.required`, but a value of only spaces is missing too. */
export function requiredText(control: AbstractControl): ValidationErrors | null {
  return text(control).trim() === '' ? { required: true } : null;
}

/** Rejects line breaks, tabs and other control characters. */
export function singleLine(control: AbstractControl): ValidationErrors | null {
  return CONTROL_CHARACTERS.test(text(control)) ? { singleLine: true } : null;
}

export function telefono(control: AbstractControl): ValidationErrors | null {
  const value = text(control).trim();
  return value === '' || TELEFONO_PATTERN.test(value) ? null : { telefono: true };
}

/** Reports the `email` error for addresses whose domain has no dot, which the API rejects. */
export function emailWithDomain(control: AbstractControl): ValidationErrors | null {
  const value = text(control).trim();
  return value === '' || EMAIL_WITH_DOMAIN.test(value) ? null : { email: true };
}

/** Limits the UTF-8 length of a value, in bytes: "ñ" and accented letters take 2. */
export function maxUtf8Bytes(max: number): ValidatorFn {
  return (control) => {
    const bytes = encoder.encode(text(control)).length;
    return bytes > max ? { maxBytes: { max, actual: bytes } } : null;
  };
}

/** Like `Validators.minLength`, but counts code points as the API does, so an emoji counts once. */
export function minCharacters(min: number): ValidatorFn {
  return (control) => {
    const length = [...text(control)].length;
    return length > 0 && length < min ? { minlength: { requiredLength: min, actualLength: length } } : null;
  };
}

function maxTrimmedLength(max: number): ValidatorFn {
  return (control) => {
    const length = text(control).trim().length;
    return length > max ? { maxlength: { requiredLength: max, actualLength: length } } : null;
  };
}

function lineOfText(max: number): ValidatorFn[] {
  return [requiredText, maxTrimmedLength(max), singleLine];
}

/** Validators of each field, shared by the forms that edit it. */
export const VALIDADORES = {
  nombre: lineOfText(LIMITES.nombre),
  email: [requiredText, Validators.email, emailWithDomain, maxTrimmedLength(LIMITES.email)],
  password: [Validators.required, minCharacters(LIMITES.passwordMinCaracteres), maxUtf8Bytes(LIMITES.passwordMaxBytes)],
  telefono: [requiredText, telefono],
  direccion: lineOfText(LIMITES.direccion),
  direccionEntrega: lineOfText(LIMITES.direccionEntrega),
  producto: lineOfText(LIMITES.producto),
};
